import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand } from "@aws-sdk/client-iam";
import { CreateGroupCommand } from "@aws-sdk/client-identitystore";
import { CreatePermissionSetCommand, ListPermissionSetsCommand, PutInlinePolicyToPermissionSetCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { SANDBOX_CALLER } from "./iam-identities";
import { TRAILED_OPERATIONS } from "./management-trail";
import { clientConfig, errorOf, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

/** An IAM user with its own access key and the given managed policy: "someone else" calling AWS. */
async function userWithKey(sandbox: AwsSandbox, name: string, policyArn: string) {
  const { User } = await sandbox.iam.send(new CreateUserCommand({ UserName: name }));
  await sandbox.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  const { AccessKey } = await sandbox.iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  return { arn: User!.Arn!, id: User!.UserId!, credentials };
}

const account = () => s!.module.state().accountId;
const detailOf = (event: Event | undefined) => JSON.parse(event?.CloudTrailEvent ?? "{}") as Record<string, unknown>;

describe("management events for the write calls the sandbox serves", () => {
  it("records who (the SigV4 caller), when, what was asked and which resources, in AWS's record shape", async () => {
    s = await startAws();
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    const url = `${s.server.url}/aws`;
    const { PermissionSet } = await s.sso.send(new CreatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, Name: "Trailed" }));
    const arn = PermissionSet!.PermissionSetArn!;
    const someone = await userWithKey(s, "console-admin", "arn:aws:iam::aws:policy/AdministratorAccess");
    const theirs = new SSOAdminClient({ ...clientConfig(url), credentials: someone.credentials });
    const before = Date.now();
    await theirs.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: arn, InlinePolicy: POLICY }));
    // Reads leave no management event here.
    await s.sso.send(new ListPermissionSetsCommand({ InstanceArn: SANDBOX.aws.instanceArn }));

    const ct = new CloudTrailClient(clientConfig(url));
    const { Events = [] } = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: arn }] }));
    expect(Events.map((e) => e.EventName)).toEqual(["PutInlinePolicyToPermissionSet", "CreatePermissionSet"]);
    const [put, create] = Events;
    expect(put).toMatchObject({
      EventSource: "sso.amazonaws.com",
      ReadOnly: "false",
      Username: "console-admin",
      AccessKeyId: someone.credentials.accessKeyId,
      Resources: [
        { ResourceType: "AWS::SSO::Instance", ResourceName: SANDBOX.aws.instanceArn },
        { ResourceType: "AWS::SSO::PermissionSet", ResourceName: arn },
      ],
    });
    expect(put?.EventTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(detailOf(put)).toMatchObject({
      eventVersion: "1.08",
      eventSource: "sso.amazonaws.com",
      eventName: "PutInlinePolicyToPermissionSet",
      eventType: "AwsApiCall",
      awsRegion: SANDBOX.aws.region,
      managementEvent: true,
      readOnly: false,
      recipientAccountId: account(),
      userIdentity: {
        type: "IAMUser",
        arn: someone.arn,
        principalId: someone.id,
        accountId: account(),
        accessKeyId: someone.credentials.accessKeyId,
        userName: "console-admin",
      },
      requestParameters: { instanceArn: SANDBOX.aws.instanceArn, permissionSetArn: arn, inlinePolicy: POLICY },
    });
    expect(detailOf(put).eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The portal's own (sandbox administrator) key, and a create's response elements naming what it made.
    expect(detailOf(create)).toMatchObject({
      userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${account()}:user/${SANDBOX_CALLER.name}`, accessKeyId: SANDBOX.aws.accessKeyId },
      requestParameters: { instanceArn: SANDBOX.aws.instanceArn, name: "Trailed" },
      responseElements: { permissionSet: { permissionSetArn: arn, name: "Trailed" } },
    });
    // By access key: only that caller's calls.
    const byKey = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: someone.credentials.accessKeyId }] }));
    expect(byKey.Events?.map((e) => e.EventName)).toEqual(["PutInlinePolicyToPermissionSet"]);
    theirs.destroy();
    ct.destroy();
  });

  it("records refused calls with their error, Identity Store events with the group, and IAM's in us-east-1", async () => {
    s = await startAws();
    await s.admin("POST", "/settings", { rateLimits: { cloudtrail: null } });
    const url = `${s.server.url}/aws`;
    const reader = await userWithKey(s, "read-only", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    const theirs = new SSOAdminClient({ ...clientConfig(url), credentials: reader.credentials });
    const refused = await errorOf(theirs.send(new CreatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, Name: "Nope" })));
    expect(refused.name).toBe("AccessDeniedException");
    const ct = new CloudTrailClient(clientConfig(url));
    const bySource = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "sso.amazonaws.com" }] }));
    expect(bySource.Events).toHaveLength(1);
    expect(detailOf(bySource.Events?.[0])).toMatchObject({
      eventName: "CreatePermissionSet",
      errorCode: "AccessDeniedException",
      errorMessage: expect.stringContaining("sso:CreatePermissionSet"),
      userIdentity: { arn: reader.arn },
      responseElements: null,
    });

    const { GroupId } = await s.ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: "Made Here" }));
    const groups = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: GroupId! }] }));
    expect(groups.Events).toMatchObject([
      { EventName: "CreateGroup", EventSource: "identitystore.amazonaws.com", Resources: [{ ResourceType: "AWS::IdentityStore::Group", ResourceName: GroupId }] },
    ]);
    expect(detailOf(groups.Events?.[0])).toMatchObject({ requestParameters: { identityStoreId: SANDBOX.aws.identityStoreId, displayName: "Made Here" } });

    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: account() }, Action: "sts:AssumeRole" }] });
    await s.iam.send(new CreateRoleCommand({ RoleName: "Trailed", AssumeRolePolicyDocument: trust }));
    const iamEvents = (region: string) =>
      new CloudTrailClient({ ...clientConfig(url), region }).send(
        new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "iam.amazonaws.com" }] }),
      );
    // IAM is global: its events are in US East (N. Virginia), not in the instance Region.
    expect((await iamEvents(SANDBOX.aws.region)).Events).toEqual([]);
    const east = (await iamEvents("us-east-1")).Events ?? [];
    expect(east.map((e) => e.EventName)).toEqual(["CreateRole", "CreateAccessKey", "AttachUserPolicy", "CreateUser"]);
    expect(detailOf(east[0])).toMatchObject({ awsRegion: "us-east-1", requestParameters: { roleName: "Trailed", assumeRolePolicyDocument: trust } });
    theirs.destroy();
    ct.destroy();
  });

  it("covers the write operations the issue names", () => {
    expect(TRAILED_OPERATIONS.sso).toEqual(
      expect.arrayContaining([
        "CreatePermissionSet",
        "UpdatePermissionSet",
        "DeletePermissionSet",
        "PutInlinePolicyToPermissionSet",
        "AttachManagedPolicyToPermissionSet",
        "DetachManagedPolicyFromPermissionSet",
        "CreateAccountAssignment",
        "DeleteAccountAssignment",
        "ProvisionPermissionSet",
      ]),
    );
    expect(TRAILED_OPERATIONS.identitystore).toEqual(expect.arrayContaining(["CreateGroup", "DeleteGroup", "CreateGroupMembership", "DeleteGroupMembership"]));
    expect(TRAILED_OPERATIONS.iam).toEqual(expect.arrayContaining(["CreateSAMLProvider", "UpdateSAMLProvider", "CreateRole", "DeleteRole", "AttachRolePolicy"]));
  });
});
