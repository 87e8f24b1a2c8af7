import { DescribeUserCommand, GetUserIdCommand, ListGroupMembershipsCommand } from "@aws-sdk/client-identitystore";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { AWS_SEED } from "./seed-data";
import { enableScim, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
let endpoint = "";
let token = "";
afterEach(async () => s?.close());

async function setup(users = 0) {
  s = await startAws({ seed: { users } });
  ({ endpoint, token } = await enableScim(s));
}

async function scim(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(`${endpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/scim+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  externalId: `obj-${userName}`,
  name: { givenName: "Ada", familyName: "Lovelace" },
  displayName: "Ada Lovelace",
  active: true,
  emails: [{ value: userName, type: "work", primary: true }],
  ...extra,
});

describe("SCIM authentication", () => {
  it("answers 401 without a token, with a wrong token, a wrong tenant or an expired token", async () => {
    await setup();
    expect((await scim("GET", "Users", undefined, "nope")).status).toBe(401);
    const res = await fetch(`${endpoint}Users`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: "401", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
    const wrongTenant = await fetch(endpoint.replace(/scim\/[^/]+\/scim/, "scim/00000000-0000-0000-0000-000000000000/scim") + "Users", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(wrongTenant.status).toBe(401);
    expect((await scim("GET", "ServiceProviderConfig")).status).toBe(200);
    await s.advance(366 * 86_400_000);
    expect((await scim("GET", "Users")).status).toBe(401);
  });

  it("keeps at most two tokens, lists them without secrets, and a deleted token stops working", async () => {
    await setup();
    const second = await s.admin("POST", "/provisioning/tokens");
    expect(second.status).toBe(201);
    const expires = Date.parse(String(second.json.expiresAt)) - Date.parse(String(second.json.createdAt));
    expect(expires).toBe(365 * 86_400_000);
    expect((await s.admin("POST", "/provisioning/tokens")).status).toBe(409);
    const listed = await s.admin("GET", "/provisioning/tokens");
    const tokens = listed.json.tokens as Record<string, unknown>[];
    expect(tokens).toHaveLength(2);
    expect(JSON.stringify(listed.json)).not.toContain(token);
    expect(JSON.stringify(listed.json)).not.toContain(String(second.json.accessToken));
    expect((await scim("GET", "Users", undefined, String(second.json.accessToken))).status).toBe(200);
    const firstId = String(tokens[0]?.tokenId);
    expect((await s.admin("DELETE", `/provisioning/tokens/${firstId}`)).status).toBe(200);
    expect((await scim("GET", "Users")).status).toBe(401);
  });
});

describe("SCIM users", () => {
  it("creates a user the identity store sees as SCIM-provisioned, and refuses a duplicate userName with a string status", async () => {
    await setup();
    const created = await scim("POST", "Users", user("ada@contoso-sandbox.onmicrosoft.com"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName: "ada@contoso-sandbox.onmicrosoft.com",
      externalId: "obj-ada@contoso-sandbox.onmicrosoft.com",
      active: true,
    });
    const id = String(created.body.id);
    const UserId = (
      await s.ids.send(
        new GetUserIdCommand({
          IdentityStoreId: SANDBOX.aws.identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "ada@contoso-sandbox.onmicrosoft.com" } },
        }),
      )
    ).UserId;
    expect(UserId).toBe(id);
    const described = await s.ids.send(new DescribeUserCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, UserId }));
    expect(described.ExternalIds).toEqual([{ Issuer: "SCIM", Id: "obj-ada@contoso-sandbox.onmicrosoft.com" }]);
    const dup = await scim("POST", "Users", user("ADA@contoso-sandbox.onmicrosoft.com"));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: "409", detail: "Refused to create a new, duplicate resource." });
    // A console-made user squatting on the name also collides.
    expect((await scim("POST", "Users", user("breakglass.admin", { emails: [] }))).status).toBe(409);
  });

  it("enforces required attributes, single values, a primary email and unsupported attributes", async () => {
    await setup();
    const { name: _n, ...noName } = user("a@x.example");
    expect((await scim("POST", "Users", noName)).status).toBe(400);
    expect((await scim("POST", "Users", user("b@x.example", { displayName: "" }))).status).toBe(400);
    const two = await scim("POST", "Users", user("c@x.example", { emails: [{ value: "c@x.example", primary: true }, { value: "c2@x.example" }] }));
    expect(two.status).toBe(400);
    expect(two.body.status).toBe("400");
    expect((await scim("POST", "Users", user("d@x.example", { emails: [{ value: "d@x.example", type: "work" }] }))).status).toBe(400);
    expect((await scim("POST", "Users", user("e@x.example", { password: "hunter2" }))).status).toBe(400);
    expect((await scim("POST", "Users", user("f@x.example", { groups: [{ value: "g" }] }))).status).toBe(400);
    expect((await scim("POST", "Users", user("has space"))).status).toBe(400);
  });

  it("filters with eq/and only and pages with a cursor", async () => {
    await setup(5);
    const byName = await scim("GET", `Users?filter=${encodeURIComponent('userName eq "user3@contoso-sandbox.example"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, startIndex: 1 });
    expect((byName.body.Resources as { userName: string }[])[0]?.userName).toBe("user3@contoso-sandbox.example");
    const byExternal = await scim("GET", `Users?filter=${encodeURIComponent('externalId eq "gen-user-4"')}`);
    expect((byExternal.body.Resources as { userName: string }[]).map((u) => u.userName)).toEqual(["user4@contoso-sandbox.example"]);
    for (const bad of ['userName co "user"', 'userName eq "a" or userName eq "b"', "userName eq user3", 'displayName eq "User 3"']) {
      expect((await scim("GET", `Users?filter=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 10; i++) {
      const p = await scim("GET", `Users?count=3&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...(p.body.Resources as { id: string }[]).map((u) => u.id));
      if (!p.body.nextCursor) break;
      cursor = String(p.body.nextCursor);
    }
    const total = 5 + AWS_SEED.manualUsers.length;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const legacy = await scim("GET", "Users?count=3");
    expect(legacy.body).toMatchObject({ totalResults: total, itemsPerPage: 3, startIndex: 1 });
  });

  it("applies PATCH with Entra's operations and refuses what Identity Center refuses", async () => {
    await setup();
    const id = String((await scim("POST", "Users", user("p@x.example"))).body.id);
    const patch = (Operations: unknown[]) => scim("PATCH", `Users/${id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
    const ok = await patch([
      { op: "Replace", path: "displayName", value: "Ada King" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "ada.king@x.example" },
      { op: "Replace", path: "active", value: "False" },
      { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "R&D" },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ displayName: "Ada King", active: false, emails: [{ value: "ada.king@x.example", primary: true }] });
    expect(ok.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]).toEqual({ department: "R&D" });
    expect((await patch([{ op: "remove", path: "userName" }])).status).toBe(400);
    expect(
      (
        await patch([
          { op: "replace", path: "active", value: true },
          { op: "replace", path: "active", value: false },
        ])
      ).status,
    ).toBe(400);
    expect((await patch([{ op: "remove", path: "displayName" }])).status).toBe(400);
    expect((await patch([{ op: "replace", path: "emails", value: [{ value: "a@x.example", primary: true }, { value: "b@x.example" }] }])).status).toBe(400);
    expect((await scim("DELETE", `Users/${id}`)).status).toBe(204);
    expect((await scim("GET", `Users/${id}`)).status).toBe(404);
  });
});

describe("SCIM groups", () => {
  it("creates groups, patches members within the 100-change limit, and keeps members out of GET", async () => {
    await setup(120);
    const created = await scim("POST", "Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Project Alpha",
      externalId: "grp-alpha",
    });
    expect(created.status).toBe(201);
    const gid = String(created.body.id);
    const users = (await scim("GET", "Users?count=100&cursor=")).body.Resources as { id: string }[];
    const ids = users.map((u) => u.id);
    const patch = (Operations: unknown[]) => scim("PATCH", `Groups/${gid}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
    expect((await patch([{ op: "add", path: "members", value: ids.slice(0, 3).map((value) => ({ value })) }])).status).toBe(204);
    const tooMany = await patch([
      { op: "add", path: "members", value: ids.slice(0, 100).map((value) => ({ value })) },
      { op: "add", path: "members", value: [{ value: ids[99] }] },
    ]);
    expect(tooMany.status).toBe(400);
    expect((await patch([{ op: "replace", path: "members", value: [{ value: ids[5] }] }])).status).toBe(400);
    expect((await patch([{ op: "remove", path: "members" }])).status).toBe(400);
    expect((await patch([{ op: "remove", path: `members[value eq "${ids[0] ?? ""}"]` }])).status).toBe(204);
    expect((await scim("GET", `Groups/${gid}`)).body.members).toEqual([]);
    const memberships = await s.ids.send(new ListGroupMembershipsCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, GroupId: gid }));
    expect(memberships.GroupMemberships?.map((m) => (m.MemberId && "UserId" in m.MemberId ? m.MemberId.UserId : undefined)).sort()).toEqual(
      ids.slice(1, 3).sort(),
    );
    const mine = await scim("GET", `Groups?filter=${encodeURIComponent(`id eq "${gid}" and members eq "${ids[1] ?? ""}"`)}`);
    expect((mine.body.Resources as unknown[]).length).toBe(1);
    const notMine = await scim("GET", `Groups?filter=${encodeURIComponent(`id eq "${gid}" and members eq "${ids[0] ?? ""}"`)}`);
    expect((notMine.body.Resources as unknown[]).length).toBe(0);
    expect((await scim("POST", "Groups", { displayName: "project alpha" })).status).toBe(409);
    expect((await scim("PUT", `Groups/${gid}`, { displayName: "x" })).status).toBe(400);
  });
});
