import { CreateGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsModule } from "../../sandbox/aws";
import { startSandbox, type SandboxServer } from "../../sandbox/core/server";
import { createEntraModule } from "../../sandbox/entra";
import { SANDBOX } from "../../sandbox/fixtures";
import { testDatabase } from "../testing/database";
import { previewStep, runSetupStep } from "./run-step";
import { loadChecklist } from "./store";
import { driveChecklist } from "./testing/drive-checklist";

// Issue 13, setup step 15 (account-access): OUs expand to their nested accounts, the preview is a diff (create, keep,
// none removed), a group SCIM has not created in AWS yet is waited for, and verify reads ListAccountAssignments.
const database = testDatabase();
let server: SandboxServer;
const admin = { email: "portal.admin@contoso.test", name: "Portal Admin" };

async function sandbox<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${route}`).toBe(true);
  return (await response.json()) as T;
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  process.env.SANDBOX_URL = server.url;
  process.env.IB_MODE = "sandbox";
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

beforeEach(async () => {
  await database.federation.deleteMany({});
  await database.awsJob.deleteMany({});
  await sandbox("POST", "/_sandbox/reset");
  await sandbox("POST", "/_sandbox/aws/settings", { asyncDelayMs: 100, rateLimits: { identitycenter: 20 } });
  await sandbox("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
});

describe("setup step 15: give the project groups access to accounts", () => {
  it("expands an OU to its nested accounts, previews a diff, waits for a group SCIM has not created yet, and verifies", async () => {
    await driveChecklist(database, { federationId: "it-access", sandboxUrl: server.url, until: "permission-sets" });
    const seeded = await sandbox<{ seeded: { aws: { accounts: { id: string; path: string }[] } } }>("POST", "/_sandbox/seed", {
      accounts: 4,
      ous: ["Teams/Alpha/Deep", "Teams/Beta"],
    });
    const organization = await sandbox<{ ous: { id: string; path: string }[] }>("GET", "/_sandbox/aws/organization");
    const teams = organization.ous.find((o) => o.path === "Teams")?.id ?? "";
    const inTeams = seeded.seeded.aws.accounts.map((a) => a.id).sort();
    expect(inTeams).toHaveLength(4);
    const [member] = SANDBOX.aws.memberAccountIds;
    const input = {
      grants: [
        { group: "Project Admins", permissionSet: "ProjectAdmin", targets: [member] },
        // An OU: its accounts and those of its nested OUs; the member account listed too is counted once.
        { group: "Project Readers", permissionSet: "ProjectReader", targets: [teams, member] },
        // Not in AWS yet: SCIM creates it while the step waits.
        { group: "Project Auditors", permissionSet: "ProjectReader", targets: [teams] },
      ],
    };
    // Project Admins already holds ProjectAdmin in the member account: the diff keeps it.
    await runSetupStep(database, "account-access", "run", { grants: [input.grants[0]] }, admin, "it-access");

    const preview = await previewStep(database, "account-access", input, admin, "it-access");
    expect(preview).toMatchObject({ ok: true });
    const changes = (preview as { changes: string[] }).changes;
    expect(changes[0]).toBe(`Project Admins → ProjectAdmin: keep in 1 account(s): ${member}.`);
    expect(changes[1]).toMatch(/^Project Readers → ProjectReader: create in 5 account\(s\)/);
    expect(changes[2]).toContain("not in AWS yet");
    expect(changes.at(-1)).toBe("No assignment is removed.");

    const ids = new IdentitystoreClient({
      region: SANDBOX.aws.region,
      endpoint: `${server.url}/aws`,
      credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
    });
    const late = new Promise<void>((resolve) =>
      setTimeout(() => {
        void ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: "Project Auditors" })).then(() => resolve());
      }, 3_000),
    );
    const result = await runSetupStep(database, "account-access", "run", input, admin, "it-access");
    await late;
    // The run is verified at once: every assignment listed, every permission set provisioned to its accounts.
    expect(result).toMatchObject({ ok: true, evidence: { assignments: 10, provisioned: 10 } });
    // The second job created only what was missing: 9 (the kept one was not sent again).
    const jobs = await database.awsJob.findMany({ where: { kind: "account-access" }, include: { operations: true }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((j) => [j.status, j.operations.length])).toEqual([
      ["succeeded", 1],
      ["succeeded", 9],
    ]);

    const facts = (await loadChecklist(database, "it-access")).facts.accountAccess;
    expect(facts?.grants.find((g) => g.group === "Project Readers")?.accountIds.sort()).toEqual([...inTeams, member].sort());
    const verified = await runSetupStep(database, "account-access", "verify", undefined, admin, "it-access");
    expect(verified).toMatchObject({ ok: true, evidence: { assignments: 10, provisioned: 10 } });

    // Every operation of the step's jobs was audited as the admin who ran it.
    let audited = 0;
    for (const job of jobs)
      audited += await database.auditEvent.count({
        where: { action: "aws.create-assignment", actor: admin.email, result: "success", after: { contains: job.id } },
      });
    expect(audited).toBe(10);
    // Run again: nothing to create, so no job.
    expect(await runSetupStep(database, "account-access", "run", input, admin, "it-access")).toMatchObject({ ok: true });
    expect(await database.awsJob.count({ where: { kind: "account-access" } })).toBe(2);
  }, 120_000);
});
