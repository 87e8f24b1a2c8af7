import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  IAMClient,
  ListRolesCommand,
  ListSAMLProvidersCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { samlResponseXml, samlTrust, signResponse, testIdpKey } from "./saml-testing";
import { clientConfig, errorOf, idpMetadata, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

const MANAGEMENT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0];
const ORG_ROLE = `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`;

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const credsOf = (out: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): Creds => ({
  accessKeyId: out.Credentials?.AccessKeyId ?? "",
  secretAccessKey: out.Credentials?.SecretAccessKey ?? "",
  sessionToken: out.Credentials?.SessionToken,
});

describe("member accounts through sts:AssumeRole", () => {
  it("assumes OrganizationAccountAccessRole in a created member account and works on that account's own IAM", async () => {
    s = await startAws();
    const out = await s.sts.send(new AssumeRoleCommand({ RoleArn: ORG_ROLE, RoleSessionName: "identity-bridge-legacy", DurationSeconds: 900 }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/identity-bridge-legacy`);
    const creds = credsOf(out);
    const sts = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: creds });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(MEMBER);

    const memberIam = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: creds });
    const provider = await memberIam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata() }));
    expect(provider.SAMLProviderArn).toBe(`arn:aws:iam::${MEMBER}:saml-provider/AzureAD`);
    await memberIam.send(new CreateRoleCommand({ RoleName: "ProjectReader", AssumeRolePolicyDocument: samlTrust([provider.SAMLProviderArn ?? ""]) }));
    expect((await memberIam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName).sort()).toEqual(["OrganizationAccountAccessRole", "ProjectReader"]);
    // The management account's IAM is another one.
    expect((await s.iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList).toEqual([]);

    // A role the management account's provider cannot be trusted from the member account.
    const ghost = await errorOf(
      memberIam.send(new CreateRoleCommand({ RoleName: "Ghost", AssumeRolePolicyDocument: samlTrust([`arn:aws:iam::${MEMBER}:saml-provider/Nope`]) })),
    );
    expect(ghost.name).toBe("MalformedPolicyDocumentException");

    // Federation into the member account: its provider, its role.
    const idp = await testIdpKey();
    await memberIam.send(new CreateSAMLProviderCommand({ Name: "Entra2", SAMLMetadataDocument: idpMetadata({ certificate: idp.base64 }) }));
    const entra2 = `arn:aws:iam::${MEMBER}:saml-provider/Entra2`;
    await memberIam.send(new CreateRoleCommand({ RoleName: "Reader2", AssumeRolePolicyDocument: samlTrust([entra2]) }));
    const reader2 = `arn:aws:iam::${MEMBER}:role/Reader2`;
    const saml = await s.sts.send(
      new AssumeRoleWithSAMLCommand({
        RoleArn: reader2,
        PrincipalArn: entra2,
        SAMLAssertion: signResponse(samlResponseXml({ now: Date.now(), roles: [`${reader2},${entra2}`] }), idp),
      }),
    );
    expect(saml.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/Reader2/b.simon@contoso-sandbox.onmicrosoft.com`);
  });

  it("refuses roles that do not exist or do not trust the caller, an unmet ExternalId, and role chaining beyond an hour", async () => {
    s = await startAws();
    const denied = await errorOf(s.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Missing`, RoleSessionName: "x1" })));
    expect(denied).toMatchObject({
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${MANAGEMENT}:user/identity-bridge-sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${MEMBER}:role/Missing`,
    });
    expect(
      (await errorOf(s.sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::999999999999:role/OrganizationAccountAccessRole", RoleSessionName: "x1" }))))
        .name,
    ).toBe("AccessDenied");

    const member = credsOf(await s.sts.send(new AssumeRoleCommand({ RoleArn: ORG_ROLE, RoleSessionName: "setup" })));
    const memberIam = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: member });
    const withExternalId = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "ib-1234" } },
        },
      ],
    };
    await memberIam.send(new CreateRoleCommand({ RoleName: "PortalAccess", AssumeRolePolicyDocument: JSON.stringify(withExternalId) }));
    const portalAccess = `arn:aws:iam::${MEMBER}:role/PortalAccess`;
    expect((await errorOf(s.sts.send(new AssumeRoleCommand({ RoleArn: portalAccess, RoleSessionName: "p" })))).name).toBe("ValidationError");
    expect((await errorOf(s.sts.send(new AssumeRoleCommand({ RoleArn: portalAccess, RoleSessionName: "portal" })))).name).toBe("AccessDenied");
    expect(
      (await s.sts.send(new AssumeRoleCommand({ RoleArn: portalAccess, RoleSessionName: "portal", ExternalId: "ib-1234" }))).AssumedRoleUser?.Arn,
    ).toContain("assumed-role/PortalAccess/portal");

    const chainTarget = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MEMBER}:root` }, Action: "sts:AssumeRole" }],
    };
    await memberIam.send(new CreateRoleCommand({ RoleName: "ChainTarget", AssumeRolePolicyDocument: JSON.stringify(chainTarget), MaxSessionDuration: 7200 }));
    const chained = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: member });
    const chainArn = `arn:aws:iam::${MEMBER}:role/ChainTarget`;
    expect(await errorOf(chained.send(new AssumeRoleCommand({ RoleArn: chainArn, RoleSessionName: "again", DurationSeconds: 7200 })))).toMatchObject({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    expect((await chained.send(new AssumeRoleCommand({ RoleArn: chainArn, RoleSessionName: "again" }))).AssumedRoleUser?.Arn).toContain(
      `${MEMBER}:assumed-role/ChainTarget/again`,
    );
  });
});

describe("an IAM user's access key in a member account", () => {
  it("signs as that account's user: ListRoles lists that account's roles, a wrong secret is refused, its permissions are its own", async () => {
    s = await startAws();
    const member = credsOf(await s.sts.send(new AssumeRoleCommand({ RoleArn: ORG_ROLE, RoleSessionName: "setup" })));
    const memberIam = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: member });
    await memberIam.send(new CreateUserCommand({ UserName: "EntraRoleManager", Path: "/entra-saml/" }));
    const made = await memberIam.send(new CreateAccessKeyCommand({ UserName: "EntraRoleManager" }));
    const key = { accessKeyId: made.AccessKey?.AccessKeyId ?? "", secretAccessKey: made.AccessKey?.SecretAccessKey ?? "" };

    const asUser = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: key });
    // No policy yet: the member account's user may not list roles.
    expect((await errorOf(asUser.send(new ListRolesCommand({})))).name).toBe("AccessDenied");
    const policy = await memberIam.send(
      new CreatePolicyCommand({
        PolicyName: "EntraRoleImport",
        Path: "/entra-saml/",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }] }),
      }),
    );
    await memberIam.send(new AttachUserPolicyCommand({ UserName: "EntraRoleManager", PolicyArn: policy.Policy?.Arn ?? "" }));
    const roles = (await asUser.send(new ListRolesCommand({}))).Roles?.map((r) => r.Arn) ?? [];
    expect(roles).toContain(ORG_ROLE);
    expect(roles.every((arn) => arn?.startsWith(`arn:aws:iam::${MEMBER}:`))).toBe(true);

    const sts = new STSClient({ ...clientConfig(`${s.server.url}/aws/sts`), credentials: key });
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: MEMBER, Arn: `arn:aws:iam::${MEMBER}:user/entra-saml/EntraRoleManager` });

    const wrong = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: { ...key, secretAccessKey: `${key.secretAccessKey.slice(0, -2)}xx` } });
    expect((await errorOf(wrong.send(new ListRolesCommand({})))).name).toBe("SignatureDoesNotMatch");
  });
});
