import "server-only";
import { env } from "../config/env";
import { describeDatabaseUrl } from "../database-url";
import { db } from "../db";
import { backgroundPoller } from "../provisioning/background";

export interface HealthReport {
  status: "ok" | "degraded";
  mode: "sandbox" | "live";
  /** When the database and sandbox were last probed: answers within PROBE_CACHE_MS reuse one probe. */
  checkedAt: string;
  database: { ok: boolean; provider: string; latencyMs: number; error?: string };
  sandbox?: { ok: boolean; url: string; latencyMs: number; error?: string };
  /** This replica's provisioning poller: the leader polls Graph, standbys serve what it stores. */
  poller: { state: "leader" | "standby" | "off"; polls: number };
}

/**
 * `/api/health` is public, so a flood of requests must not become a flood of probes: one probe result serves every
 * request for this long, and requests arriving while a probe runs wait for that same probe.
 */
export const PROBE_CACHE_MS = 5_000;

type Probe = { ok: boolean; latencyMs: number; error?: string };
interface Probes {
  at: number;
  database: Probe;
  sandbox?: Probe;
}

// Shared by every copy of this module Next.js loads, like the rate limits.
const globalForHealth = globalThis as unknown as { identityBridgeHealth?: { last?: Probes; inflight?: Promise<Probes> } };

async function timed<T>(work: () => Promise<T>): Promise<Probe> {
  const started = performance.now();
  try {
    await work();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : undefined;
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: code ? `unreachable (${code})` : "unreachable" };
  }
}

async function probeSandbox(sandboxUrl: string): Promise<void> {
  const response = await fetch(new URL("/_sandbox/health", sandboxUrl), { signal: AbortSignal.timeout(2_000), cache: "no-store" });
  // Only the status matters, but the (small) body is read to its end: an unread reply keeps its connection and
  // buffers until garbage collection, and the connection goes back to the keep-alive pool
  // (https://undici.nodejs.org/#/?id=garbage-collection).
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw Object.assign(new Error("bad status"), { code: `HTTP ${response.status}` });
}

async function runProbes(): Promise<Probes> {
  const { IB_MODE, SANDBOX_URL } = env();
  const [database, sandbox] = await Promise.all([
    timed(() => db().$queryRaw`SELECT 1`),
    IB_MODE === "sandbox" ? timed(() => probeSandbox(SANDBOX_URL)) : undefined,
  ]);
  return { at: Date.now(), database, sandbox };
}

/** The latest probe if it is younger than PROBE_CACHE_MS, else the running one, else a new one. */
function probes(now: number): Promise<Probes> {
  const state = (globalForHealth.identityBridgeHealth ??= {});
  if (state.last && now - state.last.at < PROBE_CACHE_MS) return Promise.resolve(state.last);
  state.inflight ??= runProbes()
    .then((result) => (state.last = result))
    .finally(() => (state.inflight = undefined));
  return state.inflight;
}

/** Forget the cached probe (tests). */
export function resetHealthCache(): void {
  globalForHealth.identityBridgeHealth = {};
}

/** Database and sandbox reachability. Error texts are short codes, never connection strings. */
export async function checkHealth(now = Date.now()): Promise<HealthReport> {
  const { IB_MODE, DATABASE_URL, SANDBOX_URL } = env();
  const { at, database, sandbox } = await probes(now);
  const ok = database.ok && (sandbox?.ok ?? true);
  return {
    status: ok ? "ok" : "degraded",
    mode: IB_MODE,
    checkedAt: new Date(at).toISOString(),
    database: { ...database, provider: describeDatabaseUrl(DATABASE_URL).split(" ")[0] ?? "unknown" },
    sandbox: sandbox ? { ...sandbox, url: SANDBOX_URL } : undefined,
    poller: pollerState(),
  };
}

function pollerState(): HealthReport["poller"] {
  const poller = backgroundPoller();
  if (!poller) return { state: "off", polls: 0 };
  return { state: poller.isLeader ? "leader" : "standby", polls: poller.polls };
}
