import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeletePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
  UpdatePermissionSetCommand,
  paginateListPermissionSets,
} from "@aws-sdk/client-sso-admin";
import { GetGroupIdCommand } from "@aws-sdk/client-identitystore";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { clientConfig, errorOf, signedFetch, startAws, type AwsSandbox } from "./testing";

const InstanceArn = SANDBOX.aws.instanceArn;
const account = SANDBOX.aws.memberAccountIds[0];
let s: AwsSandbox;
afterEach(async () => s?.close());

async function groupId(name = "AWSSecurityAuditors") {
  const out = await s.ids.send(
    new GetGroupIdCommand({
      IdentityStoreId: SANDBOX.aws.identityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: name } },
    }),
  );
  return out.GroupId ?? "";
}

async function permissionSet(Name = "ProjectReader") {
  const out = await s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name, SessionDuration: "PT8H" }));
  return out.PermissionSet?.PermissionSetArn ?? "";
}

describe("instances", () => {
  it("lists nothing until the instance is enabled in the console, then the organization instance", async () => {
    s = await startAws({ enable: false });
    expect((await s.sso.send(new ListInstancesCommand({}))).Instances).toEqual([]);
    expect((await errorOf(s.sso.send(new DescribeInstanceCommand({ InstanceArn })))).name).toBe("ResourceNotFoundException");
    await s.admin("POST", "/instance/enable");
    const [instance] = (await s.sso.send(new ListInstancesCommand({}))).Instances ?? [];
    expect(instance).toMatchObject({
      InstanceArn,
      IdentityStoreId: SANDBOX.aws.identityStoreId,
      OwnerAccountId: SANDBOX.aws.managementAccountId,
      Status: "ACTIVE",
    });
    expect(instance?.CreatedDate).toBeInstanceOf(Date);
  });
});

describe("permission sets", () => {
  it("validates names, session durations and relay state as the model does", async () => {
    s = await startAws();
    const space = await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Project Admin" })));
    expect(space.name).toBe("ValidationException");
    expect(space.message).toContain("at 'name' failed to satisfy constraint");
    expect((await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "x".repeat(33) })))).message).toContain(
      "length less than or equal to 32",
    );
    expect((await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Ok", SessionDuration: "PT13H" })))).name).toBe("ValidationException");
    expect((await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Ok", SessionDuration: "8 hours" })))).name).toBe(
      "ValidationException",
    );
    expect((await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Ok", RelayState: "x".repeat(241) })))).name).toBe(
      "ValidationException",
    );
    const both = await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn: "arn:aws:sso:::instance/bad", Name: "bad name" })));
    expect(both.message).toMatch(/^2 validation errors detected/);
    const ok = await s.sso.send(
      new CreatePermissionSetCommand({ InstanceArn, Name: "ProjectAdmin", SessionDuration: "PT12H", RelayState: "https://console.aws.amazon.com/ec2/home" }),
    );
    expect(ok.PermissionSet).toMatchObject({ Name: "ProjectAdmin", SessionDuration: "PT12H" });
    expect(ok.PermissionSet?.PermissionSetArn).toMatch(/^arn:aws:sso:::permissionSet\/ssoins-72230c8e1d4f5a6b\/ps-[0-9a-f]{16}$/);
  });

  it("refuses a duplicate name with ConflictException", async () => {
    s = await startAws();
    await permissionSet("ProjectAdmin");
    const dup = await errorOf(s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "ProjectAdmin" })));
    expect(dup.name).toBe("ConflictException");
    expect(dup.message).toBe("PermissionSet with name ProjectAdmin already exists.");
  });

  it("attaches only real AWS managed policies, including job-function paths, and refuses re-attaching", async () => {
    s = await startAws();
    const PermissionSetArn = await permissionSet();
    await s.sso.send(
      new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" }),
    );
    const missingPath = await errorOf(
      s.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ViewOnlyAccess" })),
    );
    expect(missingPath.name).toBe("ResourceNotFoundException");
    const customer = await errorOf(
      s.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::111122223333:policy/Mine" })),
    );
    expect(customer.name).toBe("ValidationException");
    const again = await errorOf(
      s.sso.send(
        new AttachManagedPolicyToPermissionSetCommand({
          InstanceArn,
          PermissionSetArn,
          ManagedPolicyArn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        }),
      ),
    );
    expect(again.name).toBe("ConflictException");
    const listed = await s.sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn }));
    expect(listed.AttachedManagedPolicies).toEqual([{ Arn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", Name: "ViewOnlyAccess" }]);
  });

  it("pages with the SDK paginator and refuses MaxResults over 100 and foreign tokens", async () => {
    s = await startAws();
    for (let i = 0; i < 5; i++) await permissionSet(`Set${i}`);
    const pages: number[] = [];
    for await (const p of paginateListPermissionSets({ client: s.sso, pageSize: 2 }, { InstanceArn })) pages.push(p.PermissionSets?.length ?? 0);
    // 5 created + the seeded Control Tower permission set.
    expect(pages).toEqual([2, 2, 2]);
    expect(
      (
        await errorOf(
          s.sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account, PermissionSetArn: await permissionSet("X"), MaxResults: 101 })),
        )
      ).message,
    ).toContain("value less than or equal to 100");
  });
});

