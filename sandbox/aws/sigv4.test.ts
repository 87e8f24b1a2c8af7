import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { canonicalQuery, canonicalUri } from "./sigv4";
import { clientConfig, errorOf, signedFetch, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const wrong = { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: "sandbox/secret/MISTYPED" };

describe("canonical request pieces", () => {
  it("encodes the path and sorts the query as the documented algorithm says", () => {
    expect(canonicalUri("/aws/")).toBe("/aws/");
    expect(canonicalUri("/a/./b/../c d")).toBe("/a/c%20d");
    expect(canonicalUri("/a%2Fb")).toBe("/a%252Fb");
    expect(canonicalQuery("b=2&a=3&a=1&X-Amz-Signature=x&c=a b")).toBe("a=1&a=3&b=2&c=a%20b");
  });
});

describe("SigV4 verification", () => {
  it("accepts what the real SDK signs, for JSON and query services, with the static key and an IAM-created key", async () => {
    s = await startAws();
    expect((await s.sso.send(new ListInstancesCommand({}))).Instances).toHaveLength(1);
    expect((await s.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(SANDBOX.aws.managementAccountId);
    await s.iam.send(new CreateUserCommand({ UserName: "AzureADRoleManager" }));
    const key = (await s.iam.send(new CreateAccessKeyCommand({ UserName: "AzureADRoleManager" }))).AccessKey;
    const manager = { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" };
    const iam = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: manager });
    // Signed correctly but not yet allowed: the user has no policy (identity-based authorization, as at AWS).
    expect(await errorOf(iam.send(new ListRolesCommand({})))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${SANDBOX.aws.managementAccountId}:user/AzureADRoleManager is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/ because no identity-based policy allows the iam:ListRoles action`,
    });
    const policy = await s.iam.send(
      new CreatePolicyCommand({
        PolicyName: "AzureAD_SSOUserRole_Policy",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:ListRoles"], Resource: "*" }] }),
      }),
    );
    await s.iam.send(new AttachUserPolicyCommand({ UserName: "AzureADRoleManager", PolicyArn: policy.Policy?.Arn }));
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await errorOf(iam.send(new ListUsersCommand({})))).name).toBe("AccessDenied");

    const mistyped = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: { ...manager, secretAccessKey: `${manager.secretAccessKey}x` } });
    expect(await errorOf(mistyped.send(new ListRolesCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403, message: MISMATCH });
  });

  it("refuses a known key with a wrong secret: SignatureDoesNotMatch (403) for IAM/STS, InvalidSignatureException for JSON services", async () => {
    s = await startAws();
    const sts = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: wrong });
    expect(await errorOf(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403, message: MISMATCH });
    const iam = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: wrong });
    expect(await errorOf(iam.send(new ListRolesCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
    const sso = new SSOAdminClient({ ...clientConfig(`${s.server.url}/aws`), credentials: wrong });
    expect(await errorOf(sso.send(new ListInstancesCommand({})))).toMatchObject({ name: "InvalidSignatureException", status: 400, message: MISMATCH });
    // Unknown keys stay unknown whatever the signature.
    const stranger = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: { accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x" } });
    expect(await errorOf(stranger.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });

  it("refuses a body changed after signing, a header that was signed and changed, and a scope for another service", async () => {
    s = await startAws();
    const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SWBExternalService.ListInstances" };
    const good = await signedFetch(`${s.server.url}/aws/`, { service: "sso", headers, body: "{}" });
    expect(good.status).toBe(200);
    const tampered = await signedFetch(`${s.server.url}/aws/`, { service: "sso", headers, body: '{"MaxResults":1}', sentBody: '{"MaxResults":2}' });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get("x-amzn-errortype")).toMatch(/^InvalidSignatureException/);
    expect(await tampered.json()).toMatchObject({ message: MISMATCH });

    const query = await signedFetch(`${s.server.url}/aws/sts/`, {
      service: "sts",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
      sentBody: "Action=GetCallerIdentity&Version=2011-06-15&x=1",
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain("<Code>SignatureDoesNotMatch</Code>");

    const otherService = await signedFetch(`${s.server.url}/aws/`, { service: "identitystore", headers, body: "{}" });
    expect(otherService.status).toBe(400);
    expect(await otherService.json()).toMatchObject({ message: "Credential should be scoped to correct service: 'sso'. " });
  });

  it("enforces the clock-skew window (5 min for JSON services, 15 for IAM/STS), and the SDK corrects its clock from the Date header on retry", async () => {
    s = await startAws();
    const behind = (minutes: number, attempts = 1) => ({ ...clientConfig(`${s.server.url}/aws`, attempts), systemClockOffset: -minutes * 60_000 });
    const expired = await errorOf(new SSOAdminClient(behind(6)).send(new ListInstancesCommand({})));
    expect(expired).toMatchObject({ name: "InvalidSignatureException", status: 400 });
    expect(expired.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const ahead = await errorOf(new SSOAdminClient({ ...behind(0), systemClockOffset: 6 * 60_000 }).send(new ListInstancesCommand({})));
    expect(ahead.message).toMatch(/^Signature not yet current: .* \+ 5 min\.\)$/);

    const sts = (minutes: number) => new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), systemClockOffset: -minutes * 60_000 });
    expect((await sts(10).send(new GetCallerIdentityCommand({}))).Account).toBe(SANDBOX.aws.managementAccountId);
    const stale = await errorOf(sts(16).send(new GetCallerIdentityCommand({})));
    expect(stale).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
    expect(stale.message).toMatch(/^Signature expired: .* - 15 min\.\)$/);

    // As against AWS, the SDK reads the server's Date header, fixes its offset and succeeds on the retry.
    const recovering = await new SSOAdminClient(behind(30, 2)).send(new ListInstancesCommand({}));
    expect(recovering.$metadata.attempts).toBe(2);
  });

  it("treats an advanced sandbox clock as time passing for callers too: correctly signed requests still pass", async () => {
    s = await startAws();
    await s.advance(3 * 86_400_000);
    expect((await s.sso.send(new ListInstancesCommand({}))).Instances).toHaveLength(1);
  });
});
