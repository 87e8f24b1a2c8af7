import { spawn } from "node:child_process";
import path from "node:path";
import { CreateGroupCommand } from "@aws-sdk/client-identitystore";
import {
  CreatePermissionSetCommand,
  ProvisionPermissionSetCommand,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignmentsForPrincipal,
} from "@aws-sdk/client-sso-admin";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { SANDBOX } from "../../sandbox/fixtures";
import { testDatabase } from "../testing/database";
import { interruptedAwsJobs, startAwsJobResumer } from "./resumer";
import { JOB_CLIENT_OPTIONS, runAwsJob } from "./runner";
import { createAwsJob, readAwsJobProgress, type NewAwsJobOperation } from "./store";

// Issue 13, the durable job runner, on each database provider: a 150-operation job (50 accounts × 3 groups) killed
// midway and resumed ends with exactly 150 assignments and no operation sent twice; throttling and conflicts change nothing.
const database = testDatabase();
const InstanceArn = SANDBOX.aws.instanceArn;
const IdentityStoreId = SANDBOX.aws.identityStoreId;
const admin = { email: "portal.admin@contoso.test", role: "admin" };
let s: AwsSandbox;
let clients: AwsClients;

async function post(route: string, body: unknown) {
  const response = await fetch(`${s.server.url}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.ok, route).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

/** 50 seeded member accounts in nested OUs, the three project groups and their permission sets: 150 operations. */
async function seed150(): Promise<{ operations: NewAwsJobOperation[]; groupIds: string[] }> {
  const seeded = (await post("/_sandbox/seed", { accounts: 50, ous: ["Workloads/Prod", "Workloads/Dev", "Sandbox/Team A"] })) as {
    seeded: { aws: { accounts: { id: string }[] } };
  };
  const accounts = seeded.seeded.aws.accounts.map((a) => a.id);
  expect(accounts).toHaveLength(50);
  const groupIds: string[] = [];
  const arns: string[] = [];
  for (const [group, set] of [
    ["Project Admins", "ProjectAdmin"],
    ["Project Users", "ProjectUser"],
    ["Project Readers", "ProjectReader"],
  ] as const) {
    groupIds.push((await s.ids.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: group }))).GroupId ?? "");
    arns.push((await s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: set }))).PermissionSet?.PermissionSetArn ?? "");
  }
  const operations = accounts.flatMap((accountId) =>
    groupIds.map((principalId, i): NewAwsJobOperation => ({
      kind: "create-assignment",
      params: { accountId, permissionSetArn: arns[i] ?? "", principalType: "GROUP", principalId, label: `group ${i}` },
    })),
  );
  return { operations, groupIds };
}

/** What AWS holds: the groups' assignments, and every CreateAccountAssignment it was ever sent. */
async function awsSide(groupIds: string[]) {
  let assignments = 0;
  const seen = new Set<string>();
  for (const PrincipalId of groupIds)
    for await (const page of paginateListAccountAssignmentsForPrincipal({ client: s.sso }, { InstanceArn, PrincipalId, PrincipalType: "GROUP" }))
      for (const a of page.AccountAssignments ?? []) {
        assignments++;
        seen.add(`${a.AccountId}|${a.PermissionSetArn}|${a.PrincipalId}`);
      }
  let creations = 0;
  for await (const page of paginateListAccountAssignmentCreationStatus({ client: s.sso }, { InstanceArn }))
    creations += page.AccountAssignmentsCreationStatus?.length ?? 0;
  return { assignments, distinct: seen.size, creations };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the job in a child process and SIGKILLs it once it is midway: some operations done, some waiting in AWS. */
async function killMidway(jobId: string, midway: (p: NonNullable<Awaited<ReturnType<typeof readAwsJobProgress>>>) => boolean) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", path.join("lib", "aws-jobs", "testing", "run-job-child.ts"), jobId, "1500"],
    { env: { ...process.env, SANDBOX_URL: s.server.url }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    await until("the child to be midway", async () => {
      const p = await readAwsJobProgress(database, jobId);
      return p && midway(p) ? p : undefined;
    });
  } catch (error) {
    throw new Error(`${String(error)}; child said: ${output}`);
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

beforeAll(() => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
});
afterAll(async () => database.$disconnect());

beforeEach(async () => {
  await database.awsJob.deleteMany({});
  // The documented limits: 20 requests/s shared, at most 10 outstanding assignment operations.
  s = await startAws({ unlimited: false });
  await s.admin("POST", "/settings", { asyncDelayMs: 300, rateLimits: { identitycenter: 20 }, maxOutstandingAssignments: 10 });
  clients = createAwsClients(
    resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: s.server.url }),
    JOB_CLIENT_OPTIONS,
  );
});

afterEach(async () => {
  clients.destroy();
  await s.close();
});

describe("the AWS job runner", () => {
  it("a 150-operation job killed midway (SIGKILL) and resumed ends with exactly 150 assignments, none sent twice", async () => {
    const { operations, groupIds } = await seed150();
    const { jobId } = await createAwsJob(database, { kind: "test", title: "150 assignments", instanceArn: InstanceArn, actor: admin, operations });

    // Killed with operations in every state: some done, some waiting in AWS.
    await killMidway(jobId, (p) => p.byStatus.succeeded >= 40 && p.byStatus.submitted > 0);
    const atKill = await readAwsJobProgress(database, jobId);
    expect(atKill?.byStatus.succeeded).toBeLessThan(150);

    // Another runner cannot take it while the dead one's lease lasts; once it has run out, it resumes.
    const first = await runAwsJob(database, jobId, { clients, leaseMs: 1500 });
    const result = first.ok
      ? first
      : await until("the lease to run out", async () => {
          const r = await runAwsJob(database, jobId, { clients, leaseMs: 1500 });
          return r.ok ? r : r.reason === "held" ? undefined : r;
        });
    expect(result).toMatchObject({ ok: true, progress: { status: "succeeded", total: 150, byStatus: { succeeded: 150, failed: 0 } } });

    const rows = await database.awsJobOperation.findMany({ where: { jobId } });
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map((r) => r.key)).size).toBe(150);
    // Each operation was sent to AWS once: 150 distinct async request ids, and AWS saw 150 creations in all.
    const ids = rows.map((r) => r.asyncRequestId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await awsSide(groupIds)).toEqual({ assignments: 150, distinct: 150, creations: 150 });

    // Each operation is audited with its request ids, as the person who created the job (one per operation settled;
    // an operation settled in the killed process just before its audit row is re-audited by neither run).
    const rowsOfJob = await database.auditEvent.findMany({ where: { action: "aws.create-assignment", after: { contains: jobId } } });
    const audited = rowsOfJob.filter((a) => a.result !== "intent");
    // Every operation's intent was written before AWS heard of it, linked by the operation's id; so an operation
    // the killed process settled without its outcome row still has a row. (A kill between the intent and the
    // operation's "submitting" mark writes a second intent on resume: at least one each, never none.)
    const intents = rowsOfJob.filter((a) => a.result === "intent");
    const operationIds = new Set(rows.map((r) => r.id));
    expect(new Set(intents.map((i) => i.correlationId))).toEqual(operationIds);
    for (const a of audited) expect(operationIds.has(a.correlationId ?? "")).toBe(true);
    expect(audited.length).toBeGreaterThanOrEqual(140);
    expect(audited.length).toBeLessThanOrEqual(150);
    expect(new Set(audited.map((a) => a.target)).size).toBe(audited.length);
    for (const a of audited) {
      expect(a.actor).toBe(admin.email);
      expect(JSON.parse(a.requestIds).length).toBeGreaterThan(0);
    }
  }, 180_000);

  it("the background resumer finishes a job left midway once its lease runs out: nothing lost, nothing sent twice", async () => {
    const { operations, groupIds } = await seed150();
    const { jobId } = await createAwsJob(database, {
      kind: "test",
      title: "60 assignments",
      instanceArn: InstanceArn,
      actor: admin,
      operations: operations.slice(0, 60),
    });
    // A job created a moment ago that nobody has claimed yet belongs to the request that created it: left alone.
    const { jobId: fresh } = await createAwsJob(database, {
      kind: "test",
      title: "just created",
      instanceArn: InstanceArn,
      actor: admin,
      operations: operations.slice(60, 63),
    });
    await killMidway(jobId, (p) => p.byStatus.succeeded >= 15 && p.byStatus.submitted > 0);
    const atKill = await readAwsJobProgress(database, jobId);
    expect(atKill?.status).toBe("running");
    expect(atKill?.byStatus.succeeded).toBeLessThan(60);

    // Nobody triggers it: the resumer (as instrumentation starts it) waits for the dead runner's lease, then finishes it.
    const resumer = startAwsJobResumer({
      database,
      createClients: () =>
        Promise.resolve(
          createAwsClients(
            resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: s.server.url }),
            JOB_CLIENT_OPTIONS,
          ),
        ),
      timing: { intervalMs: 200 },
      run: { leaseMs: 1500 },
    });
    try {
      await until(
        "the resumer to finish the job",
        async () => ((await readAwsJobProgress(database, jobId))?.status === "succeeded" ? true : undefined),
        120_000,
      );
    } finally {
      await resumer.stop();
    }
    expect(resumer.passes).toBeGreaterThan(0);
    expect(await readAwsJobProgress(database, jobId)).toMatchObject({ status: "succeeded", total: 60, byStatus: { succeeded: 60, failed: 0 } });
    const rows = await database.awsJobOperation.findMany({ where: { jobId } });
    const ids = rows.map((r) => r.asyncRequestId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await awsSide(groupIds)).toEqual({ assignments: 60, distinct: 60, creations: 60 });
    const job = await database.awsJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.runs).toBeGreaterThanOrEqual(2);

    // The fresh job was not taken; once its creator has been gone for the grace period, it is.
    expect(await database.awsJob.findUniqueOrThrow({ where: { id: fresh } })).toMatchObject({ status: "pending", runs: 0 });
    expect(await interruptedAwsJobs(database)).toEqual([]);
    expect(await interruptedAwsJobs(database, new Date(Date.now() + 61_000))).toEqual([fresh]);
  }, 180_000);

  it("throttling (fault knobs) and conflicts (a provisioning in flight) change nothing in the result", async () => {
    const { operations, groupIds } = await seed150();
    const { jobId } = await createAwsJob(database, { kind: "test", title: "150 with faults", instanceArn: InstanceArn, actor: admin, operations });
    // A third of the creations and status calls answer 429 for a while; the SDK and the runner retry them.
    await post("/_sandbox/faults", { match: "AccountAssignment", throttleRetryAfterSeconds: 1, rate: 0.3, times: 60 });
    // A provisioning of ProjectAdmin to every account is in flight: assignments of it answer ConflictException until it ends.
    const adminSet = operations[0]?.params.permissionSetArn ?? "";
    await s.sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: adminSet, TargetType: "ALL_PROVISIONED_ACCOUNTS" }));

    const result = await runAwsJob(database, jobId, { clients, conflictBackoff: { initialMs: 100, maxMs: 500, timeoutMs: 30_000 } });
    expect(result).toMatchObject({ ok: true, progress: { status: "succeeded", total: 150, byStatus: { succeeded: 150, failed: 0 } } });
    expect(await awsSide(groupIds)).toEqual({ assignments: 150, distinct: 150, creations: 150 });
  }, 180_000);

  it("exactly one runner holds a job: a second one is refused while the lease lasts", async () => {
    const { operations } = await seed150();
    const { jobId } = await createAwsJob(database, {
      kind: "test",
      title: "twice",
      instanceArn: InstanceArn,
      actor: admin,
      operations: operations.slice(0, 12),
    });
    const [a, b] = await Promise.all([runAwsJob(database, jobId, { clients }), runAwsJob(database, jobId, { clients })]);
    const oks = [a, b].filter((r) => r.ok);
    expect(oks).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false });
    expect((await readAwsJobProgress(database, jobId))?.byStatus.succeeded).toBe(12);
  }, 60_000);
});
