import { AwsError, conflict } from "./errors";
import type { GroupRecord, MembershipRecord } from "./directory";
import { decodeToken, encodeToken, invalidTokenValidation, page } from "./paging";
import { epoch, type Handler } from "./protocol-json";
import { asConflict, idRule, MAX_RESULTS, missing, nextTokenRule, open, readExternalId, type Call } from "./identity-common";
import type { AwsState } from "./state";
import { Validator, type Input } from "./validate";

const DISPLAY_NAME = { min: 1, max: 1024, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$/u, patternText: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r  ]+" };

export const groupOut = (state: AwsState, g: GroupRecord) => ({
  GroupId: g.GroupId,
  DisplayName: g.DisplayName,
  ExternalIds: g.ExternalIds,
  Description: g.Description,
  CreatedAt: epoch(g.CreatedAt),
  CreatedBy: g.CreatedBy,
  UpdatedAt: epoch(g.UpdatedAt),
  UpdatedBy: g.UpdatedBy,
  IdentityStoreId: state.identityStoreId,
});

const membershipOut = (state: AwsState, m: MembershipRecord) => ({
  IdentityStoreId: state.identityStoreId,
  MembershipId: m.MembershipId,
  GroupId: m.GroupId,
  MemberId: { UserId: m.UserId },
  CreatedAt: epoch(m.CreatedAt),
  CreatedBy: m.CreatedBy,
  UpdatedAt: epoch(m.CreatedAt),
  UpdatedBy: m.CreatedBy,
});

function requireGroup(state: AwsState, groupId: string | undefined): GroupRecord {
  const g = groupId === undefined ? undefined : state.directory.groups.get(groupId);
  if (!g) throw missing("GROUP", groupId, "Group");
  return g;
}

/** MemberId is a union with the single member UserId. */
function readMember(v: Validator): string | undefined {
  const member = v.obj("MemberId", true);
  if (!member) return undefined;
  return new Validator(member).str("UserId", idRule) ?? (v.custom("memberId.userId", member.UserId, "Member must not be null"), undefined);
}

const DescribeGroup: Handler<AwsState> = (input, { state }: Call) => {
  let groupId: string | undefined;
  open(input, state, (v) => (groupId = v.str("GroupId", idRule)));
  return groupOut(state, requireGroup(state, groupId));
};

const ListGroups: Handler<AwsState> = (input, { state }: Call) => {
  let max: number | undefined;
  let token: string | undefined;
  let filters: unknown[] | undefined;
  open(input, state, (v) => {
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
    filters = v.list("Filters", { max: 1 });
  });
  const filter = filters?.[0] as Input | undefined;
  if (filter) {
    const path = filter.AttributePath;
    const value = filter.AttributeValue;
    if (typeof path !== "string" || path.toLowerCase() !== "displayname")
      throw new AwsError("ValidationException", "Filtering by the attribute path is not supported. Only DisplayName is supported.");
    if (typeof value !== "string" || value.length < 1 || value.length > 1024)
      throw new AwsError("ValidationException", "AttributeValue must be between 1 and 1024 characters.");
    const id = state.directory.groupIdByDisplayName(value);
    const group = id === undefined ? undefined : state.directory.groups.get(id);
    return { Groups: group ? [groupOut(state, group)] : [] };
  }
  const offset = decodeToken("ListGroups", token, invalidTokenValidation);
  const result = state.directory.listGroups(offset, max ?? 100);
  return { Groups: result.items.map((g) => groupOut(state, g)), NextToken: result.next === undefined ? undefined : encodeToken("ListGroups", result.next) };
};

const GetGroupId: Handler<AwsState> = (input, { state }: Call) => {
  let alt: Input | undefined;
  open(input, state, (v) => (alt = v.obj("AlternateIdentifier", true)));
  const unique = alt?.UniqueAttribute as Input | undefined;
  const external = alt?.ExternalId;
  if ((unique === undefined) === (external === undefined))
    throw new AwsError("ValidationException", "Exactly one of UniqueAttribute or ExternalId must be specified in AlternateIdentifier.");
  let id: string | undefined;
  if (unique) {
    const path = typeof unique.AttributePath === "string" ? unique.AttributePath.toLowerCase() : "";
    if (path !== "displayname")
      throw new AwsError("ValidationException", `Invalid AttributePath ${String(unique.AttributePath)}. Supported value is displayName.`);
    if (typeof unique.AttributeValue !== "string") throw new AwsError("ValidationException", "AttributeValue must be a string.");
    id = state.directory.groupIdByDisplayName(unique.AttributeValue);
  } else {
    const v = new Validator({});
    const ext = readExternalId(v, external, "alternateIdentifier.externalId");
    v.done();
    if (ext) id = state.directory.groupIdByExternalId(ext);
  }
  if (id === undefined) throw missing("GROUP", undefined, "Group");
  return { GroupId: id, IdentityStoreId: state.identityStoreId };
};

