import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListSAMLProvidersCommand,
  paginateListRoles,
  PutRolePolicyCommand,
  UpdateSAMLProviderCommand,
} from "@aws-sdk/client-iam";
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { clientConfig, errorOf, idpMetadata, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

const trust = (provider: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: {
      Effect: "Allow",
      Action: "sts:AssumeRoleWithSAML",
      Principal: { Federated: provider },
      Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
    },
  });

describe("organizations", () => {
  it("describes the organization and pages accounts with the 20-per-page maximum", async () => {
    s = await startAws();
    const org = await s.org.send(new DescribeOrganizationCommand({}));
    expect(org.Organization).toMatchObject({ Id: SANDBOX.aws.organizationId, MasterAccountId: SANDBOX.aws.managementAccountId, FeatureSet: "ALL" });
    const ids: string[] = [];
    const sizes: number[] = [];
    for await (const p of paginateListAccounts({ client: s.org, pageSize: 3 }, {})) {
      sizes.push(p.Accounts?.length ?? 0);
      ids.push(...(p.Accounts ?? []).map((a) => a.Id ?? ""));
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(ids).toEqual(expect.arrayContaining([SANDBOX.aws.managementAccountId, ...SANDBOX.aws.memberAccountIds]));
    const tooMany = await errorOf(s.org.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect(tooMany.name).toBe("InvalidInputException");
    expect(tooMany.raw.Reason).toBe("MAX_VALUE_EXCEEDED");
  });

  it("walks root → OUs → accounts, with six member accounts in two OUs", async () => {
    s = await startAws();
    const [root] = (await s.org.send(new ListRootsCommand({}))).Roots ?? [];
    const ous = (await s.org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: root?.Id }))).OrganizationalUnits ?? [];
    expect(ous.map((o) => o.Name).sort()).toEqual(["Security", "Workloads"]);
    let members = 0;
    for (const ou of ous) members += (await s.org.send(new ListAccountsForParentCommand({ ParentId: ou.Id }))).Accounts?.length ?? 0;
    expect(members).toBe(6);
    expect((await errorOf(s.org.send(new ListAccountsForParentCommand({ ParentId: "ou-zzzz-zzzzzzzz" })))).name).toBe("ParentNotFoundException");
  });
});

