import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationalUnit,
} from "@aws-sdk/client-organizations";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { errorOf, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

const OUS = ["Workloads/Prod", "Workloads/Dev", "Sandbox"];

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

async function ousUnder(parentId: string): Promise<OrganizationalUnit[]> {
  const pages = await all(paginateListOrganizationalUnitsForParent({ client: s.org, pageSize: 1 }, { ParentId: parentId }));
  return pages.flatMap((p) => p.OrganizationalUnits ?? []);
}

async function accountsUnder(parentId: string, pageSize = 5): Promise<{ accounts: Account[]; pages: number }> {
  const pages = await all(paginateListAccountsForParent({ client: s.org, pageSize }, { ParentId: parentId }));
  return { accounts: pages.flatMap((p) => p.Accounts ?? []), pages: pages.length };
}

/** Root → OUs → accounts, as a portal walks it: every account with its OU path. */
async function walk(): Promise<Map<string, string>> {
  const [root] = (await s.org.send(new ListRootsCommand({}))).Roots ?? [];
  const where = new Map<string, string>();
  const visit = async (parentId: string, path: string) => {
    for (const a of (await accountsUnder(parentId)).accounts) where.set(a.Id ?? "", path);
    for (const ou of await ousUnder(parentId)) await visit(ou.Id ?? "", path ? `${path}/${ou.Name}` : (ou.Name ?? ""));
  };
  await visit(root?.Id ?? "", "");
  return where;
}

const parentOf = async (ChildId: string) => (await s.org.send(new ListParentsCommand({ ChildId }))).Parents?.[0];

describe("generated member accounts in nested OUs", () => {
  it("seeds 50 accounts round-robin over nested OUs, served by the Organizations API with its paging", async () => {
    s = await startAws({ seed: { accounts: 50, ous: OUS } });
    const listed = await all(paginateListAccounts({ client: s.org }, {}));
    // ListAccounts pages at most 20: 7 seeded + 50 generated = 57 in three pages.
    expect(listed.map((p) => p.Accounts?.length)).toEqual([20, 20, 17]);

    const where = await walk();
    expect(where.size).toBe(57);
    const count = (path: string) => [...where.values()].filter((p) => p === path).length;
    expect([count("Workloads/Prod"), count("Workloads/Dev"), count("Sandbox")]).toEqual([17, 17, 16]);
    // The seeded OUs keep their accounts: "Workloads" is reused, not duplicated.
    expect(count("Workloads")).toBe(4);
    expect(count("Security")).toBe(2);
    expect(count("")).toBe(1);

    // ListAccountsForParent pages too: 17 accounts at 5 a page.
    const { accounts: prod, pages } = await accountsUnder((await parentOf("800000000001"))?.Id ?? "");
    expect(prod).toHaveLength(17);
    expect(pages).toBe(4);
    const first = await s.org.send(new DescribeAccountCommand({ AccountId: "800000000001" }));
    expect(first.Account).toMatchObject({ Id: "800000000001", Name: "workloads-prod-001", Status: "ACTIVE", JoinedMethod: "CREATED" });
    expect(first.Account?.Email).toMatch(/@contoso-sandbox\.example$/);

    // ListParents climbs the nesting: account → Prod → Workloads → root.
    const prodOu = await parentOf("800000000001");
    expect(prodOu?.Type).toBe("ORGANIZATIONAL_UNIT");
    expect((await s.org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: prodOu?.Id }))).OrganizationalUnit?.Name).toBe("Prod");
    const workloads = await parentOf(prodOu?.Id ?? "");
    expect(workloads?.Id).toBe("ou-sb01-workload");
    expect((await parentOf("ou-sb01-workload"))?.Type).toBe("ROOT");

    const children = await s.org.send(new ListChildrenCommand({ ParentId: "ou-sb01-workload", ChildType: "ORGANIZATIONAL_UNIT" }));
    expect(children.Children?.map((c) => c.Type)).toEqual(["ORGANIZATIONAL_UNIT", "ORGANIZATIONAL_UNIT"]);
    expect((await errorOf(s.org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: "ou-sb01-zzzzzzzz" })))).name).toBe(
      "OrganizationalUnitNotFoundException",
    );
  });

  it("gives the same ids, names and OU ids on every seed, and POST /_sandbox/seed adds more without resetting", async () => {
    s = await startAws({ seed: { accounts: 6, ous: OUS } });
    const before = (await s.admin("GET", "/organization")).json;
    await fetch(`${s.server.url}/_sandbox/reset`, { method: "POST", body: JSON.stringify({ accounts: 6, ous: OUS }) });
    const again = (await s.admin("GET", "/organization")).json as { accounts: { joinedAt: string }[] };
    const strip = (o: Record<string, unknown>) => ({ ...o, accounts: (o.accounts as Record<string, unknown>[]).map(({ joinedAt: _j, ...a }) => a) });
    expect(strip(again)).toEqual(strip(before));

    const res = await fetch(`${s.server.url}/_sandbox/seed`, { method: "POST", body: JSON.stringify({ accounts: 2, ous: ["Sandbox/Team A"] }) });
    expect(res.status).toBe(200);
    const seeded = (await res.json()) as { seeded: { aws: { accounts: { id: string; name: string; path: string }[] } } };
    expect(seeded.seeded.aws.accounts).toEqual([
      expect.objectContaining({ id: "800000000007", name: "sandbox-team-a-007", path: "Sandbox/Team A" }),
      expect.objectContaining({ id: "800000000008", name: "sandbox-team-a-008", path: "Sandbox/Team A" }),
    ]);
    expect((await walk()).size).toBe(7 + 6 + 2);
    const bad = await fetch(`${s.server.url}/_sandbox/seed`, { method: "POST", body: JSON.stringify({ accounts: 1, ous: ["a/b/c/d/e/f"] }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "MaxDepthExceeded" });
    const users = await fetch(`${s.server.url}/_sandbox/seed`, { method: "POST", body: JSON.stringify({ users: 5 }) });
    expect(users.status).toBe(400);
  });
});

