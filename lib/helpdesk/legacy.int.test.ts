import { UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { CASES } from "../../sandbox/entra/seed";
import { SANDBOX } from "../../sandbox/fixtures";
import { idpInitiated } from "../../sandbox/sign-in-testing";
import { samlTrustPolicy } from "../aws/ensure-saml-role";
import { ensureAppAssignment } from "../entra/app-assignments";
import { createGraphGateway, resolveEntraTarget, type GraphGateway } from "../entra/client";
import { findUser } from "../entra/find-user";
import { patchServicePrincipal, readServicePrincipal } from "../entra/service-principal";
import { activateSigningCertificate, addRolloverCertificate } from "../entra/signing-certificate-rollover";
import { TEST_GATEWAY_OPTIONS } from "../entra/testing";
import { loadChecklist } from "../setup/store";
import { sandboxIam, setUpLegacyFederation } from "../setup/testing/legacy-federation";
import { signInReads } from "../sign-in/shared-read";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import { runDiagnosis } from "./run";
import { line, statuses } from "./testing/report-lines";

// The helpdesk chain for a legacy per-account federation, through the real gateways against the sandbox: a healthy
// user (green, then their sign-in found in Entra's log and CloudTrail), and one broken link per test. The tests that
// change something shared (a role's trust policy, the app's certificate) come last.
const database = testDatabase();
const FEDERATION = "it-helpdesk-legacy";
const MANAGEMENT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
const READ_ONLY = `arn:aws:iam::${MANAGEMENT}:role/entra-saml/EntraReadOnly`;
const PROVIDER = `arn:aws:iam::${MANAGEMENT}:saml-provider/EntraID`;
let server: SandboxServer;
let graph: GraphGateway;
let appId = "";
let servicePrincipalId = "";

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
}

const diagnose = (upn: string) => {
  signInReads.clear();
  return runDiagnosis(database, { key: upn, userPrincipalName: upn }, { federationId: FEDERATION, graph: () => Promise.resolve(graph) });
};

