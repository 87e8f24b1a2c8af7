import "server-only";
import { recordRequestId } from "../request-context";
import { isAwsGatewayError, toGatewayError } from "./errors";

interface HasMetadata {
  $metadata: { requestId?: string };
}

/** One SDK call: records its request id in the request context and turns any failure into an AwsGatewayError. */
export async function callAws<T extends HasMetadata>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    const output = await run();
    if (output.$metadata.requestId) recordRequestId(output.$metadata.requestId);
    return output;
  } catch (error) {
    const mapped = toGatewayError(operation, error);
    if (mapped.requestId) recordRequestId(mapped.requestId);
    throw mapped;
  }
}

/** Walks an SDK paginator, recording each page's request id and mapping failures like callAws. */
export async function* pagesOf<T extends HasMetadata>(operation: string, paginator: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = paginator[Symbol.asyncIterator]();
  for (;;) {
    let step: IteratorResult<T>;
    try {
      step = await iterator.next();
    } catch (error) {
      const mapped = toGatewayError(operation, error);
      if (mapped.requestId) recordRequestId(mapped.requestId);
      throw mapped;
    }
    if (step.done) return;
    if (step.value.$metadata.requestId) recordRequestId(step.value.$metadata.requestId);
    yield step.value;
  }
}

/** Runs a lookup whose "not found" answer is a normal outcome, not a failure. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return null;
    throw error;
  }
}

export interface Backoff {
  /** First wait. */
  initialMs: number;
  /** Longest single wait. */
  maxMs: number;
  /** Give up once this much time has passed since the start. */
  timeoutMs: number;
}

/** Asynchronous operations (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html): start near 1 s, back off to about 10 s, give up after about 5 minutes. */
export const POLL_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 10_000, timeoutMs: 300_000 };
/** ConflictException means "another write is in flight": short waits, bounded overall. */
export const CONFLICT_BACKOFF: Backoff = { initialMs: 500, maxMs: 5_000, timeoutMs: 60_000 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before attempt `attempt` (0-based), with full jitter so parallel callers spread out. */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
  return Math.max(backoff.initialMs / 2, Math.round(ceiling * random()));
}

/**
 * The SDK never retries ConflictException (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html), yet AWS answers it while a permission set is
 * provisioning or an assignment is in flight and asks callers to retry with backoff: this does so.
 */
export async function retryOnConflict<T>(run: () => Promise<T>, backoff: Backoff = CONFLICT_BACKOFF): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isAwsGatewayError(error, "conflict")) throw error;
      const wait = backoffDelay(backoff, attempt);
      if (Date.now() - started + wait > backoff.timeoutMs) throw error;
      await sleep(wait);
    }
  }
}

export { mapLimit } from "../concurrency";
