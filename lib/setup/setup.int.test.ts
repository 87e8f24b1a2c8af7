import { ListPermissionSetsCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { describe, expect, it } from "vitest";
import { SANDBOX } from "../../sandbox/fixtures";
import { sandboxTestBed } from "../testing/test-bed";
import { attentionOf } from "./attention";
import { previewStep, runSetupStep } from "./run-step";
import { loadChecklist, mergeFacts } from "./store";
import { checklistFor } from "./checklists";
import type { StepId } from "./steps";
import { driveChecklist } from "./testing/drive-checklist";

// The checklist end to end through the real gateways against the sandbox, on each database provider:
// re-running changes nothing, a step failing midway resumes without duplicates, hostile metadata is refused.
const bed = sandboxTestBed({ pace: { asyncDelayMs: 50, replicationDelayMs: 300 } });
const { database, call: admin } = bed;

/** What must exist exactly once whatever happens: the app, its job, the permission sets, the assignments. */
async function inventory() {
  const graph = await admin<{ jobs: unknown[] }>("GET", "/_sandbox/entra/state");
  const sso = new SSOAdminClient({
    endpoint: `${bed.url}/aws`,
    region: SANDBOX.aws.region,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });
  const sets = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: SANDBOX.aws.instanceArn, MaxResults: 100 }))).PermissionSets ?? [];
  const { applications, servicePrincipals, appRoleAssignments } = await bed.entraCounts();
  // Objects only: provisioning logs and cycle counts grow by design whenever the engine runs.
  return { jobs: graph.jobs.length, permissionSets: sets.length, entra: { applications, servicePrincipals, appRoleAssignments } };
}