beforeAll(async () => {
  server = await startPortalSandbox();
  graph = createGraphGateway(resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: server.url }, undefined), TEST_GATEWAY_OPTIONS);
  await database.federation.deleteMany({});
  await setUpLegacyFederation(database, server, FEDERATION);
  await admin("POST", "/_sandbox/aws/settings", { rateLimits: { cloudtrail: null } });
  const { facts } = await loadChecklist(database, FEDERATION);
  appId = facts.app?.appId ?? "";
  servicePrincipalId = facts.app?.servicePrincipalId ?? "";
}, 180_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("helpdesk check, legacy per-account federation", () => {
  it("healthy (jane.doe, EntraReadOnly directly): every line green, then her sign-in found in Entra's log and CloudTrail", async () => {
    const report = await diagnose(CASES.healthy);
    expect(report).toMatchObject({ outcome: "diagnosed", chain: "legacy-iam" });
    expect(statuses(report)).toEqual({
      "entra-user": "pass",
      "legacy-assignment": "pass",
      "role-value": "pass",
      "role-trust": "pass",
      "provider-certificate": "pass",
      "last-sign-in": "skip",
    });
    expect(line(report, "legacy-assignment").evidence).toEqual([expect.stringMatching(/EntraReadOnly.* directly\.$/)]);
    expect(line(report, "role-value").evidence[0]).toContain(`${READ_ONLY},${PROVIDER}`);
    expect(line(report, "role-trust").evidence[0]).toMatch(/EntraReadOnly in account \d{12}: trusts EntraID for sts:AssumeRoleWithSAML; SAML:aud https:\/\/signin\.aws\.amazon\.com\/saml/);
    expect(line(report, "provider-certificate").evidence.join(" ")).toMatch(new RegExp(`Account ${MANAGEMENT}, provider EntraID: [0-9A-F]{40} .* — matches`));
    expect(report.headline).toMatchObject({ tone: "good", text: expect.stringMatching(/^Ready: .*saml2\/launch\?appId=.* in EntraReadOnly in account/) });
    // The user, the app, the providers and the events at once; then the assignments; then the roles they name.
    expect(report.timing.criticalPathRoundTrips).toBeLessThanOrEqual(3);

    const flow = await idpInitiated(server, appId, CASES.healthy);
    expect(flow.aws?.html).toContain(`EntraReadOnly/${CASES.healthy}`);
    const after = await diagnose(CASES.healthy);
    expect(line(after, "last-sign-in")).toMatchObject({ status: "pass", evidence: [expect.stringMatching(/Entra: signed in; AWS: AssumeRoleWithSAML success as jane\.doe@/)] });
  });

  it("not assigned (nick.unassigned): the assignment line is red and names the step that assigns", async () => {
    const report = await diagnose(CASES.notAssigned);
    const red = line(report, "legacy-assignment");
    expect(red).toMatchObject({ status: "fail", remedyBy: "admin", cause: expect.stringMatching(/not assigned .*AADSTS50105/) });
    expect(red.remedy).toMatch(/step \d+ \(Assign users and groups with a role\)/);
    expect(line(report, "role-value").status).toBe("skip");
    expect(report.headline).toMatchObject({ tone: "bad", text: expect.stringMatching(/^Cannot sign in to AWS: “Assigned to the AWS app with a role” fails/) });
  });

  it("malformed role value (john.smith, role and provider in different accounts): the role value line is red", async () => {
    const sp = await readServicePrincipal(graph, servicePrincipalId);
    const broken = `${READ_ONLY},arn:aws:iam::${MEMBER}:saml-provider/EntraID`;
    const id = "5b0d6a3e-9c1f-4e7a-8d2b-3f4e5a6b7c8d";
    await patchServicePrincipal(graph, servicePrincipalId, {
      appRoles: [...sp.appRoles, { id, value: broken, displayName: "Broken", description: "cross-account pair", allowedMemberTypes: ["User"], isEnabled: true }],
    });
    const john = (await findUser(graph, CASES.healthyDirect)).user;
    if (!john) throw new Error("no John");
    await ensureAppAssignment(graph, { servicePrincipalId, principalId: john.id, appRoleId: id });
    const report = await diagnose(CASES.healthyDirect);
    expect(line(report, "legacy-assignment")).toMatchObject({ status: "pass", evidence: [expect.stringMatching(/Role “Broken” directly/)] });
    const red = line(report, "role-value");
    expect(red.status).toBe("fail");
    expect(red.evidence).toEqual([expect.stringMatching(new RegExp(`not usable: the role is in account ${MANAGEMENT} but the provider in account ${MEMBER}`))]);
    expect(red.cause).toMatch(/invalid SAML response/);
    expect(red.remedy).toMatch(/step \d+ \(Role import/);
    expect(line(report, "role-trust").status).toBe("skip");
  });

  it("the role no longer trusts the provider (jane.doe): the trust line is red with the trusted principals", async () => {
    const client = sandboxIam(server);
    const untrusted = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }] };
    await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: "EntraReadOnly", PolicyDocument: JSON.stringify(untrusted) }));
    try {
      const report = await diagnose(CASES.healthy);
      const red = line(report, "role-trust");
      expect(red.status).toBe("fail");
      expect(red.evidence[0]).toMatch(/EntraReadOnly in account \d{12}: does NOT trust EntraID \(trusted SAML providers: none\)/);
      expect(red.cause).toMatch(/does not trust the SAML provider EntraID/);
      expect(red.remedy).toMatch(/step \d+ \(IAM roles that trust the provider\)/);
      expect(line(report, "role-value").status).toBe("pass");
    } finally {
      await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: "EntraReadOnly", PolicyDocument: JSON.stringify(samlTrustPolicy(PROVIDER)) }));
      client.destroy();
    }
    expect(line(await diagnose(CASES.healthy), "role-trust").status).toBe("pass");
  });

  it("certificate rolled over in Entra but not uploaded to IAM (jane.doe): the certificate line is red", async () => {
    const { certificate } = await addRolloverCertificate(graph, { servicePrincipalId, displayName: "CN=Microsoft Azure Federated SSO Certificate" });
    await activateSigningCertificate(graph, { servicePrincipalId, thumbprint: certificate.thumbprint });
    const report = await diagnose(CASES.healthy);
    const red = line(report, "provider-certificate");
    expect(red.status).toBe("fail");
    expect(red.evidence[0]).toContain(certificate.thumbprint.toUpperCase());
    expect(red.evidence.join(" ")).toMatch(/does NOT match/);
    expect(red.cause).toMatch(new RegExp(`provider in account ${MANAGEMENT} holds another certificate`));
    expect(red.remedy).toMatch(/step \d+ \(IAM SAML identity provider in each AWS account\)/);
    expect(line(report, "role-trust").status).toBe("pass");
  });
});
