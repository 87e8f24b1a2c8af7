import "server-only";
import type { AwsClients } from "../aws/clients";
import type { Database } from "../db";
import { log } from "../log";
import { runAwsJob, type RunAwsJobOptions, type RunAwsJobResult } from "./runner";

/**
 * Interrupted AWS jobs resume by themselves. A job whose runner died (kill -9, a deploy, a crash) keeps its
 * operations and their AWS request ids in the database, and its lease runs out; the resumer finds such jobs and runs
 * them again with the same durable runner, which polls what was already submitted and looks up what was caught
 * mid-submit (so nothing is lost or sent twice). Every replica runs a resumer; the lease (claimAwsJob, a conditional
 * update) lets exactly one of them take a given job, on SQLite and PostgreSQL alike.
 */

export interface ResumerTiming {
  /** How often to look for interrupted jobs. */
  intervalMs: number;
  /**
   * A job that never ran is left this long to the request that created it (it claims the job right away), so the
   * resumer does not race it; past this, the creator died before running it and the resumer takes it.
   */
  unclaimedGraceMs: number;
}

export const RESUMER_TIMING: ResumerTiming = { intervalMs: 15_000, unclaimedGraceMs: 60_000 };

/** Jobs to resume now: unfinished, nobody's lease alive, and either run before (interrupted) or long unclaimed. */
export async function interruptedAwsJobs(database: Database, now: Date = new Date(), unclaimedGraceMs = RESUMER_TIMING.unclaimedGraceMs): Promise<string[]> {
  const rows = await database.awsJob.findMany({
    where: {
      status: { in: ["pending", "running"] },
      AND: [
        { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
        { OR: [{ runs: { gt: 0 } }, { createdAt: { lt: new Date(now.getTime() - unclaimedGraceMs) } }] },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: 20,
  });
  return rows.map((r) => r.id);
}

export interface ResumePassOptions extends Omit<RunAwsJobOptions, "clients"> {
  /** The clients to run with (the caller makes them only when there is a job to resume, and destroys them). */
  clients: () => AwsClients;
  unclaimedGraceMs?: number;
}

/** One pass: every interrupted job, one after the other (they share the instance's request budget anyway). */
export async function resumeInterruptedAwsJobs(database: Database, options: ResumePassOptions): Promise<{ jobId: string; result: RunAwsJobResult }[]> {
  const { clients, unclaimedGraceMs, ...runOptions } = options;
  const ids = await interruptedAwsJobs(database, new Date(), unclaimedGraceMs);
  const results: { jobId: string; result: RunAwsJobResult }[] = [];
  for (const jobId of ids) {
    // Another replica may have taken it since the query: the claim refuses ("held"), and this pass moves on.
    const result = await runAwsJob(database, jobId, { ...runOptions, clients: clients() });
    if (result.ok) log("info", "aws job resumed", { jobId, status: result.progress.status, total: result.progress.total });
    else if (result.reason === "lease-lost") log("warn", "aws job resumed elsewhere", { jobId });
    results.push({ jobId, result });
  }
  return results;
}

export interface AwsJobResumer {
  stop(): Promise<void>;
  /** Look now (tests; after a restart the first pass runs at once anyway). */
  wake(): void;
  readonly passes: number;
}

export interface ResumerOptions {
  database: Database;
  /** Builds the clients for a pass (the AWS connection may change between passes); destroyed when the pass ends. */
  createClients: () => Promise<AwsClients>;
  timing?: Partial<ResumerTiming>;
  run?: Omit<RunAwsJobOptions, "clients">;
}

/**
 * The background loop: a pass at start-up, then every `intervalMs`. One pass at a time; the wait is interruptible
 * and its timer unref'd, so the resumer never keeps the process alive; stop() waits for the pass under way.
 */
export function startAwsJobResumer(options: ResumerOptions): AwsJobResumer {
  const timing = { ...RESUMER_TIMING, ...options.timing };
  let stopped = false;
  let passes = 0;
  let wakeUp: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeUp = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref();
    }).finally(() => {
      wakeUp = undefined;
      if (timer) clearTimeout(timer);
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        // Clients only when there is something to resume: most passes find nothing.
        const ids = await interruptedAwsJobs(options.database, new Date(), timing.unclaimedGraceMs);
        if (ids.length && !stopped) {
          const clients = await options.createClients();
          try {
            await resumeInterruptedAwsJobs(options.database, { ...options.run, unclaimedGraceMs: timing.unclaimedGraceMs, clients: () => clients });
          } finally {
            clients.destroy();
          }
        }
      } catch (error) {
        log("warn", "aws job resumer pass failed", { error: error instanceof Error ? error.message : String(error) });
      }
      passes += 1;
      if (!stopped) await sleep(timing.intervalMs);
    }
  })();

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
    wake() {
      wakeUp?.();
    },
    get passes() {
      return passes;
    },
  };
}
