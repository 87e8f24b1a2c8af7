import { CreateSAMLProviderCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { SANDBOX } from "../../sandbox/fixtures";
import { createGraphGateway, resolveEntraTarget, type GraphGateway } from "../entra/client";
import { TEST_GATEWAY_OPTIONS } from "../entra/testing";
import { chooseFederationMode, loadChecklist } from "../setup/store";
import { sandboxIam, setUpLegacyFederation } from "../setup/testing/legacy-federation";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import { addLegacyFederation } from "../setup/federations";
import { NotLegacyError, proposeMigrationForAllLegacy, proposeMigrationFromLive } from "./read-legacy-state";

// "Moving to IAM Identity Center" from live state: a legacy federation set up through the real gateways against the
// sandbox, its roles read back from IAM (inline policies included) and proposed as permission sets and account
// assignments; a role that comes to trust a second provider is listed as not mapped.
const database = testDatabase();
const FEDERATION = "it-move-legacy";
const MANAGEMENT = SANDBOX.aws.managementAccountId;
let server: SandboxServer;
let graph: GraphGateway;


beforeAll(async () => {
  server = await startPortalSandbox();
  graph = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: server.url }, undefined), TEST_GATEWAY_OPTIONS);
  await database.federation.deleteMany({});
  await setUpLegacyFederation(database, server, FEDERATION);
}, 180_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("moving a legacy federation to IAM Identity Center", () => {
  it("proposes a permission set per imported role and an account assignment per role assignment, from live state", async () => {
    const client = sandboxIam(server);
    const s3 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }] };
    await client.send(new PutRolePolicyCommand({ RoleName: "EntraReadOnly", PolicyName: "reports", PolicyDocument: JSON.stringify(s3) }));
    const proposal = await proposeMigrationFromLive(database, FEDERATION, { gateway: graph });
    const { facts } = await loadChecklist(database, FEDERATION);
    const imported = facts.roleImport?.imported.length ?? 0;
    expect(imported).toBeGreaterThanOrEqual(2);
    expect(proposal.summary).toMatchObject({ importedRoles: imported, permissionSets: imported, accountAssignments: 2 });
    const readOnly = proposal.permissionSets.find((p) => p.name === "EntraReadOnly");
    expect(readOnly).toMatchObject({
      fromRoles: [`arn:aws:iam::${MANAGEMENT}:role/entra-saml/EntraReadOnly`],
      accounts: [MANAGEMENT],
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      sessionDuration: "PT1H",
    });
    expect(JSON.parse(readOnly?.inlinePolicy ?? "null")).toEqual(s3);
    expect(proposal.permissionSets.find((p) => p.name === "EntraAdministrator")?.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess"]);
    expect(proposal.accountAssignments.map((a) => [a.principal.type, a.principal.displayName, a.accountId, a.permissionSet])).toEqual([
      ["GROUP", "Project Admins", MANAGEMENT, "EntraAdministrator"],
      ["USER", "Jane Doe", MANAGEMENT, "EntraReadOnly"],
    ]);

    // Someone lets a second identity provider into the administrator role: it no longer maps one-to-one.
    const other = (await client.send(new CreateSAMLProviderCommand({ Name: "OtherIdP", SAMLMetadataDocument: facts.idpMetadata?.xml ?? "" }))).SAMLProviderArn ?? "";
    const provider = `arn:aws:iam::${MANAGEMENT}:saml-provider/EntraID`;
    await client.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "EntraAdministrator",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithSAML", Principal: { Federated: [provider, other] } }] }),
      }),
    );
    client.destroy();
    const after = await proposeMigrationFromLive(database, FEDERATION, { gateway: graph });
    expect(after.permissionSets.map((p) => p.name)).not.toContain("EntraAdministrator");
    expect(after.notMapped).toContainEqual({ subject: `Role arn:aws:iam::${MANAGEMENT}:role/entra-saml/EntraAdministrator`, reason: expect.stringMatching(/trusts 2 SAML providers/) });
    expect(after.accountAssignments.map((a) => a.permissionSet)).toEqual(["EntraReadOnly"]);
  });

  it("proposes for every legacy app together, leaving out an app added for another account whose setup has not started", async () => {
    const one = await proposeMigrationFromLive(database, FEDERATION, { gateway: graph });
    const added = await addLegacyFederation(database, { accountId: SANDBOX.aws.memberAccountIds[1] ?? "777788889999", assumeRoleName: "OrganizationAccountAccessRole" });
    expect(added.outcome).toBe("created");
    const all = await proposeMigrationForAllLegacy(database, { gateway: graph });
    expect(all.apps).toBe(1);
    expect(all.summary).toEqual(one.summary);
    expect(all.permissionSets.map((p) => p.name)).toEqual(one.permissionSets.map((p) => p.name));
  });

  it("refuses an Identity Center federation with a clear message", async () => {
    await chooseFederationMode(database, "it-move-ic", "identity-center");
    await expect(proposeMigrationFromLive(database, "it-move-ic", { gateway: graph })).rejects.toThrow(NotLegacyError);
    await database.federation.deleteMany({ where: { mode: "legacy-iam" } });
    await expect(proposeMigrationForAllLegacy(database, { gateway: graph })).rejects.toThrow(/No federation is in the legacy per-account mode/);
  });
});
