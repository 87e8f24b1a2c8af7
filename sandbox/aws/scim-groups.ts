import { UniquenessError, type GroupRecord } from "./directory";
import { badRequest, duplicate, isoSeconds, notFoundScim, readJsonBody, SCHEMA, scimJson, ScimError, type Json } from "./scim-common";
import { checkShape, parseFilter } from "./scim-filter";
import { readOps } from "./scim-patch";
import { SCIM_ISSUER } from "./seed";
import { cursorOffset, listResponse, readPaging } from "./scim-paging";
import type { ScimCall } from "./scim-common";

const MAX_MEMBER_CHANGES = 100;

/** GetGroup and ListGroups always answer an empty members list (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html). */
const groupOut = (g: GroupRecord): Json => ({
  id: g.GroupId,
  meta: { resourceType: "Group", created: isoSeconds(g.CreatedAt), lastModified: isoSeconds(g.UpdatedAt) },
  schemas: [SCHEMA.group],
  displayName: g.DisplayName,
  externalId: g.ExternalIds?.find((e) => e.Issuer === SCIM_ISSUER)?.Id,
  members: [],
});

function requireGroup(call: ScimCall, id: string): GroupRecord {
  const g = call.state.directory.groups.get(id);
  if (!g) throw notFoundScim("Group", id);
  return g;
}

function memberIds(value: unknown): string[] {
  if (!Array.isArray(value)) throw badRequest("members must be a list of {value}.");
  return value.map((m) => {
    const id = (m as Json | null)?.value;
    if (typeof id !== "string" || id === "") throw badRequest("A member value must be a user id.");
    return id;
  });
}

function addMember(call: ScimCall, groupId: string, userId: string) {
  const dir = call.state.directory;
  if (!dir.users.has(userId)) throw notFoundScim("User", userId);
  if (dir.membershipId(groupId, userId)) return;
  dir.addMembership({ MembershipId: dir.newId(), GroupId: groupId, UserId: userId, CreatedAt: call.now, CreatedBy: SCIM_ISSUER });
}

export function createGroup(call: ScimCall) {
  const body = readJsonBody(call.req);
  const displayName = body.displayName;
  if (typeof displayName !== "string" || displayName.trim() === "") throw badRequest("displayName is required.");
  const externalId = body.externalId;
  if (externalId !== undefined && (typeof externalId !== "string" || externalId === "")) throw badRequest("externalId must be a non-empty string.");
  const members = body.members === undefined ? [] : memberIds(body.members);
  if (members.length > MAX_MEMBER_CHANGES) throw badRequest(`A group can be created with at most ${MAX_MEMBER_CHANGES} members.`);
  const dir = call.state.directory;
  const group: GroupRecord = {
    GroupId: dir.newId(),
    DisplayName: displayName,
    ExternalIds: typeof externalId === "string" ? [{ Issuer: SCIM_ISSUER, Id: externalId }] : undefined,
    CreatedAt: call.now,
    CreatedBy: SCIM_ISSUER,
    UpdatedAt: call.now,
    UpdatedBy: SCIM_ISSUER,
  };
  for (const m of members) if (!dir.users.has(m)) throw notFoundScim("User", m);
  try {
    dir.addGroup(group);
  } catch (error) {
    if (error instanceof UniquenessError) throw duplicate();
    throw error;
  }
  for (const m of members) addMember(call, group.GroupId, m);
  return scimJson(201, groupOut(group), call.req.requestId, { location: `${call.base}/Groups/${group.GroupId}` });
}

export const getGroup = (call: ScimCall, id: string) => scimJson(200, groupOut(requireGroup(call, id)), call.req.requestId);

export function deleteGroup(call: ScimCall, id: string) {
  if (!call.state.directory.removeGroup(id)) throw notFoundScim("Group", id);
  return scimJson(204, undefined, call.req.requestId);
}

/**
 * PatchGroup: displayName, externalId and member add/remove only; at most 100 member changes; replacing
 * the member list or removing all members in one request is refused (keycloak-scim#73).
 */
