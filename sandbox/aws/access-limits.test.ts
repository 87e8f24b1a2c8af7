import { CreateGroupCommand, DescribeGroupCommand, DescribeUserCommand, GetGroupIdCommand, GetUserIdCommand } from "@aws-sdk/client-identitystore";
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentsCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
  paginateListAccountAssignmentCreationStatus,
  type CreateAccountAssignmentCommandInput,
} from "@aws-sdk/client-sso-admin";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { clientConfig, enableScim, errorOf, signedFetch, startAws, type AwsSandbox } from "./testing";

const InstanceArn = SANDBOX.aws.instanceArn;
const IdentityStoreId = SANDBOX.aws.identityStoreId;
const OUS = ["Workloads/Prod", "Workloads/Dev", "Sandbox"];
/** The 50 generated member accounts: 800000000001 … 800000000050. */
const ACCOUNTS = Array.from({ length: 50 }, (_, i) => String(800_000_000_001 + i));

let s: AwsSandbox;
afterEach(async () => s?.close());

async function groups(names = ["Project Admins", "Project Users", "Project Readers"]): Promise<string[]> {
  const ids: string[] = [];
  for (const DisplayName of names) ids.push((await s.ids.send(new CreateGroupCommand({ IdentityStoreId, DisplayName }))).GroupId ?? "");
  return ids;
}

async function permissionSets(names = ["ProjectAdmin", "ProjectUser", "ProjectReader"]): Promise<string[]> {
  const arns: string[] = [];
  for (const Name of names) arns.push((await s.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name }))).PermissionSet?.PermissionSetArn ?? "");
  return arns;
}

const assignment = (TargetId: string, PermissionSetArn: string, PrincipalId: string, PrincipalType: "GROUP" | "USER" = "GROUP") =>
  ({ InstanceArn, TargetId, TargetType: "AWS_ACCOUNT", PermissionSetArn, PrincipalType, PrincipalId }) satisfies CreateAccountAssignmentCommandInput;

const settings = (body: Record<string, unknown>) => s.admin("POST", "/settings", body);

