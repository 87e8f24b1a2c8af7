import { DescribeUserCommand, GetUserIdCommand, ListGroupMembershipsForMemberCommand, ListUsersCommand } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { AWS_SEED } from "./seed-data";
import { enableScim, startAws, type AwsSandbox } from "./testing";

const IdentityStoreId = SANDBOX.aws.identityStoreId;
const USERS = 100_000;
let s: AwsSandbox;

beforeAll(async () => {
  s = await startAws({ seed: { users: USERS, groups: 50 } });
}, 60_000);
afterAll(async () => s?.close());

describe("identity store at 100,000 users", () => {
  it("seeds every user and answers indexed lookups for the last ones", async () => {
    const state = (await fetch(`${s.server.url}/_sandbox/state`).then((r) => r.json())) as {
      modules: { aws: { users: number; groups: number; groupMemberships: number } };
    };
    // + the two console-made users and the Control Tower membership.
    expect(state.modules.aws.users).toBe(USERS + AWS_SEED.manualUsers.length);
    expect(state.modules.aws.groupMemberships).toBe(USERS + 1);
    const byName = await s.ids.send(
      new GetUserIdCommand({
        IdentityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: `user${USERS}@contoso-sandbox.example` } },
      }),
    );
    const byEmail = await s.ids.send(
      new GetUserIdCommand({
        IdentityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "emails.value", AttributeValue: `USER${USERS}@contoso-sandbox.example` } },
      }),
    );
    const byExternal = await s.ids.send(
      new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { ExternalId: { Issuer: "SCIM", Id: `gen-user-${USERS}` } } }),
    );
    expect(byEmail.UserId).toBe(byName.UserId);
    expect(byExternal.UserId).toBe(byName.UserId);
    const user = await s.ids.send(new DescribeUserCommand({ IdentityStoreId, UserId: byName.UserId }));
    expect(user.DisplayName).toBe(`User ${USERS}`);
    const groups = await s.ids.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId, MemberId: { UserId: byName.UserId ?? "" } }));
    expect(groups.GroupMemberships).toHaveLength(1);
    const filtered = await s.ids.send(
      new ListUsersCommand({ IdentityStoreId, Filters: [{ AttributePath: "UserName", AttributeValue: "user54321@contoso-sandbox.example" }] }),
    );
    expect(filtered.Users?.map((u) => u.DisplayName)).toEqual(["User 54321"]);
  });

  it("pages ListUsers by offset, so a deep page continues where the previous one stopped", async () => {
    let token: string | undefined;
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const p: { Users?: { UserId?: string }[]; NextToken?: string } = await s.ids.send(
        new ListUsersCommand({ IdentityStoreId, MaxResults: 100, NextToken: token }),
      );
      for (const u of p.Users ?? []) seen.add(u.UserId ?? "");
      token = p.NextToken;
    }
    expect(seen.size).toBe(500);
    expect(token).toBeDefined();
  });

  it("answers SCIM userName and externalId filters from the same indexes", async () => {
    const { endpoint, token } = await enableScim(s);
    const get = (filter: string) =>
      fetch(`${endpoint}Users?filter=${encodeURIComponent(filter)}`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.json() as Promise<{ Resources: { userName: string }[] }>,
      );
    expect((await get('userName eq "user99999@contoso-sandbox.example"')).Resources.map((u) => u.userName)).toEqual(["user99999@contoso-sandbox.example"]);
    expect((await get('externalId eq "gen-user-12345"')).Resources.map((u) => u.userName)).toEqual(["user12345@contoso-sandbox.example"]);
  });
});
