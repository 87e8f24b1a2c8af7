import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterEach, describe, expect, it } from "vitest";
import { createAwsModule } from "../aws";
import { samlTrust } from "../aws/saml-testing";
import { idpMetadata } from "../aws/testing";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { admin, appGraphClient, startEntra } from "./testing";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACCOUNT = SANDBOX.aws.managementAccountId;
const AZURE = `arn:aws:iam::${ACCOUNT}:saml-provider/AzureAD`;
const OTHER = `arn:aws:iam::${ACCOUNT}:saml-provider/OktaLegacy`;
const arn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/${role}`;

interface Setup {
  s: SandboxServer;
  client: Client;
  iam: IAMClient;
  spId: string;
  jobId: string;
  key: { accessKeyId: string; secretAccessKey: string };
}

/** The AWS side of seed 004 (provider, roles, the role-manager user's key) and the legacy gallery app with its `aws` job. */
async function legacySetup(options: { listRolesPolicy?: boolean } = {}): Promise<Setup> {
  const s = await startEntra({ modules: [createAwsModule()] });
  server = s;
  await admin(s, "POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint: `${s.url}/aws/iam`,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
    maxAttempts: 1,
  });
  await iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata() }));
  await iam.send(new CreateSAMLProviderCommand({ Name: "OktaLegacy", SAMLMetadataDocument: idpMetadata({ entityId: "http://www.okta.com/exk0000" }) }));
  for (const name of ["ProjectReader", "ProjectAdmin"]) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: samlTrust([AZURE]) }));
  await iam.send(new CreateRoleCommand({ RoleName: "SharedFederation", AssumeRolePolicyDocument: samlTrust([AZURE, OTHER]) }));
  const ec2 = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } } };
  await iam.send(new CreateRoleCommand({ RoleName: "Ec2Instance", AssumeRolePolicyDocument: JSON.stringify(ec2) }));
  await iam.send(new CreateUserCommand({ UserName: "AzureADRoleManager" }));
  const policy = await iam.send(
    new CreatePolicyCommand({
      PolicyName: "AzureAD_SSOUserRole_Policy",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:ListRoles"], Resource: "*" }] }),
    }),
  );
  if (options.listRolesPolicy !== false) await iam.send(new AttachUserPolicyCommand({ UserName: "AzureADRoleManager", PolicyArn: policy.Policy?.Arn }));
  const made = (await iam.send(new CreateAccessKeyCommand({ UserName: "AzureADRoleManager" }))).AccessKey;
  const key = { accessKeyId: made?.AccessKeyId ?? "", secretAccessKey: made?.SecretAccessKey ?? "" };

  const { client } = await appGraphClient(s);
  const app = (await client
    .api(`/applicationTemplates/${SANDBOX.entra.templates.singleAccount}/instantiate`)
    .post({ displayName: "AWS Single-Account Access" })) as { servicePrincipal: { id: string } };
  const spId = app.servicePrincipal.id;
  const templates = (await client.api(`/servicePrincipals/${spId}/synchronization/templates`).get()) as { value: { factoryTag: string }[] };
  expect(templates.value.map((t) => t.factoryTag)).toEqual(["aws"]);
  const job = (await client.api(`/servicePrincipals/${spId}/synchronization/jobs`).post({ templateId: "aws" })) as { id: string };
  return { s, client, iam, spId, jobId: job.id, key };
}

const creds = (key: { accessKeyId: string; secretAccessKey: string }) => [
  { key: "ClientSecret", value: key.accessKeyId },
  { key: "SecretToken", value: key.secretAccessKey },
];

async function graphError(p: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error("expected the Graph call to fail");
}

const appRoles = async (t: Setup) =>
  ((await t.client.api(`/servicePrincipals/${t.spId}`).get()) as { appRoles: { id: string; value: string | null; displayName: string; isEnabled: boolean }[] })
    .appRoles;
const runCycle = (t: Setup) => admin(t.s, "POST", "/_sandbox/entra/provisioning/run", { jobId: t.jobId });

describe("role import (synchronization template aws) over HTTP", () => {
  it("Test Connection signs IAM ListRoles with the key: a wrong secret or an unknown key fails with AWS's answer", async () => {
    const t = await legacySetup();
    const validate = (list: { key: string; value: string }[]) =>
      t.client.api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}/validateCredentials`).post({ useSavedCredentials: false, credentials: list });
    const mistyped = await graphError(validate(creds({ ...t.key, secretAccessKey: `${t.key.secretAccessKey.slice(0, -1)}X` })));
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.message).toContain("You appear to have entered invalid credentials");
    expect(mistyped.message).toContain("SignatureDoesNotMatch");
    expect((await graphError(validate(creds({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" })))).message).toContain("InvalidClientTokenId");
    expect((await graphError(validate([{ key: "SecretToken", value: "x" }]))).statusCode).toBe(400);
    await validate(creds(t.key));
  });

  it("each cycle writes roleArn,providerArn app roles for roles with exactly one SAML provider and logs the skipped ones; re-running changes nothing", async () => {
    const t = await legacySetup();
    await t.client.api(`/servicePrincipals/${t.spId}/synchronization/secrets`).put({ value: creds(t.key) });
    await t.client.api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}/start`).post({});
    await runCycle(t);
    const roles = await appRoles(t);
    const imported = roles.filter((r) => r.value?.startsWith("arn:aws:iam::"));
    expect(imported.map((r) => [r.value, r.displayName]).sort()).toEqual([
      [`${arn("ProjectAdmin")},${AZURE}`, "ProjectAdmin,AzureAD"],
      [`${arn("ProjectReader")},${AZURE}`, "ProjectReader,AzureAD"],
    ]);
    expect(roles.map((r) => r.displayName)).toEqual(expect.arrayContaining(["User", "msiam_access"]));

    const logs = (await t.client.api("/auditLogs/provisioning").filter(`jobId eq '${t.jobId}'`).get()) as {
      value: {
        provisioningAction: string;
        sourceIdentity: { displayName: string };
        provisioningStatusInfo: { status: string; errorInformation: { reason: string } | null };
      }[];
    };
    const skipped = logs.value.filter((l) => l.provisioningStatusInfo.status === "skipped");
    expect(skipped.map((l) => l.sourceIdentity.displayName)).toEqual(["SharedFederation"]);
    expect(skipped[0]?.provisioningStatusInfo.errorInformation?.reason).toContain("trusts 2 SAML providers");
    expect(logs.value.filter((l) => l.provisioningAction === "create")).toHaveLength(2);
    const job = (await t.client.api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}`).get()) as {
      status: { code: string; lastExecution: { state: string; countImported: number } };
    };
    expect(job.status).toMatchObject({ code: "Active", lastExecution: { state: "Succeeded", countImported: 4 } });

    await runCycle(t);
    const again = await appRoles(t);
    expect(again).toEqual(roles);
    const after = (await t.client.api("/auditLogs/provisioning").filter(`jobId eq '${t.jobId}'`).get()) as { value: unknown[] };
    expect(after.value).toHaveLength(logs.value.length);

    // A role deleted in AWS is disabled, not removed, so assignments to it stay readable.
    await t.iam.send(new DeleteRoleCommand({ RoleName: "ProjectAdmin" }));
    await runCycle(t);
    expect((await appRoles(t)).find((r) => r.value === `${arn("ProjectAdmin")},${AZURE}`)?.isEnabled).toBe(false);
  });

  it("Test Connection fails with AWS's AccessDenied when the role-manager user lacks the iam:ListRoles policy", async () => {
    const t = await legacySetup({ listRolesPolicy: false });
    const denied = await graphError(
      t.client
        .api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}/validateCredentials`)
        .post({ useSavedCredentials: false, credentials: creds(t.key) }),
    );
    expect(denied.message).toContain("AccessDenied: User: arn:aws:iam::111122223333:user/AzureADRoleManager is not authorized to perform: iam:ListRoles");
  });

  it("a cycle with a wrong saved secret fails with AWS's error and imports nothing", async () => {
    const t = await legacySetup();
    await t.client.api(`/servicePrincipals/${t.spId}/synchronization/secrets`).put({ value: creds({ ...t.key, secretAccessKey: "wrong" }) });
    await t.client.api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}/start`).post({});
    await runCycle(t);
    const job = (await t.client.api(`/servicePrincipals/${t.spId}/synchronization/jobs/${t.jobId}`).get()) as {
      status: { lastExecution: { state: string; error: { code: string } } };
    };
    expect(job.status.lastExecution).toMatchObject({ state: "Failed", error: { code: "SignatureDoesNotMatch" } });
    expect((await appRoles(t)).filter((r) => r.value?.startsWith("arn:"))).toEqual([]);
  });
});