describe("account assignments within the documented limits", () => {
  it("creates 150 assignments (50 accounts × 3 groups) with a client that keeps at most 10 outstanding", async () => {
    s = await startAws({ seed: { accounts: 50, ous: OUS }, unlimited: false });
    // A faster bucket than the documented 20/s keeps the unit suite quick; the limit is still enforced.
    await settings({ asyncDelayMs: 40, rateLimits: { identitycenter: 200 } });
    const client = new SSOAdminClient(clientConfig(`${s.server.url}/aws`, 6));
    const [groupIds, psArns] = [await groups(), await permissionSets()];
    const queue = ACCOUNTS.flatMap((acct) => groupIds.map((g, i) => assignment(acct, psArns[i] ?? "", g)));
    expect(queue).toHaveLength(150);

    const inFlight = new Set<string>();
    const outcomes: string[] = [];
    let maxInFlight = 0;
    while (queue.length || inFlight.size) {
      while (inFlight.size < 10 && queue.length) {
        const next = queue.shift();
        if (!next) break;
        const out = await client.send(new CreateAccountAssignmentCommand(next));
        expect(out.AccountAssignmentCreationStatus?.Status).toBe("IN_PROGRESS");
        inFlight.add(out.AccountAssignmentCreationStatus?.RequestId ?? "");
        maxInFlight = Math.max(maxInFlight, inFlight.size);
      }
      await new Promise((r) => setTimeout(r, 20));
      for (const id of [...inFlight]) {
        const st = await client.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: id }));
        if (st.AccountAssignmentCreationStatus?.Status === "IN_PROGRESS") continue;
        inFlight.delete(id);
        outcomes.push(st.AccountAssignmentCreationStatus?.Status ?? "");
      }
    }
    expect(maxInFlight).toBe(10);
    expect(outcomes.filter((o) => o === "SUCCEEDED")).toHaveLength(150);

    const listed = [];
    for await (const p of paginateListAccountAssignmentCreationStatus({ client, pageSize: 100 }, { InstanceArn, Filter: { Status: "SUCCEEDED" } }))
      listed.push(...(p.AccountAssignmentsCreationStatus ?? []));
    expect(listed).toHaveLength(150);
    let assignments = 0;
    for (const acct of ACCOUNTS)
      for (const arn of psArns)
        assignments +=
          (await client.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: acct, PermissionSetArn: arn }))).AccountAssignments?.length ?? 0;
    expect(assignments).toBe(150);
    // Each assignment provisioned its permission set to the account.
    const provisioned = await client.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: ACCOUNTS[49] }));
    expect(provisioned.PermissionSets?.sort()).toEqual([...psArns].sort());
  });

  it("refuses the 11th outstanding create or delete with ThrottlingException (HTTP 400) until one completes; the cap is a knob", async () => {
    s = await startAws({ seed: { accounts: 12, ous: OUS } });
    await settings({ asyncDelayMs: 60_000 });
    const [g] = await groups(["Project Admins"]);
    const [ps] = await permissionSets(["ProjectAdmin"]);
    const create = (acct: string) => s.sso.send(new CreateAccountAssignmentCommand(assignment(acct, ps ?? "", g ?? "")));
    for (const acct of ACCOUNTS.slice(0, 10)) await create(acct);
    const eleventh = await errorOf(create(ACCOUNTS[10] ?? ""));
    expect(eleventh).toMatchObject({ name: "ThrottlingException", status: 400, message: "There are too many requests processing. Please try again later." });
    const raw = await signedFetch(`${s.server.url}/aws/`, {
      service: "sso",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SWBExternalService.CreateAccountAssignment" },
      body: JSON.stringify(assignment(ACCOUNTS[10] ?? "", ps ?? "", g ?? "")),
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get("x-amzn-errortype")).toMatch(/^ThrottlingException:/);
    expect(await raw.json()).toMatchObject({ __type: "com.amazonaws.ssoadmin#ThrottlingException" });

    await s.advance(60_000);
    const done = await s.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn, Filter: { Status: "SUCCEEDED" } }));
    expect(done.AccountAssignmentsCreationStatus).toHaveLength(10);
    await create(ACCOUNTS[10] ?? "");
    await s.advance(60_000);

    // Deletions count too: ten deletes in flight leave no room for a create.
    for (const acct of ACCOUNTS.slice(0, 10)) await s.sso.send(new DeleteAccountAssignmentCommand(assignment(acct, ps ?? "", g ?? "")));
    expect((await errorOf(create(ACCOUNTS[11] ?? ""))).name).toBe("ThrottlingException");
    await settings({ maxOutstandingAssignments: null });
    expect((await create(ACCOUNTS[11] ?? "")).AccountAssignmentCreationStatus?.Status).toBe("IN_PROGRESS");
    expect((await settings({ maxOutstandingAssignments: 0 })).status).toBe(400);
  });

  it("throttles a burst above 20 requests/s shared by sso-admin and identitystore, and the SDK's retry recovers", async () => {
    s = await startAws({ unlimited: false });
    const sso = new SSOAdminClient(clientConfig(`${s.server.url}/aws`, 8));
    const bare = new SSOAdminClient(clientConfig(`${s.server.url}/aws`, 1));
    // The bucket is shared: identity store calls use up the second's budget for sso-admin as well (30, so a
    // slow machine's refill during the burst cannot leave a token over).
    await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        s.ids.send(
          new GetGroupIdCommand({
            IdentityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "AWSSecurityAuditors" } },
          }),
        ),
      ),
    );
    expect(await errorOf(bare.send(new ListPermissionSetsCommand({ InstanceArn })))).toMatchObject({ name: "ThrottlingException", status: 400 });

    const results = await Promise.all(Array.from({ length: 40 }, () => sso.send(new ListPermissionSetsCommand({ InstanceArn }))));
    const attempts = results.map((r) => r.$metadata.attempts ?? 1);
    expect(results).toHaveLength(40);
    expect(attempts.some((a) => a > 1)).toBe(true);
  });
});

