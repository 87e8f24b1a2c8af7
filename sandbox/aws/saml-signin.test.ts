import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { AttachRolePolicyCommand, CreateRoleCommand, CreateSAMLProviderCommand } from "@aws-sdk/client-iam";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { samlResponseXml, samlTrust, signResponse, testIdpKey, type ResponseOptions } from "./saml-testing";
import { clientConfig, errorOf, idpMetadata, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

type Key = Awaited<ReturnType<typeof testIdpKey>>;
let idp: Key;
let stranger: Key;
beforeAll(async () => {
  [idp, stranger] = await Promise.all([testIdpKey(), testIdpKey()]);
});

const ACCOUNT = SANDBOX.aws.managementAccountId;
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/AzureAD`;
const READER = `arn:aws:iam::${ACCOUNT}:role/ProjectReader`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/ProjectAdmin`;

/** An account with the Entra provider and two roles that trust it (Admin with a 2-hour maximum). */
async function legacyAccount() {
  s = await startAws();
  await s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata({ certificate: idp.base64 }) }));
  await s.iam.send(new CreateRoleCommand({ RoleName: "ProjectReader", AssumeRolePolicyDocument: samlTrust([PROVIDER]) }));
  await s.iam.send(new CreateRoleCommand({ RoleName: "ProjectAdmin", AssumeRolePolicyDocument: samlTrust([PROVIDER]), MaxSessionDuration: 7200 }));
  const sts = new STSClient(clientConfig(`${s.server.url}/aws/sts`));
  const now = async () => Date.parse(((await (await fetch(`${s.server.url}/_sandbox/state`)).json()) as { now: string }).now);
  const assertion = async (o: Partial<ResponseOptions> = {}, key: Key = idp) =>
    signResponse(samlResponseXml({ now: await now(), roles: [`${READER},${PROVIDER}`], ...o }), key);
  const assume = (SAMLAssertion: string, RoleArn = READER, DurationSeconds?: number) =>
    sts.send(new AssumeRoleWithSAMLCommand({ RoleArn, PrincipalArn: PROVIDER, SAMLAssertion, DurationSeconds }));
  return { sts, assertion, assume, now };
}

