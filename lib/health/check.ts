import "server-only";
import { env } from "../config/env";
import { describeDatabaseUrl } from "../database-url";
import { db } from "../db";
import { backgroundPoller } from "../provisioning/background";

export interface HealthReport {
  status: "ok" | "degraded";
  mode: "sandbox" | "live";
  database: { ok: boolean; provider: string; latencyMs: number; error?: string };
  sandbox?: { ok: boolean; url: string; latencyMs: number; error?: string };
  /** This replica's provisioning poller: the leader polls Graph, standbys serve what it stores. */
  poller: { state: "leader" | "standby" | "off"; polls: number };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await work();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : undefined;
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: code ? `unreachable (${code})` : "unreachable" };
  }
}

/** Database and sandbox reachability. Error texts are short codes, never connection strings. */
export async function checkHealth(): Promise<HealthReport> {
  const { IB_MODE, DATABASE_URL, SANDBOX_URL } = env();
  const [database, sandbox] = await Promise.all([
    timed(() => db().$queryRaw`SELECT 1`),
    IB_MODE === "sandbox"
      ? timed(async () => {
          const response = await fetch(new URL("/_sandbox/health", SANDBOX_URL), { signal: AbortSignal.timeout(2_000), cache: "no-store" });
          if (!response.ok) throw Object.assign(new Error("bad status"), { code: `HTTP ${response.status}` });
        })
      : undefined,
  ]);
  const ok = database.ok && (sandbox?.ok ?? true);
  return {
    status: ok ? "ok" : "degraded",
    mode: IB_MODE,
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