describe("conflicts and failures as AWS reports them", () => {
  it("answers ConflictException while an assignment provisions its permission set into the account, then lets the next one in", async () => {
    s = await startAws({ seed: { accounts: 2 } });
    await settings({ asyncDelayMs: 5_000 });
    const [g1, g2, g3] = await groups(["G1", "G2", "G3"]);
    const [ps, ps2] = await permissionSets(["ProjectUser", "ProjectReader"]);
    const [a, b] = ACCOUNTS;
    const create = (acct = "", principal = "", arn = ps ?? "") => s.sso.send(new CreateAccountAssignmentCommand(assignment(acct, arn, principal)));
    await create(a, g1);
    const conflict = await errorOf(create(a, g2));
    expect(conflict).toMatchObject({ name: "ConflictException", status: 400 });
    expect(conflict.message).toContain("is being provisioned to account");
    // Another account is another role: no conflict.
    await create(b, g2);
    await s.advance(5_000);
    // Provisioned now: two assignments of the same permission set to the same account run side by side.
    await create(a, g2);
    await create(a, g3);
    await s.advance(5_000);
    const rows = await s.sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: a, PermissionSetArn: ps }));
    expect(rows.AccountAssignments?.map((r) => r.PrincipalId).sort()).toEqual([g1, g2, g3].sort());

    // A ProvisionPermissionSet in flight also blocks assignments of that permission set.
    await s.sso.send(new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: ps, TargetType: "ALL_PROVISIONED_ACCOUNTS" }));
    expect((await errorOf(create(b, g3))).name).toBe("ConflictException");

    await settings({ conflictWhileProvisioning: false });
    await create(a, g1, ps2);
    expect((await create(a, g2, ps2)).AccountAssignmentCreationStatus?.Status).toBe("IN_PROGRESS");
  });

  it("fails an assignment to a principal the identity store does not have, visible in Describe and List…Status", async () => {
    s = await startAws({ seed: { accounts: 1 } });
    await settings({ asyncDelayMs: 100 });
    const [ps] = await permissionSets(["ProjectReader"]);
    const ghost = `9067c1a2b3-${crypto.randomUUID()}`;
    const started = await s.sso.send(new CreateAccountAssignmentCommand(assignment(ACCOUNTS[0] ?? "", ps ?? "", ghost, "USER")));
    const RequestId = started.AccountAssignmentCreationStatus?.RequestId;
    const inProgress = await s.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn, Filter: { Status: "IN_PROGRESS" } }));
    expect(inProgress.AccountAssignmentsCreationStatus?.map((r) => r.RequestId)).toEqual([RequestId]);
    await s.advance(100);
    const failed = await s.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn, Filter: { Status: "FAILED" } }));
    expect(failed.AccountAssignmentsCreationStatus?.map((r) => r.RequestId)).toEqual([RequestId]);
    const described = await s.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: RequestId }));
    expect(described.AccountAssignmentCreationStatus?.Status).toBe("FAILED");
    expect(described.AccountAssignmentCreationStatus?.FailureReason).toContain(ghost);
    // Nothing was provisioned for a failed assignment.
    expect((await s.sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: ACCOUNTS[0] }))).PermissionSets).toEqual([]);

    // From a delegated administrator account, the management account is out of reach; members are not.
    await settings({ managementAccountAssignments: false });
    const [group] = await groups(["Project Admins"]);
    const mgmt = await errorOf(s.sso.send(new CreateAccountAssignmentCommand(assignment(SANDBOX.aws.managementAccountId, ps ?? "", group ?? ""))));
    expect(mgmt).toMatchObject({ name: "AccessDeniedException", status: 403 });
    const provision = s.sso.send(
      new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn: ps, TargetType: "AWS_ACCOUNT", TargetId: SANDBOX.aws.managementAccountId }),
    );
    expect((await errorOf(provision)).name).toBe("AccessDeniedException");
    expect(
      (await s.sso.send(new CreateAccountAssignmentCommand(assignment(ACCOUNTS[0] ?? "", ps ?? "", group ?? "")))).AccountAssignmentCreationStatus?.Status,
    ).toBe("IN_PROGRESS");
  });
});

describe("who made a group", () => {
  it("keeps SCIM's externalId on SCIM-created groups only; Control Tower groups and the break-glass user are seeded", async () => {
    s = await startAws();
    const { endpoint, token } = await enableScim(s);
    const res = await fetch(`${endpoint}Groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Project Admins", externalId: "entra-object-id-1" }),
    });
    const scimId = ((await res.json()) as { id: string }).id;
    const [apiId] = await groups(["Made With The API"]);
    const byName = async (AttributeValue: string) =>
      (await s.ids.send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue } } })))
        .GroupId;
    const describe = (GroupId?: string) => s.ids.send(new DescribeGroupCommand({ IdentityStoreId, GroupId }));

    expect((await describe(scimId)).ExternalIds).toEqual([{ Issuer: "SCIM", Id: "entra-object-id-1" }]);
    expect((await describe(apiId)).ExternalIds).toBeUndefined();
    for (const name of ["AWSControlTowerAdmins", "AWSSecurityAuditors"]) expect((await describe(await byName(name))).ExternalIds).toBeUndefined();
    const breakGlass = await s.ids.send(
      new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "breakglass.admin" } } }),
    );
    const user = await s.ids.send(new DescribeUserCommand({ IdentityStoreId, UserId: breakGlass.UserId }));
    expect(user.ExternalIds).toBeUndefined();
  });
});
