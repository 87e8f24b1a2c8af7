import type { IncomingHttpHeaders } from "node:http";
import type { SandboxClock } from "./clock";
import type { FaultKnobs } from "./faults";

/** One parsed request as every emulator module sees it. */
export interface SandboxRequest {
  method: string;
  /** Full URL including query, e.g. http://127.0.0.1:4010/graph/v1.0/users?$top=5 */
  url: URL;
  /** Path with the module prefix removed, e.g. "/v1.0/users" for a request to "/graph/v1.0/users". */
  path: string;
  /** The request target exactly as sent (path and query, still percent-encoded): what a SigV4 signature covers. */
  rawUrl?: string;
  /** The prefix that matched, e.g. "/graph". */
  prefix: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Unique per request; emulators echo it the way the real service does (x-amzn-requestid, request-id). */
  requestId: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Shared services handed to every module: one clock, one set of fault knobs, the public base URL. */
export interface SandboxContext {
  baseUrl: string;
  clock: SandboxClock;
  faults: FaultKnobs;
  /** Modules may look each other up (e.g. the provisioning engine reads the AWS module's state). */
  module<T extends SandboxModule>(name: string): T | undefined;
}

/**
 * An emulator mounted under path prefixes. `handle` returns undefined when it has nothing at that path,
 * and the server answers a plain 404.
 */
export interface SandboxModule {
  name: string;
  /** Path prefixes this module answers; the longest matching prefix wins, e.g. ["/aws", "/scim", "/awsapps"]. */
  prefixes: string[];
  handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse | undefined> | SandboxResponse | undefined;
  /** Drop all state and re-seed. */
  reset(ctx: SandboxContext, options?: SeedOptions): void | Promise<void>;
  /** Counts for GET /_sandbox/state. */
  summary(): Record<string, unknown>;
  /**
   * Shape an injected fault (429 / 5xx) the way this service really answers it (Graph error body,
   * AWS x-amzn-errortype). Without it the server sends a plain JSON error.
   */
  faultResponse?(req: SandboxRequest, fault: { status: number; retryAfterSeconds?: number }): SandboxResponse;
  /**
   * POST /_sandbox/seed: add to the current state without resetting it (e.g. more member accounts);
   * returns what was added. Modules without it ignore the call.
   */
  seed?(ctx: SandboxContext, options: SeedOptions): Record<string, unknown>;
  /** Stop timers; called when the server closes. */
  close?(): void;
}

export interface SeedOptions {
  /** Extra generated users on top of the hand-made demo ones (benchmarks use 100,000). */
  users?: number;
  groups?: number;
  /** Generated AWS member accounts (ids 8000000000nn, names `<ou-path>-nnn`), spread round-robin over `ous`. */
  accounts?: number;
  /** OU paths under the root, nested with "/" (e.g. "Workloads/Prod"); missing levels are created. */
  ous?: string[];
}