describe("IAM (legacy mode) and STS", () => {
  it("creates a SAML provider from valid metadata only, and roles that must trust an existing provider", async () => {
    s = await startAws();
    const bad = await errorOf(
      s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: `<EntityDescriptor>${"x".repeat(1200)}</EntityDescriptor>` })),
    );
    expect(bad.name).toBe("InvalidInputException");
    const short = await errorOf(s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: "<x/>" })));
    expect(short.name).toBe("ValidationError");
    const { SAMLProviderArn } = await s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata() }));
    expect(SAMLProviderArn).toBe(`arn:aws:iam::${SANDBOX.aws.managementAccountId}:saml-provider/AzureAD`);
    expect((await errorOf(s.iam.send(new CreateSAMLProviderCommand({ Name: "azuread", SAMLMetadataDocument: idpMetadata() })))).name).toBe(
      "EntityAlreadyExistsException",
    );
    expect((await s.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn }))).SAMLMetadataDocument).toContain("IDPSSODescriptor");
    await s.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn, SAMLMetadataDocument: idpMetadata() }));
    expect((await s.iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList?.map((p) => p.Arn)).toEqual([SAMLProviderArn]);

    const ghost = await errorOf(
      s.iam.send(
        new CreateRoleCommand({ RoleName: "Ghost", AssumeRolePolicyDocument: trust(`arn:aws:iam::${SANDBOX.aws.managementAccountId}:saml-provider/Nope`) }),
      ),
    );
    expect(ghost.name).toBe("MalformedPolicyDocumentException");
    const role = await s.iam.send(new CreateRoleCommand({ RoleName: "ProjectReader", AssumeRolePolicyDocument: trust(SAMLProviderArn ?? "") }));
    expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "")).toContain("sts:AssumeRoleWithSAML");
    expect(role.Role?.CreateDate).toBeInstanceOf(Date);
    expect((await errorOf(s.iam.send(new CreateRoleCommand({ RoleName: "Bad Name", AssumeRolePolicyDocument: trust(SAMLProviderArn ?? "") })))).name).toBe(
      "ValidationError",
    );
    expect((await errorOf(s.iam.send(new GetRoleCommand({ RoleName: "Missing" })))).name).toBe("NoSuchEntityException");
    await s.iam.send(new AttachRolePolicyCommand({ RoleName: "ProjectReader", PolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" }));
    expect((await s.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "ProjectReader" }))).AttachedPolicies).toEqual([
      { PolicyName: "ViewOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" },
    ]);
    expect((await errorOf(s.iam.send(new DeleteRoleCommand({ RoleName: "ProjectReader" })))).name).toBe("DeleteConflictException");
  });

  it("keeps a role's inline policies (Put/Get/List/DeleteRolePolicy), refuses bad ones, and a role with one cannot be deleted", async () => {
    s = await startAws();
    const { SAMLProviderArn } = await s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata() }));
    await s.iam.send(new CreateRoleCommand({ RoleName: "Reader", AssumeRolePolicyDocument: trust(SAMLProviderArn ?? "") }));
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }] });
    await s.iam.send(new PutRolePolicyCommand({ RoleName: "Reader", PolicyName: "reports", PolicyDocument: doc }));
    await s.iam.send(new PutRolePolicyCommand({ RoleName: "Reader", PolicyName: "audit", PolicyDocument: doc }));
    expect((await s.iam.send(new ListRolePoliciesCommand({ RoleName: "Reader" }))).PolicyNames).toEqual(["audit", "reports"]);
    // IAM returns the document URL-encoded (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html).
    expect(decodeURIComponent((await s.iam.send(new GetRolePolicyCommand({ RoleName: "Reader", PolicyName: "reports" }))).PolicyDocument ?? "")).toBe(doc);
    expect((await errorOf(s.iam.send(new GetRolePolicyCommand({ RoleName: "Reader", PolicyName: "nope" })))).name).toBe("NoSuchEntityException");
    expect((await errorOf(s.iam.send(new PutRolePolicyCommand({ RoleName: "Reader", PolicyName: "bad name", PolicyDocument: doc })))).name).toBe("ValidationError");
    expect((await errorOf(s.iam.send(new PutRolePolicyCommand({ RoleName: "Reader", PolicyName: "x", PolicyDocument: "{not json" })))).name).toBe("MalformedPolicyDocumentException");
    expect((await errorOf(s.iam.send(new PutRolePolicyCommand({ RoleName: "Missing", PolicyName: "x", PolicyDocument: doc })))).name).toBe("NoSuchEntityException");
    expect((await errorOf(s.iam.send(new DeleteRoleCommand({ RoleName: "Reader" })))).name).toBe("DeleteConflictException");
    await s.iam.send(new DeleteRolePolicyCommand({ RoleName: "Reader", PolicyName: "audit" }));
    await s.iam.send(new DeleteRolePolicyCommand({ RoleName: "Reader", PolicyName: "reports" }));
    expect((await s.iam.send(new ListRolePoliciesCommand({ RoleName: "Reader" }))).PolicyNames).toEqual([]);
    await s.iam.send(new DeleteRoleCommand({ RoleName: "Reader" }));
  });

  it("pages ListRoles with Marker/IsTruncated", async () => {
    s = await startAws();
    const { SAMLProviderArn } = await s.iam.send(new CreateSAMLProviderCommand({ Name: "AzureAD", SAMLMetadataDocument: idpMetadata() }));
    for (let i = 0; i < 5; i++) await s.iam.send(new CreateRoleCommand({ RoleName: `Role${i}`, AssumeRolePolicyDocument: trust(SAMLProviderArn ?? "") }));
    const sizes: number[] = [];
    for await (const p of paginateListRoles({ client: s.iam, pageSize: 2 }, {})) sizes.push(p.Roles?.length ?? 0);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("creates the role-manager user with an access key that STS then recognises; unknown keys are refused", async () => {
    s = await startAws();
    const me = await s.sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: SANDBOX.aws.managementAccountId });
    const policy = await s.iam.send(
      new CreatePolicyCommand({
        PolicyName: "AzureAD_SSOUserRole_Policy",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:ListRoles"], Resource: "*" }] }),
      }),
    );
    expect(policy.Policy?.Arn).toBe(`arn:aws:iam::${SANDBOX.aws.managementAccountId}:policy/AzureAD_SSOUserRole_Policy`);
    expect((await errorOf(s.iam.send(new CreatePolicyCommand({ PolicyName: "Broken", PolicyDocument: "{" })))).name).toBe("MalformedPolicyDocumentException");
    await s.iam.send(new CreateUserCommand({ UserName: "AzureADRoleManager" }));
    const key = (await s.iam.send(new CreateAccessKeyCommand({ UserName: "AzureADRoleManager" }))).AccessKey;
    const asManager = new STSClient({
      ...clientConfig(`${s.server.url}/aws/sts`),
      credentials: { accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" },
    });
    expect((await asManager.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${SANDBOX.aws.managementAccountId}:user/AzureADRoleManager`);
    await s.iam.send(new CreateAccessKeyCommand({ UserName: "AzureADRoleManager" }));
    expect((await errorOf(s.iam.send(new CreateAccessKeyCommand({ UserName: "AzureADRoleManager" })))).name).toBe("LimitExceededException");
    const stranger = new IAMClient({ ...clientConfig(`${s.server.url}/aws/iam`), credentials: { accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x" } });
    expect((await errorOf(stranger.send(new ListSAMLProvidersCommand({})))).name).toBe("InvalidClientTokenId");
  });
});
