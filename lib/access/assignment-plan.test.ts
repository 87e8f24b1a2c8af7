import { describe, expect, it } from "vitest";
import { accountsForTargets, assignmentRequestSchema, planAssignments, planOperations, reconcileOuRules, type PlanSource } from "./assignment-plan";
import { DEFAULT_PROTECTED_PRINCIPALS } from "./protected-principals";

const PS = "arn:aws:sso:::permissionSet/ssoins-1111/ps-aaaa";
const source = (assignments: PlanSource["assignments"] = []): PlanSource => ({
  tree: {
    rootId: "r-ab12",
    managementAccountId: "111111111111",
    ous: [
      { id: "ou-ab12-aaaaaaaa", name: "Workloads", parentId: "r-ab12", path: "Workloads", depth: 1 },
      { id: "ou-ab12-bbbbbbbb", name: "Prod", parentId: "ou-ab12-aaaaaaaa", path: "Workloads/Prod", depth: 2 },
      { id: "ou-ab12-cccccccc", name: "Workloads2", parentId: "r-ab12", path: "Workloads2", depth: 1 },
    ],
    accounts: [
      { accountId: "111111111111", name: "Management", parentId: "r-ab12", ouPath: "", isManagement: true },
      { accountId: "222222222222", name: "wl", parentId: "ou-ab12-aaaaaaaa", ouPath: "Workloads", isManagement: false },
      { accountId: "333333333333", name: "prod", parentId: "ou-ab12-bbbbbbbb", ouPath: "Workloads/Prod", isManagement: false },
      { accountId: "444444444444", name: "other", parentId: "ou-ab12-cccccccc", ouPath: "Workloads2", isManagement: false },
    ],
  },
  groups: [
    { groupId: "g-dev", displayName: "Developers", externalIds: [] },
    { groupId: "g-ct", displayName: "AWSControlTowerAdmins", externalIds: [] },
  ],
  users: [{ userId: "u-1", userName: "jane.doe", externalIds: [] }],
  permissionSets: [{ permissionSetArn: PS, name: "Ops", managedPolicyArns: [] }],
  assignments,
});
const held = (accountId: string, principalId: string, principalType: "GROUP" | "USER" = "GROUP") => ({ accountId, permissionSetArn: PS, principalType, principalId });
const request = (input: Record<string, unknown>) => assignmentRequestSchema.parse({ permissionSetArn: PS, ...input });

describe("accountsForTargets", () => {
  it("an OU includes its child OUs but not a sibling whose name starts the same; the root is every account", () => {
    expect(accountsForTargets(source().tree, ["ou-ab12-aaaaaaaa"]).accounts.map((a) => a.accountId)).toEqual(["222222222222", "333333333333"]);
    expect(accountsForTargets(source().tree, ["r-ab12"]).accounts).toHaveLength(4);
    expect(accountsForTargets(source().tree, ["ou-ab12-zzzzzzzz", "999999999999"]).unknown).toEqual(["ou-ab12-zzzzzzzz", "999999999999"]);
  });
});

describe("planAssignments", () => {
  it("add: create what is missing, keep what is there, refuse a protected group with the reason, note the management account", () => {
    const plan = planAssignments(source([held("222222222222", "g-dev")]), DEFAULT_PROTECTED_PRINCIPALS, request({ mode: "add", targets: ["r-ab12"], principals: ["GROUP:g-dev", "GROUP:g-ct"] }));
    expect(plan.counts).toEqual({ create: 3, keep: 1, remove: 0, absent: 0, refused: 4 });
    expect(plan.rows.find((r) => r.action === "refused")?.reason).toMatch(/“AWSControlTowerAdmins” is a protected principal/);
    expect(plan.rows.find((r) => r.action === "create" && r.accountId === "111111111111")?.reason).toMatch(/Management account/);
    expect(planOperations(plan).map((o) => [o.kind, o.params.accountId])).toEqual([
      ["create-assignment", "111111111111"],
      ["create-assignment", "333333333333"],
      ["create-assignment", "444444444444"],
    ]);
  });

  it("remove: remove where present (a protected principal's is refused), nothing where absent", () => {
    const plan = planAssignments(
      source([held("222222222222", "g-dev"), held("222222222222", "g-ct"), held("333333333333", "u-1", "USER")]),
      DEFAULT_PROTECTED_PRINCIPALS,
      request({ mode: "remove", targets: ["ou-ab12-aaaaaaaa"], principals: ["GROUP:g-dev", "GROUP:g-ct", "USER:u-1"] }),
    );
    expect(plan.counts).toEqual({ create: 0, keep: 0, remove: 2, absent: 3, refused: 1 });
    expect(planOperations(plan).every((o) => o.kind === "delete-assignment")).toBe(true);
  });

  it("the digest changes when AWS changes, so an apply of an old preview is refused", () => {
    const r = request({ mode: "add", targets: ["ou-ab12-aaaaaaaa"], principals: "GROUP:g-dev" });
    const before = planAssignments(source(), [], r).digest;
    expect(planAssignments(source(), [], r).digest).toBe(before);
    expect(planAssignments(source([held("333333333333", "g-dev")]), [], r).digest).not.toBe(before);
  });
});

describe("reconcileOuRules", () => {
  const rule = { id: "r1", ouId: "ou-ab12-aaaaaaaa", ouPath: "Workloads", groupId: "g-dev", groupName: "Developers", permissionSetArn: PS, permissionSetName: "Ops" };
  it("proposes exactly the accounts under the OU (nested included) that lack the assignment; nothing removed", () => {
    const { plan, statuses } = reconcileOuRules(source([held("222222222222", "g-dev"), held("444444444444", "g-dev")]), [], [rule]);
    expect(plan.rows.map((r) => [r.action, r.accountId])).toEqual([["create", "333333333333"]]);
    expect(statuses[0]).toMatchObject({ accounts: 2, satisfied: 1 });
  });
  it("names a rule whose OU or group is gone instead of proposing anything", () => {
    const { plan, statuses } = reconcileOuRules(source(), [], [{ ...rule, ouId: "ou-ab12-zzzzzzzz" }, { ...rule, id: "r2", groupId: "g-gone" }]);
    expect(plan.rows).toEqual([]);
    expect(statuses.map((s) => s.problem)).toEqual([expect.stringMatching(/no longer in the organization/), expect.stringMatching(/no longer in the AWS identity store/)]);
  });
});
