import { CreateGroupCommand } from "@aws-sdk/client-identitystore";
import { CreatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { SANDBOX } from "../../sandbox/fixtures";
import { createAwsClients, resolveAwsTarget } from "../aws/clients";
import { testDatabase } from "../testing/database";
import { JOB_CLIENT_OPTIONS, runAwsJob } from "./runner";
import { createAwsJob, type NewAwsJobOperation } from "./store";
import { watchAwsJob, type AwsJobProgressView } from "./watch";

// Issue 13: a job's progress is pushed to the open page — at once from this process's runner, through the database
// from another replica's — and a step's page follows the newest job of its kind.
const database = testDatabase();
const admin = { email: "portal.admin@contoso.test", role: "admin" };
const InstanceArn = SANDBOX.aws.instanceArn;
let s: AwsSandbox;

const ops = (n: number, permissionSetArn = "arn:aws:sso:::permissionSet/ssoins-x/ps-x", principalId = "g-1"): NewAwsJobOperation[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: "create-assignment",
    params: { accountId: SANDBOX.aws.memberAccountIds[i % SANDBOX.aws.memberAccountIds.length] ?? "", permissionSetArn: `${permissionSetArn}${i >= SANDBOX.aws.memberAccountIds.length ? i : ""}`, principalType: "GROUP", principalId, label: `op ${i}` },
  }));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  s = await startAws({ unlimited: true });
  await s.admin("POST", "/settings", { asyncDelayMs: 100 });
});
afterAll(async () => {
  await s.close();
  await database.$disconnect();
});
beforeEach(async () => {
  await database.awsJob.deleteMany({});
});

describe("watching an AWS job's progress", () => {
  it("pushes each change of a job run in this process, through to the settled job", async () => {
    const groupId = (await s.ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: `Watchers ${Date.now()}` }))).GroupId ?? "";
    const arn = (await s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: `Watch${Date.now() % 100000}` }))).PermissionSet?.PermissionSetArn ?? "";
    const operations: NewAwsJobOperation[] = SANDBOX.aws.memberAccountIds.map((accountId) => ({ kind: "create-assignment", params: { accountId, permissionSetArn: arn, principalType: "GROUP", principalId: groupId } }));
    const { jobId } = await createAwsJob(database, { kind: "test", title: "watched", instanceArn: InstanceArn, actor: admin, operations });
    const views: AwsJobProgressView[] = [];
    // The database check is slowed right down: what arrives comes from the runner's own events.
    const unwatch = watchAwsJob(() => database, { jobId }, (v) => views.push(v), 60_000);
    const clients = createAwsClients(resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: s.server.url }), JOB_CLIENT_OPTIONS);
    try {
      const result = await runAwsJob(database, jobId, { clients });
      expect(result.ok).toBe(true);
      await until("the settled view", () => (views.at(-1)?.status === "succeeded" ? true : undefined));
    } finally {
      unwatch();
      clients.destroy();
    }
    const last = views.at(-1);
    expect(last).toMatchObject({ jobId, status: "succeeded", total: operations.length, done: operations.length, failed: 0, inFlight: 0, finishedAt: expect.any(String) });
    expect(views.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < views.length; i++) expect(views[i]?.done ?? 0).toBeGreaterThanOrEqual(views[i - 1]?.done ?? 0);
    // Only what the page needs: no creator, no lease.
    expect(JSON.stringify(views)).not.toContain(admin.email);
  }, 60_000);

  it("sees progress another replica writes to the database (no event in this process)", async () => {
    const { jobId } = await createAwsJob(database, { kind: "test", title: "elsewhere", instanceArn: InstanceArn, actor: admin, operations: ops(4) });
    const views: AwsJobProgressView[] = [];
    const unwatch = watchAwsJob(() => database, { jobId }, (v) => views.push(v), 100);
    try {
      await until("the first view", () => views[0]);
      expect(views[0]).toMatchObject({ status: "pending", done: 0, total: 4 });
      await database.awsJobOperation.updateMany({ where: { jobId }, data: { status: "succeeded" } });
      await database.awsJob.update({ where: { id: jobId }, data: { status: "succeeded", finishedAt: new Date() } });
      await until("the other replica's progress", () => (views.at(-1)?.status === "succeeded" ? true : undefined));
    } finally {
      unwatch();
    }
    expect(views.at(-1)).toMatchObject({ status: "succeeded", done: 4, total: 4 });
  });

  it("follows the newest job of a kind, created after the page opened", async () => {
    const views: AwsJobProgressView[] = [];
    const unwatch = watchAwsJob(() => database, { kind: "account-access", federationId: null }, (v) => views.push(v), 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(views).toEqual([]);
      const { jobId } = await createAwsJob(database, { kind: "account-access", title: "Setup: 3 account assignments", instanceArn: InstanceArn, actor: admin, operations: ops(3) });
      const seen = await until("the new job", () => views.find((v) => v.jobId === jobId));
      expect(seen).toMatchObject({ title: "Setup: 3 account assignments", total: 3 });
    } finally {
      unwatch();
    }
  });
});
