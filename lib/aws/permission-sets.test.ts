import { CreatePermissionSetCommand, ListPermissionSetsCommand } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePermissionSet, previewPermissionSet } from "./ensure-permission-set";
import { listPermissionSets } from "./list-permission-sets";
import { provisionPermissionSet, waitForPermissionSetProvisioning } from "./provision-permission-set";
import type { AsyncProgress } from "./poll";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "./testing";
import { collectRequestIds } from "../request-context";

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const POWER = "arn:aws:iam::aws:policy/PowerUserAccess";
const VIEW = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
const FAST = { initialMs: 5, maxMs: 20, timeoutMs: 5_000 };

describe("permission sets", () => {
  let s: GatewaySandbox;
  const instanceArn = FIXTURE.instanceArn;
  const count = async () => (await s.sandbox.sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn }))).PermissionSets?.length ?? 0;

  beforeAll(async () => {
    // A minute per async operation: the tests move the sandbox clock instead of waiting.
    s = await startGatewaySandbox({ asyncDelayMs: 60_000 });
  });
  afterAll(() => s.close());

  it("lists the seeded permission set with its policies", async () => {
    const { result: listed, requestIds: listedIds } = await collectRequestIds(() => listPermissionSets(s.clients, instanceArn));
    expect(listed.permissionSets).toEqual([expect.objectContaining({ name: "AWSAdministratorAccess", managedPolicyArns: [ADMIN] })]);
    expect(listedIds.length).toBeGreaterThanOrEqual(3);
  });

  it("previews without changing anything, then creates once and adopts on the second run", async () => {
    const before = await count();
    const spec = { name: "ProjectUser", description: "Project User", sessionDuration: "PT4H", managedPolicyArns: [POWER] };
    const preview = await previewPermissionSet(s.clients, instanceArn, spec);
    expect(preview.existing).toBeNull();
    expect(preview.changes).toEqual([
      { kind: "create-permission-set", name: "ProjectUser", description: "Project User", sessionDuration: "PT4H" },
      { kind: "attach-managed-policy", policyArn: POWER },
    ]);
    expect(await count()).toBe(before);

    const first = await ensurePermissionSet(s.clients, instanceArn, spec);
    expect(first.outcome).toBe("created");
    expect(first.permissionSet).toMatchObject({ name: "ProjectUser", sessionDuration: "PT4H", managedPolicyArns: [POWER] });
    expect(first.applied).toHaveLength(2);

    const second = await ensurePermissionSet(s.clients, instanceArn, spec);
    expect(second).toMatchObject({ outcome: "adopted", applied: [], needsProvisioning: false });
    expect(second.permissionSet.permissionSetArn).toBe(first.permissionSet.permissionSetArn);
    expect(await count()).toBe(before + 1);
    expect((await previewPermissionSet(s.clients, instanceArn, spec)).changes).toEqual([]);
  });

  it("adopts a pre-existing set with the same name and attaches only the missing policy", async () => {
    await s.sandbox.sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: "ProjectReader", SessionDuration: "PT1H" }));
    const before = await count();
    const spec = { name: "ProjectReader", managedPolicyArns: [VIEW] };
    expect((await previewPermissionSet(s.clients, instanceArn, spec)).changes).toEqual([{ kind: "attach-managed-policy", policyArn: VIEW }]);
    const result = await ensurePermissionSet(s.clients, instanceArn, spec);
    expect(result).toMatchObject({ outcome: "adopted", applied: [{ kind: "attach-managed-policy", policyArn: VIEW }], needsProvisioning: true });
    expect(result.permissionSet.managedPolicyArns).toEqual([VIEW]);
    expect(await count()).toBe(before);
  });

  it("reports extra policies on the seeded set without detaching them", async () => {
    const result = await ensurePermissionSet(s.clients, instanceArn, { name: "AWSAdministratorAccess", managedPolicyArns: [] });
    expect(result).toMatchObject({ outcome: "adopted", applied: [], extraManagedPolicyArns: [ADMIN] });
  });

  it("refuses invalid names before calling AWS", async () => {
    await expect(ensurePermissionSet(s.clients, instanceArn, { name: "Project Admin", managedPolicyArns: [ADMIN] })).rejects.toMatchObject({
      kind: "validation",
      message: expect.stringMatching(/ProjectAdmin/),
    });
    await expect(previewPermissionSet(s.clients, instanceArn, { name: "X", sessionDuration: "PT13H", managedPolicyArns: [] })).rejects.toMatchObject({
      kind: "validation",
    });
  });

  it("provisions and waits while the sandbox clock moves on, reporting progress", async () => {
    const { permissionSet } = await ensurePermissionSet(s.clients, instanceArn, { name: "ProjectAdmin", managedPolicyArns: [ADMIN] });
    const started = await provisionPermissionSet(s.clients, instanceArn, permissionSet.permissionSetArn, { accountId: FIXTURE.memberAccountIds[0] });
    expect(started.status).toBe("IN_PROGRESS");

    const seen: AsyncProgress[] = [];
    const { result: outcome, requestIds: outcomeIds } = await collectRequestIds(() =>
      waitForPermissionSetProvisioning(s.clients, instanceArn, started.provisioningRequestId, {
        backoff: FAST,
        onProgress: async (p) => {
          seen.push(p);
          if (p.status === "IN_PROGRESS" && p.polls === 2) await s.sandbox.advance(61_000);
        },
      }),
    );
    expect(outcome).toMatchObject({ status: "SUCCEEDED", polls: 3 });
    expect(seen.map((p) => p.status)).toEqual(["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"]);
    expect(outcomeIds).toHaveLength(3);
  });

  it("retries a provisioning request that conflicts with one in flight, and surfaces a FAILED reason", async () => {
    const { permissionSet } = await ensurePermissionSet(s.clients, instanceArn, { name: "ProjectOps", managedPolicyArns: [POWER] });
    await s.sandbox.admin("POST", "/settings", { failNextAsync: 1, failureReason: "Role AWSReservedSSO_ProjectOps could not be created." });
    const first = await provisionPermissionSet(s.clients, instanceArn, permissionSet.permissionSetArn, { accountId: FIXTURE.memberAccountIds[1] });
    // The first request holds the set for a minute of sandbox time; move the clock while the second retries.
    const timer = setTimeout(() => void s.sandbox.advance(61_000), 50);
    const { requestIds: secondIds } = await collectRequestIds(() =>
      provisionPermissionSet(
        s.clients,
        instanceArn,
        permissionSet.permissionSetArn,
        { accountId: FIXTURE.memberAccountIds[1] },
        {
          conflictBackoff: { initialMs: 20, maxMs: 40, timeoutMs: 5_000 },
        },
      ),
    );
    clearTimeout(timer);
    expect(secondIds.length).toBeGreaterThan(1);

    const failed = await waitForPermissionSetProvisioning(s.clients, instanceArn, first.provisioningRequestId, { backoff: FAST });
    expect(failed).toMatchObject({ status: "FAILED", failureReason: "Role AWSReservedSSO_ProjectOps could not be created." });
  });

  it("gives up waiting with a timeout error while the operation carries on", async () => {
    const listed = await listPermissionSets(s.clients, instanceArn, { withPolicies: false });
    const ps = listed.permissionSets.find((p) => p.name === "ProjectAdmin");
    const started = await provisionPermissionSet(s.clients, instanceArn, ps?.permissionSetArn ?? "", "all-provisioned-accounts");
    await expect(
      waitForPermissionSetProvisioning(s.clients, instanceArn, started.provisioningRequestId, { backoff: { initialMs: 10, maxMs: 10, timeoutMs: 60 } }),
    ).rejects.toMatchObject({ kind: "timeout" });
  });
});