describe("STS AssumeRoleWithSAML (the real SDK, unsigned as AWS serves it)", () => {
  it("issues temporary credentials the sandbox then accepts with SigV4 and the session token, until they expire", async () => {
    const t = await legacyAccount();
    const out = await t.assume(await t.assertion({ roles: [`${READER},${PROVIDER}`, `${PROVIDER},${ADMIN}`] }), ADMIN, 900);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ProjectAdmin/b.simon@contoso-sandbox.onmicrosoft.com`);
    expect(out).toMatchObject({
      Subject: "b.simon@contoso-sandbox.onmicrosoft.com",
      SubjectType: "persistent",
      Audience: "https://signin.aws.amazon.com/saml",
    });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const creds = {
      accessKeyId: out.Credentials?.AccessKeyId ?? "",
      secretAccessKey: out.Credentials?.SecretAccessKey ?? "",
      sessionToken: out.Credentials?.SessionToken ?? "",
    };
    const asRole = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: creds });
    expect((await asRole.send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser?.Arn);
    // The session may do what the role's policies allow, and nothing more.
    const ssoAsRole = new SSOAdminClient({ ...clientConfig(`${s.server.url}/aws`), credentials: creds });
    expect(await errorOf(ssoAsRole.send(new ListInstancesCommand({})))).toMatchObject({ name: "AccessDeniedException", status: 403 });
    await s.iam.send(new AttachRolePolicyCommand({ RoleName: "ProjectAdmin", PolicyArn: "arn:aws:iam::aws:policy/AWSSSOReadOnly" }));
    expect((await ssoAsRole.send(new ListInstancesCommand({}))).Instances).toHaveLength(1);

    const noToken = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: { ...creds, sessionToken: undefined } });
    expect(await errorOf(noToken.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
    const wrongSecret = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: { ...creds, secretAccessKey: "nope" } });
    expect((await errorOf(wrongSecret.send(new GetCallerIdentityCommand({})))).name).toBe("SignatureDoesNotMatch");

    await s.advance(901_000);
    expect(await errorOf(asRole.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "ExpiredToken", status: 403 });
  });

  it("refuses what AWS refuses, with its error codes", async () => {
    const t = await legacyAccount();
    const fails = async (p: Promise<unknown>) => errorOf(p);
    expect(await fails(t.assume(await t.assertion({}, stranger)))).toMatchObject({
      name: "InvalidIdentityTokenException",
      status: 400,
      message: "Response signature invalid",
    });
    // Changed after signing: the role value now names the admin role.
    const signed = Buffer.from(await t.assertion(), "base64")
      .toString("utf8")
      .replace("role/ProjectReader", "role/ProjectAdmin");
    expect((await fails(t.assume(Buffer.from(signed).toString("base64"), ADMIN))).message).toBe("Response signature invalid");
    // The role asked for is not among the assertion's Role values.
    expect(await fails(t.assume(await t.assertion(), ADMIN))).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: "Not authorized to perform sts:AssumeRoleWithSAML",
    });
    expect((await fails(t.assume(await t.assertion({ audience: "https://signin.aws.amazon.com/saml#2" })))).message).toBe(
      "Response does not contain the required audience",
    );
    expect((await fails(t.assume(await t.assertion({ sessionName: null })))).message).toBe("RoleSessionName is required in AuthnResponse");
    expect((await fails(t.assume(await t.assertion({ sessionName: "B Simon" })))).name).toBe("InvalidIdentityTokenException");
    expect(await fails(t.assume(await t.assertion({ issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/" })))).toMatchObject({
      name: "AuthSamlInvalidSamlResponseException",
      message: "Issuer not present in specified provider",
    });
    expect(await fails(t.assume(await t.assertion({ issuedAt: (await t.now()) - 2 * 3_600_000 })))).toMatchObject({
      name: "ExpiredTokenException",
      message: "Response has expired",
    });
    expect((await fails(t.assume(await t.assertion({ status: "urn:oasis:names:tc:SAML:2.0:status:Responder" })))).name).toBe("IDPRejectedClaimException");
    expect(await fails(t.assume(await t.assertion(), READER, 7200))).toMatchObject({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    });
    expect((await fails(t.assume(await t.assertion(), READER, 600))).name).toBe("ValidationError");

    // A role whose trust condition names another audience, or that trusts another provider, is not assumable.
    await s.iam.send(
      new CreateRoleCommand({ RoleName: "OtherAud", AssumeRolePolicyDocument: samlTrust([PROVIDER], "https://eu-west-1.signin.aws.amazon.com/saml") }),
    );
    const otherAud = `arn:aws:iam::${ACCOUNT}:role/OtherAud`;
    expect((await fails(t.assume(await t.assertion({ roles: [`${otherAud},${PROVIDER}`] }), otherAud))).name).toBe("AccessDenied");
    expect(
      (await t.assume(await t.assertion({ roles: [`${otherAud},${PROVIDER}`], recipient: "https://eu-west-1.signin.aws.amazon.com/saml" }), otherAud)).Audience,
    ).toBe("https://eu-west-1.signin.aws.amazon.com/saml");
  });
});

describe("console sign-in at https://signin.aws.amazon.com/saml (/saml)", () => {
  const post = (form: Record<string, string>) =>
    fetch(`${s.server.url}/saml`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });

  it("shows the role chooser for several roles, then the console signed in as role/session", async () => {
    const t = await legacyAccount();
    const SAMLResponse = await t.assertion({ roles: [`${READER},${PROVIDER}`, `${ADMIN},${PROVIDER}`], sessionDuration: "3600" });
    const chooser = await post({ SAMLResponse });
    const html = await chooser.text();
    expect(chooser.status).toBe(200);
    expect(html).toContain("Select a role:");
    expect(html).toContain(`Account: ${ACCOUNT}`);
    expect(html).toContain(`value="${ADMIN}"`);
    const console = await post({ SAMLResponse, roleIndex: ADMIN });
    expect(await console.text()).toContain("ProjectAdmin/b.simon@contoso-sandbox.onmicrosoft.com @ 1111-2222-3333");
  });

  it("answers AWS's error pages: no Role attribute, a bad SessionDuration, one above the role's maximum, a foreign signature", async () => {
    const t = await legacyAccount();
    const noRole = await post({ SAMLResponse: await t.assertion({ roles: [] }) });
    expect(noRole.status).toBe(400);
    expect(await noRole.text()).toContain("Your request included an invalid SAML response. To logout, click here.");
    expect(await (await post({ SAMLResponse: await t.assertion({ sessionDuration: "50000" }) })).text()).toContain("Error Code: InvalidIdentityToken");
    const tooLong = await (await post({ SAMLResponse: await t.assertion({ sessionDuration: "7200" }) })).text();
    expect(tooLong).toContain("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    const foreign = await (await post({ SAMLResponse: await t.assertion({}, stranger) })).text();
    expect(foreign).toContain("Error: Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken");
    expect(await (await post({ SAMLResponse: await t.assertion({ sessionDuration: "900" }) })).text()).toContain("ProjectReader/b.simon");
  });

  it("writes AssumeRoleWithSAML to CloudTrail in the role's account, success and failure, as AWS records it", async () => {
    const t = await legacyAccount();
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    expect(await (await post({ SAMLResponse: await t.assertion() })).text()).toContain("ProjectReader/b.simon");
    expect(await (await post({ SAMLResponse: await t.assertion({ sessionDuration: "7200" }) })).text()).toContain("MaxSessionDuration");
    expect(await (await post({ SAMLResponse: await t.assertion({}, stranger) })).text()).toContain("Response signature invalid");
    const trail = new CloudTrailClient(clientConfig(`${s.server.url}/aws`));
    const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "AssumeRoleWithSAML" }] }));
    const events = (out.Events ?? []).map((e) => ({ username: e.Username, source: e.EventSource, body: JSON.parse(e.CloudTrailEvent ?? "{}") as Record<string, unknown> }));
    expect(events).toHaveLength(3);
    const [foreign, tooLong, ok] = events;
    expect(ok).toMatchObject({
      username: "b.simon@contoso-sandbox.onmicrosoft.com",
      source: "sts.amazonaws.com",
      body: {
        eventName: "AssumeRoleWithSAML",
        eventType: "AwsApiCall",
        recipientAccountId: ACCOUNT,
        userIdentity: { type: "SAMLUser", userName: "b.simon@contoso-sandbox.onmicrosoft.com" },
        requestParameters: { roleArn: READER, principalArn: PROVIDER, roleSessionName: "b.simon@contoso-sandbox.onmicrosoft.com" },
        responseElements: { assumedRoleUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ProjectReader/b.simon@contoso-sandbox.onmicrosoft.com` } },
      },
    });
    const identity = ok?.body.userIdentity as { principalId: string; identityProvider: string };
    expect(identity.principalId).toBe(`${identity.identityProvider}:b.simon@contoso-sandbox.onmicrosoft.com`);
    expect(ok?.body.errorCode).toBeUndefined();
    expect(tooLong?.body).toMatchObject({ errorCode: "ValidationError", errorMessage: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", responseElements: null });
    expect(foreign?.body).toMatchObject({ errorCode: "InvalidIdentityToken", errorMessage: "Response signature invalid", requestParameters: { roleArn: READER } });
    // STS called directly writes the same event; a role in an account nobody has is nobody's event.
    await t.assume(await t.assertion(), READER, 900);
    await errorOf(t.assume(await t.assertion({ roles: ["arn:aws:iam::999999999999:role/X,arn:aws:iam::999999999999:saml-provider/Y"] }), "arn:aws:iam::999999999999:role/X"));
    const after = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "sts.amazonaws.com" }] }));
    expect(after.Events).toHaveLength(4);
    trail.destroy();
  });
});