describe("setup checklist", () => {
  it("completes on a fresh sandbox, and running it all again changes nothing", async () => {
    const memory = {};
    const first = await driveChecklist(database, { federationId: "it-a", sandboxUrl: bed.url, memory });
    expect(Object.entries(first).filter(([, r]) => !r.ok)).toEqual([]);
    expect(Object.keys(first)).toEqual(checklistFor("identity-center").map((s) => s.id));
    const before = await inventory();
    expect(before.permissionSets).toBeGreaterThanOrEqual(3);
    expect(before.jobs).toBe(1);

    const second = await driveChecklist(database, { federationId: "it-a", sandboxUrl: bed.url, memory });
    expect(Object.entries(second).filter(([, r]) => !r.ok)).toEqual([]);
    expect(await inventory()).toEqual(before);
    const checklist = await loadChecklist(database, "it-a");
    expect(checklist.done).toBe(checklist.total);
  }, 120_000);

  it("a step failing midway leaves it failed with the reason, and the retry resumes without duplicates", async () => {
    await driveChecklist(database, { federationId: "it-b", sandboxUrl: bed.url, until: "start-provisioning" });
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

    await fetch(`${bed.url}/_sandbox/faults`, { method: "DELETE" });
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
    await driveChecklist(database, { federationId: "it-c", sandboxUrl: bed.url, until: "aws-metadata" });
    const good = (await loadChecklist(database, "it-c")).facts.spMetadata;
    expect(good?.entityId).toContain(SANDBOX.aws.identityStoreId);
    // Issue 15: "updated AWS metadata" with the real entity id and identity store, plus an attacker's reply URL marked default.
    const real = (await admin("GET", "/_sandbox/aws/sp-metadata.json")) as { metadataXml?: string };
    const forged = (real.metadataXml ?? "")
      .replace(' isDefault="true"/>', "/>")
      .replace(
        "</md:SPSSODescriptor>",
        '  <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://evil.example/platform/saml/acs/1" index="2" isDefault="true"/>\n  </md:SPSSODescriptor>',
      );
    expect(forged).toContain("evil.example");
    const cases: [string, RegExp][] = [
      [forged, /evil\.example, which is not an AWS sign-in host/],
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

    // Reply URLs a portal without the check kept are refused where they would be written to Entra, and by the check.
    if (!good) throw new Error("no stored AWS metadata");
    await mergeFacts(database, "it-c", { spMetadata: { ...good, acsUrls: [...good.acsUrls, "https://evil.example/platform/saml/acs/1"] } });
    const preview = await previewStep(database, "basic-saml", undefined, { email: "a@x", name: "A" }, "it-c");
    expect(!preview.ok && preview.message).toMatch(/stored AWS metadata is refused: .*evil\.example, which is not an AWS sign-in host/);
    const run = await runSetupStep(database, "basic-saml", "run", undefined, { email: "a@x", name: "A" }, "it-c");
    expect(!run.ok && run.message).toMatch(/evil\.example/);
    const check = await runSetupStep(database, "aws-metadata", "verify", undefined, { email: "a@x", name: "A" }, "it-c");
    expect(!check.ok && check.message).toMatch(/evil\.example/);
  }, 120_000);

  // Bug: the mappings step linted "in-scope" users before the assignment step had assigned anyone: 0 users,
  // green. The lint now runs where the users come into scope, and problems leave the step done in amber.
  it("lints the users the assignments bring into scope, and the step is done with what needs attention", async () => {
    const results = await driveChecklist(database, { federationId: "it-d", sandboxUrl: bed.url, until: "scope-assignments" });
    expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
    const checklist = await loadChecklist(database, "it-d");
    const scope = checklist.steps.find((s) => s.id === "scope-assignments")?.state;
    expect(scope?.status).toBe("done");
    expect(scope?.evidence?.inScopeUsersChecked).toBeGreaterThan(0);
    const attention = attentionOf(scope?.evidence);
    expect(attention?.items.length).toBeGreaterThan(0);
    expect(attention?.summary).toBe(`${attention?.items.length} users need attention`);
    expect(attention?.items.join("\n")).toMatch(/givenName/);
    expect(checklist.facts.lint?.checked).toBe(scope?.evidence?.inScopeUsersChecked);
    expect(checklist.facts.lint?.problems).toHaveLength(attention?.items.length ?? -1);

    // The preview of the assignment, before it is made, already lints the members of the chosen groups.
    const preview = await previewStep(database, "scope-assignments", { principals: ["Project Readers"] }, { email: "a@x", name: "A" }, "it-d");
    expect(preview.ok).toBe(true);
    expect(preview.ok && preview.changes.join("\n")).toMatch(/Group Project Readers: kept \(already assigned\)[\s\S]*come into scope/);
  }, 120_000);

  // Bug: the step's input errors were joined into one string; each field's now reaches the form by its path.
  it("returns bad input's errors by field, from a run and from a preview", async () => {
    await driveChecklist(database, { federationId: "it-e", sandboxUrl: bed.url, until: "idp-metadata-upload" });
    const expected = { endpoint: ["paste the SCIM endpoint"], token: ["paste the access token (it is long)"] };
    const result = await runSetupStep(database, "scim-endpoint", "run", { endpoint: "", token: "short" }, { email: "a@x", name: "A" }, "it-e");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors).toEqual(expected);
    const preview = await previewStep(database, "scim-endpoint", { endpoint: "", token: "short" }, { email: "a@x", name: "A" }, "it-e");
    expect(!preview.ok && preview.fieldErrors).toEqual(expected);
  }, 120_000);

  // Every step that writes to a cloud previews a real diff from live state: what would change before, what is kept after.
  it("previews what each writing step would change, read from live state, and that nothing would after it ran", async () => {
    // The actor drive-checklist runs as, so the notification e-mail it set is the one the preview keeps.
    const actor = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };
    const memory = {};
    await driveChecklist(database, { federationId: "it-f", sandboxUrl: bed.url, until: "scim-endpoint", memory });
    const before = await previewStep(database, "provisioning-credentials", undefined, actor, "it-f");
    expect(before.ok && before.changes).toEqual(
      expect.arrayContaining([
        "Provisioning job: create one from the app's AWS IAM Identity Center template.",
        expect.stringMatching(/^Tenant URL: \(none\) → https?:\/\/.+\/scim\/v2\/$/),
        "Scope: (not set) → only assigned users and groups",
      ]),
    );

    await driveChecklist(database, { federationId: "it-f", sandboxUrl: bed.url, memory });
    const inputs: Record<string, unknown> = {
      mappings: { groupSync: false },
      "scope-assignments": { principals: ["Project Admins", "someone-unknown"] },
      "prove-user": { userPrincipalName: "jane.doe@contoso-sandbox.onmicrosoft.com" },
    };
    const preview = async (step: StepId) => {
      const result = await previewStep(database, step, inputs[step], actor, "it-f");
      expect(result.ok, step).toBe(true);
      return result.ok ? result.changes.join("\n") : "";
    };
    expect(await preview("provisioning-credentials")).toMatch(/Provisioning job: kept[\s\S]*Tenant URL: kept[\s\S]*Scope: kept/);
    expect(await preview("mappings")).toMatch(/Group provisioning: on → off[\s\S]*userPrincipalName → userName \(matching\): kept/);
    expect(await preview("scope-assignments")).toMatch(
      /Group Project Admins: kept \(already assigned\)[\s\S]*Blocked: Not found in Entra ID: someone-unknown[\s\S]*Kept: .*Project Users/,
    );
    expect(await preview("start-provisioning")).toMatch(/^No change: the provisioning job is already running/);
    expect(await preview("prove-user")).toMatch(/jane\.doe@contoso-sandbox\.onmicrosoft\.com/);
    expect(await preview("saml-mode")).toBe("No change: SAML is already the single sign-on method.");
    expect(await preview("basic-saml")).toMatch(/^Basic SAML configuration already matches[\s\S]*Signing certificate: kept[\s\S]*Notification email: kept/);
    expect(await preview("gallery-app")).toMatch(/^No change in Entra/);
  }, 120_000);
});
