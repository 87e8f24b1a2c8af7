import {
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsForMemberCommand,
  ListUsersCommand,
  paginateListGroupMemberships,
  paginateListUsers,
} from "@aws-sdk/client-identitystore";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { AWS_SEED } from "./seed-data";
import { errorOf, startAws, type AwsSandbox } from "./testing";

const IdentityStoreId = SANDBOX.aws.identityStoreId;
let s: AwsSandbox;
afterEach(async () => s?.close());

const userId = async (value: string, path = "userName") =>
  (await s.ids.send(new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: path, AttributeValue: value } } })))
    .UserId ?? "";

describe("identity store users", () => {
  it("finds users by userName, emails.value and ExternalId, and says ResourceNotFound with the resource type", async () => {
    s = await startAws({ seed: { users: 3 } });
    const id = await userId("breakglass.admin");
    expect(id).toMatch(/^9067c1a2b3-[0-9a-f-]{36}$/);
    expect(await userId("breakglass@contoso-sandbox.example", "emails.value")).toBe(id);
    expect(await userId("BreakGlass.Admin", "UserName")).toBe(id);
    const generated = await s.ids.send(new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { ExternalId: { Issuer: "SCIM", Id: "gen-user-2" } } }));
    expect(generated.UserId).toBe(await userId("user2@contoso-sandbox.example"));
    const missing = await errorOf(userId("nobody@contoso-sandbox.example"));
    expect(missing.name).toBe("ResourceNotFoundException");
    expect(missing.raw.ResourceType).toBe("USER");
    expect((await errorOf(userId("x", "displayName"))).name).toBe("ValidationException");
    const user = await s.ids.send(new DescribeUserCommand({ IdentityStoreId, UserId: id }));
    expect(user).toMatchObject({
      UserName: "breakglass.admin",
      DisplayName: "Break Glass",
      Emails: [{ Value: "breakglass@contoso-sandbox.example", Primary: true }],
    });
    expect(user.ExternalIds).toBeUndefined();
    expect(user.CreatedAt).toBeInstanceOf(Date);
  });

  it("pages ListUsers and supports the deprecated UserName filter", async () => {
    s = await startAws({ seed: { users: 7 } });
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const p of paginateListUsers({ client: s.ids, pageSize: 4 }, { IdentityStoreId })) {
      sizes.push(p.Users?.length ?? 0);
      names.push(...(p.Users ?? []).map((u) => u.UserName ?? ""));
    }
    const total = 7 + AWS_SEED.manualUsers.length;
    expect(sizes).toEqual([4, 4, 4, 4].slice(0, Math.floor(total / 4)).concat(total % 4 ? [total % 4] : []));
    expect(new Set(names).size).toBe(total);
    const filtered = await s.ids.send(
      new ListUsersCommand({ IdentityStoreId, Filters: [{ AttributePath: "UserName", AttributeValue: "user5@contoso-sandbox.example" }] }),
    );
    expect(filtered.Users?.map((u) => u.UserName)).toEqual(["user5@contoso-sandbox.example"]);
    expect((await errorOf(s.ids.send(new ListUsersCommand({ IdentityStoreId, MaxResults: 101 })))).name).toBe("ValidationException");
    expect((await errorOf(s.ids.send(new ListUsersCommand({ IdentityStoreId, NextToken: "bm90IGEgdG9rZW4=" })))).name).toBe("ValidationException");
  });

  it("refuses duplicates, unknown stores and calls before the instance exists", async () => {
    s = await startAws();
    const dup = await errorOf(
      s.ids.send(new CreateUserCommand({ IdentityStoreId, UserName: "BREAKGLASS.ADMIN", DisplayName: "x", Name: { GivenName: "a", FamilyName: "b" } })),
    );
    expect(dup.name).toBe("ConflictException");
    expect(dup.raw.Reason).toBe("UNIQUENESS_CONSTRAINT_VIOLATION");
    const wrong = await errorOf(s.ids.send(new ListUsersCommand({ IdentityStoreId: "d-0000000000" })));
    expect(wrong.name).toBe("ResourceNotFoundException");
    expect(wrong.raw.ResourceType).toBe("IDENTITY_STORE");
    await s.close();
    s = await startAws({ enable: false });
    expect((await errorOf(s.ids.send(new ListUsersCommand({ IdentityStoreId })))).name).toBe("ResourceNotFoundException");
  });
});

describe("groups and memberships", () => {
  it("creates, finds, lists and deletes memberships; duplicates conflict", async () => {
    s = await startAws({ seed: { users: 5 } });
    const GroupId =
      (
        await s.ids.send(
          new GetGroupIdCommand({
            IdentityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "AWSSecurityAuditors" } },
          }),
        )
      ).GroupId ?? "";
    const other =
      (
        await s.ids.send(
          new GetGroupIdCommand({
            IdentityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "AWSControlTowerAdmins" } },
          }),
        )
      ).GroupId ?? "";
    const members: string[] = [];
    for (let i = 1; i <= 5; i++) members.push(await userId(`user${i}@contoso-sandbox.example`));
    for (const UserId of members) await s.ids.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }));
    const [first = ""] = members;
    const again = await errorOf(s.ids.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: first } })));
    expect(again.name).toBe("ConflictException");
    const pages: number[] = [];
    for await (const p of paginateListGroupMemberships({ client: s.ids, pageSize: 2 }, { IdentityStoreId, GroupId }))
      pages.push(p.GroupMemberships?.length ?? 0);
    expect(pages).toEqual([2, 2, 1]);
    const mine = await s.ids.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId, MemberId: { UserId: first } }));
    expect(mine.GroupMemberships?.map((m) => m.GroupId)).toEqual([GroupId]);
    const check = await s.ids.send(new IsMemberInGroupsCommand({ IdentityStoreId, MemberId: { UserId: first }, GroupIds: [GroupId, other] }));
    expect(check.Results?.map((r) => r.MembershipExists)).toEqual([true, false]);
    const { MembershipId } = await s.ids.send(new GetGroupMembershipIdCommand({ IdentityStoreId, GroupId, MemberId: { UserId: first } }));
    await s.ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId, MembershipId }));
    const gone = await errorOf(s.ids.send(new GetGroupMembershipIdCommand({ IdentityStoreId, GroupId, MemberId: { UserId: first } })));
    expect(gone.name).toBe("ResourceNotFoundException");
    expect((await errorOf(s.ids.send(new DeleteGroupMembershipCommand({ IdentityStoreId, MembershipId })))).raw.ResourceType).toBe("GROUP_MEMBERSHIP");
  });
});
