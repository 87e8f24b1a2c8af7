import "server-only";
import type { GraphRequest } from "@microsoft/microsoft-graph-client";
import type { GraphGateway } from "./client";
import { EntraGatewayError, gatewayMessage, isEntraGatewayError, type EntraErrorKind } from "./errors";

/** A Graph collection page. */
export interface GraphPage<T> {
  value?: T[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
}

/** One Graph call: records its request id(s) in the request context and turns any failure into an EntraGatewayError. */
export function callGraph<T>(gateway: GraphGateway, operation: string, run: () => Promise<unknown>): Promise<T> {
  return gateway.run(operation, run) as Promise<T>;
}

/** Runs a lookup whose "not found" answer is a normal outcome, not a failure. */
export async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if (isEntraGatewayError(error, "not-found")) return null;
    throw error;
  }
}

export interface ListOptions {
  /** Sent on every page (e.g. ConsistencyLevel: eventual for advanced queries). */
  headers?: Record<string, string>;
  /** Stop after this many items (large tenants): the result says whether it was cut. */
  maxItems?: number;
}

/**
 * Follows @odata.nextLink to the end through the gateway's own client (https://learn.microsoft.com/graph/paging: never rebuild
 * $skiptoken). The SDK's PageIterator only follows https links, so links are rewritten onto the configured base.
 */
export async function listAll<T>(
  gateway: GraphGateway,
  operation: string,
  first: GraphRequest,
  options: ListOptions = {},
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let request: GraphRequest | undefined = first;
  while (request) {
    const current: GraphRequest = request;
    if (options.headers) current.headers(options.headers);
    const page = await callGraph<GraphPage<T>>(gateway, operation, () => current.get());
    items.push(...(page.value ?? []));
    const link = page["@odata.nextLink"];
    if (options.maxItems !== undefined && items.length >= options.maxItems)
      return { items: items.slice(0, options.maxItems), truncated: Boolean(link) || items.length > options.maxItems };
    request = link ? gateway.requestForLink(link) : undefined;
  }
  return { items, truncated: false };
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** Give up once this much time has passed since the start. */
  timeoutMs: number;
}

/** Poll every 5–10 s for up to about two minutes after instantiate: new objects take a while to replicate. */
export const REPLICATION_BACKOFF: Backoff = { initialMs: 2_000, maxMs: 10_000, timeoutMs: 150_000 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
  return Math.max(backoff.initialMs / 2, Math.round(ceiling * random()));
}

export interface ReplicationProgress {
  /** Attempts made so far, including the failed one just reported. */
  attempt: number;
  elapsedMs: number;
  /** What Graph answered: the object is not visible yet (404) or not yet authorized (403/409). */
  waitingOn: EntraErrorKind;
  nextWaitMs: number;
}

const REPLICATION_KINDS: readonly EntraErrorKind[] = ["not-found", "forbidden", "conflict"];

/**
 * Retries `run` while Graph still answers 404/403/409 for a just-created object (https://learn.microsoft.com/graph/api/applicationtemplate-instantiate), reporting
 * each wait. Running out of time is a "replicating" error: the object exists, so a retry later adopts it.
 */
export async function waitOutReplication<T>(
  operation: string,
  run: () => Promise<T>,
  options: { backoff?: Backoff; onProgress?: (progress: ReplicationProgress) => void | Promise<void>; retryOn?: readonly EntraErrorKind[] } = {},
): Promise<T> {
  const backoff = options.backoff ?? REPLICATION_BACKOFF;
  const retryOn = options.retryOn ?? REPLICATION_KINDS;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isEntraGatewayError(error) || !retryOn.includes(error.kind)) throw error;
      const elapsedMs = Date.now() - started;
      const wait = backoffDelay(backoff, attempt - 1);
      if (elapsedMs + wait > backoff.timeoutMs) {
        throw new EntraGatewayError({
          kind: "replicating",
          operation,
          message: gatewayMessage("replicating"),
          requestId: error.requestId,
          graphCode: error.graphCode,
          httpStatus: error.httpStatus,
          detail: error.detail,
          cause: error,
        });
      }
      await options.onProgress?.({ attempt, elapsedMs, waitingOn: error.kind, nextWaitMs: wait });
      await sleep(wait);
    }
  }
}

/** Path segment for a user key: UPNs of guests carry '#', which must be escaped (https://learn.microsoft.com/graph/api/user-get). */
export const segment = (value: string) => encodeURIComponent(value).replace(/%40/g, "@");

/** An OData string literal ('O''Brien'). */
export const odataLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A query value ready for the SDK, which passes them through verbatim ('#', '&', '+' would break the URL). */
export const queryValue = (value: string) => encodeURIComponent(value);

export { mapLimit } from "../concurrency";
