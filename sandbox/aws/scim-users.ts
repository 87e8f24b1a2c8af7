import { UniquenessError, type UserRecord } from "./directory";
import { badRequest, duplicate, notFoundScim, readJsonBody, scimJson, ScimError } from "./scim-common";
import { checkShape, parseFilter } from "./scim-filter";
import { applyUserPatch, readOps } from "./scim-patch";
import { scimUserIn, scimUserOut } from "./scim-user-map";
import { SCIM_ISSUER } from "./seed";
import type { ScimCall } from "./scim-common";
import { cursorOffset, listResponse, readPaging } from "./scim-paging";


function write<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UniquenessError) throw duplicate();
    throw error;
  }
}

function requireUser(call: ScimCall, id: string): UserRecord {
  const user = call.state.directory.users.get(id);
  if (!user) throw notFoundScim("User", id);
  return user;
}

export function createUser(call: ScimCall): ReturnType<typeof scimJson> {
  const fields = scimUserIn(readJsonBody(call.req), true);
  const dir = call.state.directory;
  const user: UserRecord = { ...fields, UserId: dir.newId(), CreatedAt: call.now, CreatedBy: SCIM_ISSUER, UpdatedAt: call.now, UpdatedBy: SCIM_ISSUER };
  write(() => dir.addUser(user));
  return scimJson(201, scimUserOut(user), call.req.requestId, { location: `${call.base}/Users/${user.UserId}` });
}

export const getUser = (call: ScimCall, id: string) => scimJson(200, scimUserOut(requireUser(call, id)), call.req.requestId);

export function putUser(call: ScimCall, id: string) {
  const current = requireUser(call, id);
  const fields = scimUserIn(readJsonBody(call.req), false);
  const next: UserRecord = { ...fields, UserId: id, CreatedAt: current.CreatedAt, CreatedBy: current.CreatedBy, UpdatedAt: call.now, UpdatedBy: SCIM_ISSUER };
  write(() => call.state.directory.replaceUser(next));
  return scimJson(200, scimUserOut(next), call.req.requestId);
}

export function patchUser(call: ScimCall, id: string) {
  const current = requireUser(call, id);
  const patched = applyUserPatch(scimUserOut(current), readOps(readJsonBody(call.req)));
  const fields = scimUserIn(patched, false);
  const next: UserRecord = { ...fields, UserId: id, CreatedAt: current.CreatedAt, CreatedBy: current.CreatedBy, UpdatedAt: call.now, UpdatedBy: SCIM_ISSUER };
  write(() => call.state.directory.replaceUser(next));
  return scimJson(200, scimUserOut(next), call.req.requestId);
}

export function deleteUser(call: ScimCall, id: string) {
  if (!call.state.directory.removeUser(id)) throw notFoundScim("User", id);
  return scimJson(204, undefined, call.req.requestId);
}

export function listUsers(call: ScimCall) {
  const { count, cursor } = readPaging(call);
  const filter = call.req.url.searchParams.get("filter");
  const dir = call.state.directory;
  if (filter === null) {
    let offset: number;
    try {
      offset = cursorOffset("scim-users", cursor);
    } catch {
      throw badRequest("The cursor is invalid.");
    }
    const result = dir.listUsers(offset, count);
    return listResponse(call, { page: result.items.map(scimUserOut), next: result.next, total: dir.users.size }, cursor, "scim-users");
  }
  const f = checkShape(parseFilter(filter), "users");
  let users: UserRecord[];
  if (f.username !== undefined) users = [dir.userIdByUserName(f.username)].flatMap((id) => (id ? (dir.users.get(id) ?? []) : []));
  else if (f.externalid !== undefined)
    users = [dir.userIdByExternalId({ Issuer: SCIM_ISSUER, Id: f.externalid })].flatMap((id) => (id ? (dir.users.get(id) ?? []) : []));
  else if (f["groups.value"] !== undefined) users = dir.membershipsOfGroup(f["groups.value"]).flatMap((m) => dir.users.get(m.UserId) ?? []);
  else {
    const user = dir.users.get(f.id ?? "");
    const manager = f.manager;
    users = user && (manager === undefined || (user.Enterprise?.manager as { value?: string } | undefined)?.value === manager) ? [user] : [];
  }
  return listResponse(call, users.slice(0, count).map(scimUserOut), cursor, "scim-users-filtered");
}

export { ScimError };