export function patchGroup(call: ScimCall, id: string) {
  const group = requireGroup(call, id);
  const ops = readOps(readJsonBody(call.req));
  const dir = call.state.directory;
  let next: GroupRecord = { ...group };
  const adds: string[] = [];
  const removes: string[] = [];
  const setAttr = (attr: string, value: unknown) => {
    const a = attr.toLowerCase();
    if (a === "displayname") {
      if (typeof value !== "string" || value.trim() === "") throw badRequest("displayName must be a non-empty string.");
      next = { ...next, DisplayName: value };
    } else if (a === "externalid") {
      if (typeof value !== "string" || value === "") throw badRequest("externalId must be a non-empty string.");
      next = { ...next, ExternalIds: [{ Issuer: SCIM_ISSUER, Id: value }] };
    } else if (a === "id") {
      if (value !== id) throw badRequest("id cannot be changed.");
    } else throw badRequest(`The attribute ${attr} cannot be modified.`);
  };
  for (const { op, path, value } of ops) {
    const filtered = path ? /^members\[value\s+eq\s+"([^"]+)"\]$/i.exec(path) : null;
    if (filtered?.[1]) {
      if (op !== "remove") throw badRequest(`Unsupported path ${path ?? ""}.`);
      removes.push(filtered[1]);
    } else if (path?.toLowerCase() === "members") {
      if (op === "replace") throw badRequest("Replacing group memberships is not supported.");
      if (op === "remove" && value === undefined) throw badRequest("Removing all group memberships is not supported.");
      (op === "add" ? adds : removes).push(...memberIds(value));
    } else if (path) {
      if (op === "remove") throw badRequest(`The attribute ${path} cannot be removed.`);
      setAttr(path, value);
    } else {
      if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequest();
      for (const [k, v] of Object.entries(value as Json)) {
        if (k.toLowerCase() === "members") {
          if (op !== "add") throw badRequest("Replacing group memberships is not supported.");
          adds.push(...memberIds(v));
        } else setAttr(k, v);
      }
    }
  }
  if (adds.length + removes.length > MAX_MEMBER_CHANGES) throw badRequest(`At most ${MAX_MEMBER_CHANGES} membership changes are allowed per request.`);
  for (const m of adds) if (!dir.users.has(m)) throw notFoundScim("User", m);
  if (next.DisplayName !== group.DisplayName || next.ExternalIds !== group.ExternalIds) {
    try {
      dir.replaceGroup({ ...next, UpdatedAt: call.now, UpdatedBy: SCIM_ISSUER });
    } catch (error) {
      if (error instanceof UniquenessError) throw duplicate();
      throw error;
    }
  }
  for (const m of adds) addMember(call, id, m);
  for (const m of removes) {
    const mid = dir.membershipId(id, m);
    if (mid) dir.removeMembership(mid);
  }
  return scimJson(204, undefined, call.req.requestId);
}

export function listGroups(call: ScimCall) {
  const { count, cursor } = readPaging(call);
  const filter = call.req.url.searchParams.get("filter");
  const dir = call.state.directory;
  if (filter === null) {
    let offset: number;
    try {
      offset = cursorOffset("scim-groups", cursor);
    } catch {
      throw badRequest("The cursor is invalid.");
    }
    const result = dir.listGroups(offset, count);
    return listResponse(call, { page: result.items.map(groupOut), next: result.next, total: dir.groups.size }, cursor, "scim-groups");
  }
  const f = checkShape(parseFilter(filter), "groups");
  const one = (id: string | undefined) => (id ? [dir.groups.get(id)].filter((g): g is GroupRecord => g !== undefined) : []);
  let groups: GroupRecord[];
  if (f.displayname !== undefined) groups = one(dir.groupIdByDisplayName(f.displayname));
  else if (f.externalid !== undefined) groups = one(dir.groupIdByExternalId({ Issuer: SCIM_ISSUER, Id: f.externalid }));
  else if (f.members !== undefined) {
    const mine = dir.membershipsOfUser(f.members).map((m) => m.GroupId);
    groups = (f.id !== undefined ? mine.filter((g) => g === f.id) : mine).flatMap((g) => one(g));
  } else groups = one(f.id);
  return listResponse(call, groups.slice(0, count).map(groupOut), cursor, "scim-groups-filtered");
}

export { ScimError };