const CreateGroup: Handler<AwsState> = (input, { state, now }: Call) => {
  let name: string | undefined;
  let description: string | undefined;
  open(input, state, (v) => {
    name = v.str("DisplayName", { ...DISPLAY_NAME, required: true });
    description = v.str("Description", { min: 1, max: 1024 });
  });
  const by = `arn:aws:iam::${state.accountId}:user/identity-bridge-sandbox`;
  const group: GroupRecord = {
    GroupId: state.directory.newId(),
    DisplayName: name ?? "",
    Description: description,
    CreatedAt: now,
    CreatedBy: by,
    UpdatedAt: now,
    UpdatedBy: by,
  };
  try {
    state.directory.addGroup(group);
  } catch (error) {
    asConflict(error);
  }
  return { GroupId: group.GroupId, IdentityStoreId: state.identityStoreId };
};

const DeleteGroup: Handler<AwsState> = (input, { state }: Call) => {
  let groupId: string | undefined;
  open(input, state, (v) => (groupId = v.str("GroupId", idRule)));
  if (!groupId || !state.directory.removeGroup(groupId)) throw missing("GROUP", groupId, "Group");
  return {};
};

const CreateGroupMembership: Handler<AwsState> = (input, { state, now }: Call) => {
  let groupId: string | undefined;
  let userId: string | undefined;
  open(input, state, (v) => {
    groupId = v.str("GroupId", idRule);
    userId = readMember(v);
  });
  requireGroup(state, groupId);
  if (!userId || !state.directory.users.has(userId)) throw missing("USER", userId, "User");
  const m: MembershipRecord = {
    MembershipId: state.directory.newId(),
    GroupId: groupId ?? "",
    UserId: userId,
    CreatedAt: now,
    CreatedBy: `arn:aws:iam::${state.accountId}:user/identity-bridge-sandbox`,
  };
  try {
    state.directory.addMembership(m);
  } catch {
    throw conflict("Member already exists in the group.", { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });
  }
  return { MembershipId: m.MembershipId, IdentityStoreId: state.identityStoreId };
};

const DeleteGroupMembership: Handler<AwsState> = (input, { state }: Call) => {
  let membershipId: string | undefined;
  open(input, state, (v) => (membershipId = v.str("MembershipId", idRule)));
  if (!membershipId || !state.directory.removeMembership(membershipId)) throw missing("GROUP_MEMBERSHIP", membershipId, "GroupMembership");
  return {};
};

const DescribeGroupMembership: Handler<AwsState> = (input, { state }: Call) => {
  let membershipId: string | undefined;
  open(input, state, (v) => (membershipId = v.str("MembershipId", idRule)));
  const m = membershipId === undefined ? undefined : state.directory.memberships.get(membershipId);
  if (!m) throw missing("GROUP_MEMBERSHIP", membershipId, "GroupMembership");
  return membershipOut(state, m);
};

const GetGroupMembershipId: Handler<AwsState> = (input, { state }: Call) => {
  let groupId: string | undefined;
  let userId: string | undefined;
  open(input, state, (v) => {
    groupId = v.str("GroupId", idRule);
    userId = readMember(v);
  });
  const id = groupId && userId ? state.directory.membershipId(groupId, userId) : undefined;
  if (!id) throw missing("GROUP_MEMBERSHIP", undefined, "GroupMembership");
  return { MembershipId: id, IdentityStoreId: state.identityStoreId };
};

function membershipListing(kind: "group" | "member"): Handler<AwsState> {
  return (input, { state }: Call) => {
    let key: string | undefined;
    let max: number | undefined;
    let token: string | undefined;
    open(input, state, (v) => {
      key = kind === "group" ? v.str("GroupId", idRule) : readMember(v);
      max = v.int("MaxResults", MAX_RESULTS);
      token = v.str("NextToken", nextTokenRule);
    });
    if (kind === "group") requireGroup(state, key);
    else if (!key || !state.directory.users.has(key)) throw missing("USER", key, "User");
    const rows = kind === "group" ? state.directory.membershipsOfGroup(key ?? "") : state.directory.membershipsOfUser(key ?? "");
    const p = page(rows, { scope: `Memberships|${kind}|${key ?? ""}`, nextToken: token, maxResults: max, defaultSize: 100 });
    return { GroupMemberships: p.items.map((m) => membershipOut(state, m)), NextToken: p.nextToken };
  };
}

const IsMemberInGroups: Handler<AwsState> = (input, { state }: Call) => {
  let userId: string | undefined;
  let groupIds: unknown[] | undefined;
  open(input, state, (v) => {
    userId = readMember(v);
    groupIds = v.list("GroupIds", { required: true, min: 1, max: 100 });
  });
  const ids = (groupIds ?? []).map((g) => String(g));
  return {
    Results: ids.map((groupId) => ({
      GroupId: groupId,
      MemberId: { UserId: userId },
      MembershipExists: state.directory.membershipId(groupId, userId ?? "") !== undefined,
    })),
  };
};

export const groupOperations: Record<string, Handler<AwsState>> = {
  DescribeGroup,
  ListGroups,
  GetGroupId,
  CreateGroup,
  DeleteGroup,
  CreateGroupMembership,
  DeleteGroupMembership,
  DescribeGroupMembership,
  GetGroupMembershipId,
  ListGroupMemberships: membershipListing("group"),
  ListGroupMembershipsForMember: membershipListing("member"),
  IsMemberInGroups,
};