describe("asynchronous operations", () => {
  it("moves an account assignment IN_PROGRESS → SUCCEEDED on the sandbox clock", async () => {
    s = await startAws();
    const PermissionSetArn = await permissionSet();
    const PrincipalId = await groupId();
    const created = await s.sso.send(
      new CreateAccountAssignmentCommand({ InstanceArn, TargetId: account, TargetType: "AWS_ACCOUNT", PermissionSetArn, PrincipalType: "GROUP", PrincipalId }),
    );
    const status = created.AccountAssignmentCreationStatus;
    expect(status?.Status).toBe("IN_PROGRESS");
    expect(status?.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const describe = () =>
      s.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: status?.RequestId }));
    expect((await describe()).AccountAssignmentCreationStatus?.Status).toBe("IN_PROGRESS");
    expect((await s.sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account, PermissionSetArn }))).AccountAssignments).toEqual([]);
    // A second identical request while the first is running conflicts.
    expect(
      (
        await errorOf(
          s.sso.send(
            new CreateAccountAssignmentCommand({
              InstanceArn,
              TargetId: account,
              TargetType: "AWS_ACCOUNT",
              PermissionSetArn,
              PrincipalType: "GROUP",
              PrincipalId,
            }),
          ),
        )
      ).name,
    ).toBe("ConflictException");
    await s.advance(2_000);
    expect((await describe()).AccountAssignmentCreationStatus?.Status).toBe("SUCCEEDED");
    expect((await s.sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account, PermissionSetArn }))).AccountAssignments).toEqual([
      { AccountId: account, PermissionSetArn, PrincipalType: "GROUP", PrincipalId },
    ]);
    const forPrincipal = await s.sso.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn, PrincipalId, PrincipalType: "GROUP" }));
    expect(forPrincipal.AccountAssignments?.map((a) => a.AccountId)).toEqual([account]);
    expect((await errorOf(s.sso.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn })))).name).toBe("ConflictException");
  });

  it("fails an assignment for a principal that does not exist, and honours the failure knob", async () => {
    s = await startAws();
    const PermissionSetArn = await permissionSet();
    const ghost = `9067c1a2b3-${crypto.randomUUID()}`;
    const bad = await s.sso.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        TargetId: account,
        TargetType: "AWS_ACCOUNT",
        PermissionSetArn,
        PrincipalType: "USER",
        PrincipalId: ghost,
      }),
    );
    await s.advance(2_000);
    const failed = await s.sso.send(
      new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: bad.AccountAssignmentCreationStatus?.RequestId }),
    );
    expect(failed.AccountAssignmentCreationStatus).toMatchObject({ Status: "FAILED" });
    expect(failed.AccountAssignmentCreationStatus?.FailureReason).toContain(ghost);

    await s.admin("POST", "/settings", { failNextAsync: 1, failureReason: "boom", asyncDelayMs: 10_000 });
    const forced = await s.sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "AWS_ACCOUNT", TargetId: account }));
    const id = forced.PermissionSetProvisioningStatus?.RequestId;
    await s.advance(9_000);
    expect(
      (await s.sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: id })))
        .PermissionSetProvisioningStatus?.Status,
    ).toBe("IN_PROGRESS");
    await s.advance(1_000);
    expect(
      (await s.sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: id })))
        .PermissionSetProvisioningStatus,
    ).toMatchObject({
      Status: "FAILED",
      FailureReason: "boom",
    });
  });

  it("reports LATEST_PERMISSION_SET_NOT_PROVISIONED after a change until ProvisionPermissionSet completes", async () => {
    s = await startAws();
    const PermissionSetArn = await permissionSet();
    const PrincipalId = await groupId();
    await s.sso.send(
      new CreateAccountAssignmentCommand({ InstanceArn, TargetId: account, TargetType: "AWS_ACCOUNT", PermissionSetArn, PrincipalType: "GROUP", PrincipalId }),
    );
    await s.advance(2_000);
    const stale = () =>
      s.sso
        .send(
          new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: account, ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" }),
        )
        .then((r) => r.PermissionSets ?? []);
    expect(await stale()).toEqual([]);
    await s.sso.send(
      new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
    );
    expect(await stale()).toEqual([PermissionSetArn]);
    const accounts = await s.sso.send(
      new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn, ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" }),
    );
    expect(accounts.AccountIds).toEqual([account]);

    const run = await s.sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "ALL_PROVISIONED_ACCOUNTS" }));
    expect(run.PermissionSetProvisioningStatus?.Status).toBe("IN_PROGRESS");
    // While provisioning runs, the permission set is locked.
    expect((await errorOf(s.sso.send(new UpdatePermissionSetCommand({ InstanceArn, PermissionSetArn, SessionDuration: "PT2H" })))).name).toBe(
      "ConflictException",
    );
    expect((await errorOf(s.sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "ALL_PROVISIONED_ACCOUNTS" })))).name).toBe(
      "ConflictException",
    );
    await s.advance(2_000);
    expect(await stale()).toEqual([]);
    expect((await s.sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: account }))).PermissionSets).toEqual([
      PermissionSetArn,
    ]);

    // Deleting the last assignment removes the permission set from the account.
    await s.sso.send(
      new DeleteAccountAssignmentCommand({ InstanceArn, TargetId: account, TargetType: "AWS_ACCOUNT", PermissionSetArn, PrincipalType: "GROUP", PrincipalId }),
    );
    await s.advance(2_000);
    expect((await s.sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: account }))).PermissionSets).toEqual([]);
    await s.sso.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn }));
  });
});

