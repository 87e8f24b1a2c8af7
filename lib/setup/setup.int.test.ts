import { ListPermissionSetsCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsModule } from "../../sandbox/aws";
import { startSandbox, type SandboxServer } from "../../sandbox/core/server";
import { createEntraModule } from "../../sandbox/entra";
import { SANDBOX } from "../../sandbox/fixtures";
import { testDatabase } from "../testing/database";
import { runSetupStep } from "./run-step";
import { loadChecklist } from "./store";
import { STEP_IDS } from "./steps";
import { driveChecklist } from "./testing/drive-checklist";

// The checklist end to end through the real gateways against the sandbox, on each database provider:
// re-running changes nothing, a step failing midway resumes without duplicates, hostile metadata is refused.
const database = testDatabase();
let server: SandboxServer;

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

async function freshSandbox() {
  await admin("POST", "/_sandbox/reset");
  await admin("POST", "/_sandbox/aws/settings", { asyncDelayMs: 50, rateLimits: { identitycenter: null } });
  await admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 300 });
}

/** What must exist exactly once whatever happens: the app, its job, the permission sets, the assignments. */
async function inventory() {
  const graph = (await admin("GET", "/_sandbox/entra/state")) as { jobs: unknown[] };
  const sso = new SSOAdminClient({
    endpoint: `${server.url}/aws`,
    region: SANDBOX.aws.region,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });
  const sets = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: SANDBOX.aws.instanceArn, MaxResults: 100 }))).PermissionSets ?? [];
  const apps = await fetch(`${server.url}/_sandbox/state`).then((r) => r.json() as Promise<{ modules: { entra: Record<string, number> } }>);
  const { applications, servicePrincipals, appRoleAssignments } = apps.modules.entra;
  // Objects only: provisioning logs and cycle counts grow by design whenever the engine runs.
  return { jobs: graph.jobs.length, permissionSets: sets.length, entra: { applications, servicePrincipals, appRoleAssignments } };
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
  await freshSandbox();
});

describe("setup checklist", () => {
  it("completes on a fresh sandbox, and running it all again changes nothing", async () => {
    const memory = {};
    const first = await driveChecklist(database, { federationId: "it-a", sandboxUrl: server.url, memory });
    expect(Object.entries(first).filter(([, r]) => !r.ok)).toEqual([]);
    expect(Object.keys(first)).toEqual([...STEP_IDS]);
    const before = await inventory();
    expect(before.permissionSets).toBeGreaterThanOrEqual(3);
    expect(before.jobs).toBe(1);

    const second = await driveChecklist(database, { federationId: "it-a", sandboxUrl: server.url, memory });
    expect(Object.entries(second).filter(([, r]) => !r.ok)).toEqual([]);
    expect(await inventory()).toEqual(before);
    const checklist = await loadChecklist(database, "it-a");
    expect(checklist.done).toBe(checklist.total);
  }, 120_000);

  it("a step failing midway leaves it failed with the reason, and the retry resumes without duplicates", async () => {
    await driveChecklist(database, { federationId: "it-b", sandboxUrl: server.url, until: "start-provisioning" });
    const before = await inventory();
    // AWS refuses every ProvisionPermissionSet for a while: the first set is created, then the step fails.
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/aws", match: "ProvisionPermissionSet", status: 500, times: 40 });
    const sets = {
      sets: [
        { name: "ProjectAdmin", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        { name: "ProjectUser", managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      ],
    };
    const failed = await runSetupStep(database, "permission-sets", "run", sets, { email: "a@x", name: "A" }, "it-b");
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/AWS|unavailable|error/i);
    const afterFailure = await loadChecklist(database, "it-b");
    expect(afterFailure.steps.find((s) => s.id === "permission-sets")?.state).toMatchObject({ status: "failed", error: failed.message });

    await fetch(`${server.url}/_sandbox/faults`, { method: "DELETE" });
    const retried = await runSetupStep(database, "permission-sets", "run", sets, { email: "a@x", name: "A" }, "it-b");
    expect(retried.ok).toBe(true);
    expect((await inventory()).permissionSets).toBe(before.permissionSets + 2);

    // Graph failing while the app is instantiated on a fresh federation: one app in the end, not two.
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", match: "instantiate", status: 503, times: 10 });
    const appFailed = await runSetupStep(database, "gallery-app", "run", undefined, { email: "a@x", name: "A" }, "it-b");
    expect(appFailed.ok).toBe(true); // adopted: the app from the first run already exists, instantiate is never called
    expect((await inventory()).entra).toEqual(before.entra);
  }, 120_000);

  it("refuses hostile or wrong metadata with a precise message and keeps what it had", async () => {
    await driveChecklist(database, { federationId: "it-c", sandboxUrl: server.url, until: "aws-metadata" });
    const good = (await loadChecklist(database, "it-c")).facts.spMetadata;
    expect(good?.entityId).toContain(SANDBOX.aws.identityStoreId);
    const cases: [string, RegExp][] = [
      [`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`, /DOCTYPE/],
      ["not xml at all", /XML/i],
      [
        `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/x/"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>`,
        /service provider|SP|identity provider/i,
      ],
    ];
    for (const [xml, message] of cases) {
      const result = await runSetupStep(database, "aws-metadata", "run", { xml }, { email: "a@x", name: "A" }, "it-c");
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(message);
    }
    const after = await loadChecklist(database, "it-c");
    expect(after.facts.spMetadata).toEqual(good);
    // Issue 12: a refused file changes nothing, so the step stays Done and the steps after it stay open.
    expect(after.steps.find((s) => s.id === "aws-metadata")?.state).toMatchObject({ status: "done", error: null, attempt: null });
    expect(after.steps.find((s) => s.id === "basic-saml")?.blockedBy).toEqual([]);
  }, 120_000);
});
