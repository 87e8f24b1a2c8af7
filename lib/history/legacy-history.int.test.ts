import { parse } from "@cdktf/hcl2json";
import { AttachRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { SANDBOX } from "../../sandbox/fixtures";
import { samlTrustPolicy } from "../aws/ensure-saml-role";
import { loadChecklist } from "../setup/store";
import { sandboxIam, setUpLegacyFederation } from "../setup/testing/legacy-federation";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { checkDrift } from "./drift";
import { takeSnapshot } from "./store";
import { terraformExport } from "./terraform";
import { configurationSections } from "./view";

// Issue 17 × issue 14: the configuration history of a legacy per-account federation records the IAM side of each
// account (the SAML provider's certificates, the roles under /entra-saml/ with trust and policies, the role-manager
// key's id and date, never its secret) and the app's imported roles; drift finds an IAM change made outside the
// portal; the Terraform export of the recorded version parses and names the same objects.
const database = testDatabase();
const FEDERATION = "it-history-legacy";
const MANAGEMENT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
const PROVIDER = `arn:aws:iam::${MANAGEMENT}:saml-provider/EntraID`;
let server: SandboxServer;


beforeAll(async () => {
  server = await startPortalSandbox();
  await database.federation.deleteMany({});
  await database.configurationSnapshot.deleteMany({});
  await database.driftCheck.deleteMany({});
  await setUpLegacyFederation(database, server, FEDERATION);
}, 180_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("configuration history of a legacy per-account federation", () => {
  it("records each account's IAM side and the app's roles, drift finds a role changed outside the portal, and the version exports to Terraform", async () => {
    const { facts } = await loadChecklist(database, FEDERATION);
    const { version } = await takeSnapshot(database, FEDERATION, { trigger: "manual", reason: "test", actor: "auditor@contoso.test" });
    const legacy = version.configuration.legacy;
    if (!legacy) throw new Error("no legacy side recorded");
    // No Identity Center side for a legacy federation.
    expect(version.configuration.aws).toBeNull();
    expect(Object.keys(legacy.accounts).sort()).toEqual([MANAGEMENT, MEMBER].sort());

    const management = legacy.accounts[MANAGEMENT]!;
    expect(management.reachedThrough).toBeNull();
    expect(legacy.accounts[MEMBER]?.reachedThrough).toBe("OrganizationAccountAccessRole");
    expect(management.samlProvider?.providerArn).toBe(PROVIDER);
    expect(Object.keys(management.samlProvider?.certificates ?? {})).toContain(facts.signing?.thumbprint.toUpperCase());
    expect(management.samlProvider?.validUntil).toEqual(expect.any(String));
    expect(Object.keys(management.roles).sort()).toEqual(["EntraAdministrator", "EntraReadOnly"]);
    expect(management.roles.EntraReadOnly).toMatchObject({
      roleArn: `arn:aws:iam::${MANAGEMENT}:role/entra-saml/EntraReadOnly`,
      trust: { samlProviders: [PROVIDER], trustsProvider: true, audiences: ["https://signin.aws.amazon.com/saml"] },
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      permissionsBoundaryArn: null,
    });
    expect(JSON.parse(management.roles.EntraReadOnly?.trustPolicy ?? "null")).toEqual(samlTrustPolicy(PROVIDER));
    // The role manager with its key id and creation date; never the secret (which the federation row holds encrypted).
    const keyId = facts.roleImport?.accessKeyId ?? "";
    expect(management.roleManager).toEqual({ userName: "EntraRoleManager", keys: { [keyId]: { status: "Active", createdAt: expect.any(String) } } });
    expect(Date.parse(management.roleManager?.keys[keyId]?.createdAt ?? "")).toBeGreaterThan(Date.now() - 600_000);
    expect(legacy.accounts[MEMBER]?.roleManager).toBeNull();
    expect(JSON.stringify(version.configuration)).not.toMatch(/secret/i);
    // The role-import job as Graph reports it, with the key id the portal saved (never the secret).
    expect(legacy.roleImport).toEqual({ jobId: facts.roleImport?.jobId, templateId: "aws", scheduleState: "Active", interval: expect.any(String), accessKeyId: keyId, keySaved: true });
    // The imported roles, as the app holds them.
    for (const imported of facts.roleImport?.imported ?? []) expect(legacy.appRoles[imported.value]).toEqual({ displayName: imported.displayName, enabled: true });
    expect(Object.keys(legacy.appRoles).filter((v) => v.includes(",arn:"))).toHaveLength(facts.roleImport?.imported.length ?? -1);
    // The as-of view shows each account and the key's age.
    const sections = configurationSections(version.configuration);
    expect(sections.map((s) => s.id)).toEqual(expect.arrayContaining([`legacy-account-${MANAGEMENT}`, `legacy-account-${MEMBER}`, "legacy-app-roles"]));
    expect(sections.find((s) => s.id === `legacy-account-${MANAGEMENT}`)?.rows).toContainEqual([`role manager EntraRoleManager key ${keyId}`, expect.stringMatching(/^Active, created .* \(0 days old today\)$/)]);

    // Nothing changed: no drift. Then someone edits a role in IAM directly: drift names the fields, on the AWS side.
    expect((await checkDrift(database, FEDERATION, { trigger: "manual" })).changes).toEqual([]);
    const client = sandboxIam(server);
    try {
      await client.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: "EntraReadOnly",
          PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }] }),
        }),
      );
      await client.send(new AttachRolePolicyCommand({ RoleName: "EntraReadOnly", PolicyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }));
      const drift = await checkDrift(database, FEDERATION, { trigger: "manual" });
      expect(drift.error).toBeNull();
      const paths = drift.changes.map((c) => [c.change.path, c.side, c.by]);
      const role = `legacy.accounts.${MANAGEMENT}.roles.EntraReadOnly`;
      expect(paths).toEqual(
        expect.arrayContaining([
          [`${role}.trust.trustsProvider`, "aws", null],
          [`${role}.trustPolicy`, "aws", null],
          [expect.stringMatching(new RegExp(`^${role.replace(/\./g, "\\.")}\\.managedPolicyArns`)), "aws", null],
        ]),
      );
      // The role-import job paused in Entra directly (not through the portal): Entra-side drift on its schedule.
      const gateway = await entraGatewayFor(database);
      await gateway.api(`/servicePrincipals/${facts.app?.servicePrincipalId ?? ""}/synchronization/jobs/${facts.roleImport?.jobId ?? ""}/pause`).post({});
      const paused = await checkDrift(database, FEDERATION, { trigger: "manual" });
      expect(paused.changes.map((c) => [c.change.path, c.side, c.change.kind === "changed" && !c.change.secret ? [c.change.before, c.change.after] : c.change.kind])).toContainEqual([
        "legacy.roleImport.scheduleState",
        "entra",
        ["Active", "Paused"],
      ]);
      // Nothing else on the AWS side moved (Entra's side may: its role import runs on a schedule of its own, and a cycle
      // between the two checks re-reads the role whose trust was just changed).
      expect(paths.filter(([path, side]) => side === "aws" && !String(path).startsWith(`${role}.`))).toEqual([]);
    } finally {
      client.destroy();
    }

    // The recorded version as Terraform: the providers, roles and attachments of both accounts.
    const files = terraformExport(version.configuration, { federationId: FEDERATION, id: version.id, takenAt: version.takenAt, contentHash: version.contentHash });
    const hcl = (await parse("main.tf", files.hcl)) as { resource?: Record<string, Record<string, Record<string, unknown>[]>> };
    expect(Object.keys(hcl.resource?.aws_iam_saml_provider ?? {}).sort()).toEqual([`saml_${MANAGEMENT}`, `saml_${MEMBER}`].sort());
    const roleNames = Object.values(hcl.resource?.aws_iam_role ?? {}).map((blocks) => blocks[0]?.name);
    expect(roleNames.sort()).toEqual(["EntraAdministrator", "EntraAdministrator", "EntraReadOnly", "EntraReadOnly"]);
    const policies = Object.values(hcl.resource?.aws_iam_role_policy_attachment ?? {}).map((blocks) => blocks[0]?.policy_arn);
    expect(policies).toContain("arn:aws:iam::aws:policy/ReadOnlyAccess");
    expect(policies).toContain("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(files.hcl).not.toContain("aws_iam_access_key");
    // The role-import job is in the Graph JSON (Terraform cannot express it): its schedule and key id, no secret.
    const graph = JSON.parse(files.graphJson) as { roleImport?: { job: { id: string; schedule: { state: string } }; secrets: { key: string; value: string }[] } };
    expect(graph.roleImport).toMatchObject({ job: { id: facts.roleImport?.jobId, schedule: { state: "Active" } }, secrets: [{ key: "ClientSecret", value: keyId }] });
    expect(files.graphJson).not.toMatch(/SecretToken"\s*:|"key":\s*"SecretToken"/);
  }, 120_000);
});