describe("wire protocol", () => {
  it("answers unknown operations, malformed bodies and unknown keys as the Coral front end does", async () => {
    s = await startAws();
    const post = (target: string, body: string, accessKeyId: string = SANDBOX.aws.accessKeyId) =>
      signedFetch(`${s.server.url}/aws/`, {
        service: "sso",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
        body,
        credentials: { accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
      });
    const unknown = await post("SWBExternalService.MakeCoffee", "{}");
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException/);
    expect(unknown.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const malformed = await post("SWBExternalService.ListInstances", "{not json");
    expect(((await malformed.json()) as { __type: string }).__type).toBe("com.amazon.coral.service#SerializationException");
    const stranger = await post(
      "SWBExternalService.ListInstances",
      "{}",
      "AKIAUNKNOWN000000000",
    );
    expect(((await stranger.json()) as { __type: string }).__type).toContain("UnrecognizedClientException");
    const stranger2 = new SSOAdminClient({
      ...clientConfig(`${s.server.url}/aws`),
      credentials: { accessKeyId: "AKIANOTKNOWN00000000", secretAccessKey: "x" },
    });
    expect((await errorOf(stranger2.send(new ListInstancesCommand({})))).name).toBe("UnrecognizedClientException");
  });

  it("throttles at the documented 20 TPS, and the SDK's own retry rides out injected 429s", async () => {
    s = await startAws({ unlimited: false });
    // 60 at once: however slowly a busy machine delivers them, they cannot all fit in the 20 TPS budget.
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => s.sso.send(new ListInstancesCommand({}))));
    const throttled = results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "ThrottlingException");
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeLessThan(60);

    await s.admin("POST", "/settings", { rateLimits: { identitycenter: null } });
    await fetch(`${s.server.url}/_sandbox/faults`, {
      method: "POST",
      body: JSON.stringify({ pathPrefix: "/aws", match: "ListInstances", throttleRetryAfterSeconds: 0, times: 2 }),
    });
    const retrying = new SSOAdminClient(clientConfig(`${s.server.url}/aws`, 3));
    const out = await retrying.send(new ListInstancesCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect(out.Instances).toHaveLength(1);
  });
});
