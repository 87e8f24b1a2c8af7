import "server-only";
import { POLL_BACKOFF, backoffDelay, sleep, type Backoff } from "./call";
import { AwsGatewayError } from "./errors";

export type AsyncStatus = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

export interface AsyncProgress {
  status: AsyncStatus;
  /** Polls made so far, including this one. */
  polls: number;
  elapsedMs: number;
  failureReason?: string;
}

export interface PollOptions {
  backoff?: Backoff;
  onProgress?: (progress: AsyncProgress) => void | Promise<void>;
}

/**
 * Polls one of sso-admin's async operations until it settles (the JS SDK has no waiters for them).
 * Running out of time is a timeout error; the operation itself carries on in AWS and can be re-polled.
 */
export async function pollAsyncOperation(
  operation: string,
  describe: () => Promise<{ status: AsyncStatus; failureReason?: string }>,
  options: PollOptions = {},
): Promise<{ status: "SUCCEEDED" | "FAILED"; failureReason?: string; polls: number }> {
  const backoff = options.backoff ?? POLL_BACKOFF;
  const started = Date.now();
  for (let polls = 1; ; polls++) {
    const current = await describe();
    const elapsedMs = Date.now() - started;
    await options.onProgress?.({ status: current.status, polls, elapsedMs, failureReason: current.failureReason });
    if (current.status !== "IN_PROGRESS") return { status: current.status, failureReason: current.failureReason, polls };
    const wait = backoffDelay(backoff, polls - 1);
    if (elapsedMs + wait > backoff.timeoutMs) {
      throw new AwsGatewayError({
        kind: "timeout",
        operation,
        message: `AWS had not finished after ${Math.round(elapsedMs / 1000)} s. It carries on in AWS: check again in a few minutes.`,
      });
    }
    await sleep(wait);
  }
}

export const asAsyncStatus = (status: string | undefined): AsyncStatus => (status === "SUCCEEDED" || status === "FAILED" ? status : "IN_PROGRESS");
