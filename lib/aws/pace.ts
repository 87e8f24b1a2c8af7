import { pagesOf, sleep } from "./call";

/**
 * Spaces calls to at most `perSecond` starts per second, shared by everyone holding the pacer. IAM Identity
 * Center's APIs share a collective throttle of 20 requests per second
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html), so reads that fan out keep under it
 * rather than leaning on the SDK's throttling retries.
 */
export function createPacer(perSecond: number): () => Promise<void> {
  const spacing = 1000 / perSecond;
  let nextSlot = 0;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacing;
    if (slot > now) await sleep(slot - now);
  };
}

/** No pacing (tests, single calls). */
export const unpaced = async () => undefined;

/**
 * pagesOf with a pacer slot taken before each request: the first page, and each further page only when the
 * previous one had a NextToken (the SDK paginator stops without a request otherwise).
 */
export async function* pacedPagesOf<T extends { $metadata: { requestId?: string }; NextToken?: string }>(
  operation: string,
  paginator: AsyncIterable<T>,
  pace: () => Promise<void>,
): AsyncGenerator<T> {
  const pages = pagesOf(operation, paginator);
  await pace();
  for (;;) {
    const step = await pages.next();
    if (step.done) return;
    yield step.value;
    if (!step.value.NextToken) return;
    await pace();
  }
}