describe("accounts that join, move and leave", () => {
  it("adds an account to an OU path, moves it, removes it; the management account cannot leave", async () => {
    s = await startAws();
    const joined = await s.admin("POST", "/accounts", { name: "Payments", parent: "Workloads/Prod" });
    expect(joined.status).toBe(201);
    const account = joined.json.account as { id: string; path: string; parentId: string };
    expect(account).toMatchObject({ id: "800000000001", path: "Workloads/Prod" });
    expect((await parentOf(account.id))?.Id).toBe(account.parentId);
    expect((await accountsUnder(account.parentId)).accounts.map((a) => a.Name)).toEqual(["Payments"]);

    const moved = await s.admin("POST", `/accounts/${account.id}/move`, { to: "ou-sb01-security" });
    expect(moved.json.account).toMatchObject({ path: "Security", parentId: "ou-sb01-security" });
    expect((await parentOf(account.id))?.Id).toBe("ou-sb01-security");
    expect((await accountsUnder(account.parentId)).accounts).toEqual([]);
    expect((await s.admin("POST", `/accounts/${account.id}/move`, { to: "Security" })).status).toBe(409);
    expect((await s.admin("POST", `/accounts/${account.id}/move`, { to: "Root" })).json.account).toMatchObject({ path: "" });

    expect((await s.admin("POST", "/accounts", { id: account.id })).status).toBe(409);
    expect((await s.admin("POST", "/accounts", { id: "12345" })).status).toBe(400);
    expect((await s.admin("POST", "/accounts", { parent: "ou-sb01-nothere1" })).status).toBe(404);
    const many = await s.admin("POST", "/accounts", { count: 3, ous: ["Suspended"] });
    expect((many.json.accounts as unknown[]).length).toBe(3);

    expect((await s.admin("DELETE", `/accounts/${account.id}`)).status).toBe(200);
    expect((await errorOf(s.org.send(new DescribeAccountCommand({ AccountId: account.id })))).name).toBe("AccountNotFoundException");
    expect((await s.admin("DELETE", `/accounts/${SANDBOX.aws.managementAccountId}`)).json).toMatchObject({ error: "MasterCannotLeaveOrganization" });
    const ou = await s.admin("POST", "/ous", { path: "Workloads/Prod/Payments" });
    expect(ou.status).toBe(201);
    expect(ou.json.ou).toMatchObject({ path: "Workloads/Prod/Payments" });
    expect((await s.admin("POST", "/ous", { path: "Workloads/Prod/Payments" })).status).toBe(200);
  });
});
