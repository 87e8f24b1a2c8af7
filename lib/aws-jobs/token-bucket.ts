/**
 * Our own pacing below IAM Identity Center's collective limit of 20 requests per second
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html), so that the SDK's throttling retries are
 * the exception rather than the way the job is paced. `take()` resolves when a request may be sent.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    /** Tokens added per second. */
    readonly ratePerSecond: number,
    /** The most tokens held at once (the burst). */
    readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new Error("a token bucket needs a positive rate and a capacity of at least 1");
    this.tokens = capacity;
    this.last = now();
  }

  private refill() {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Waits for one token; callers are served in the order they asked. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      if (this.tokens < 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
