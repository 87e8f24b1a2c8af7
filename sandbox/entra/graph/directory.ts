import type { EntraGroup, EntraUser } from "../state";
import { badRequest, notFound } from "./errors";
import { compileFilter, nextLink, page, parseListQuery, project, sortBy, type FilterNode, type ListQuery } from "./odata";
import { P, context, ok, type GraphCall, type Route } from "./router";

/** v1.0 returns only this default set unless $select asks for more (accountEnabled, userType… must be selected). */
const USER_DEFAULTS = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];
const USER_FILTERABLE = new Set(["userPrincipalName", "mail", "displayName", "givenName", "surname", "id", "accountEnabled", "userType", "proxyAddresses", "otherMails", "employeeId", "mailNickname", "department", "jobTitle"]);
/** Filters Graph only answers as "advanced queries" (ConsistencyLevel: eventual + $count=true). */
const ADVANCED_ONLY = new Set(["endswith"]);

export function userView(u: EntraUser): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.user",
    id: u.id,
    businessPhones: u.businessPhones,
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    officeLocation: u.officeLocation,
    preferredLanguage: u.preferredLanguage,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    userType: u.userType,
    mailNickname: u.mailNickname,
    proxyAddresses: u.proxyAddresses,
    otherMails: u.otherMails,
    department: u.department,
    employeeId: u.employeeId,
    createdDateTime: u.createdDateTime,
    externalUserState: u.userType === "Guest" ? "Accepted" : null,
  };
}

const GROUP_DEFAULTS = ["id", "createdDateTime", "description", "displayName", "groupTypes", "mail", "mailEnabled", "mailNickname", "securityEnabled", "visibility"];

export function groupView(g: EntraGroup): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.group",
    id: g.id,
    createdDateTime: g.createdDateTime,
    description: g.description,
    displayName: g.displayName,
    groupTypes: g.groupTypes,
    mail: g.mail,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    securityEnabled: g.securityEnabled,
    visibility: null,
  };
}

function withType(view: Record<string, unknown>, select: string[] | undefined, defaults: string[]) {
  return { "@odata.type": view["@odata.type"], ...project(view, select, defaults) };
}

function usesFunction(node: FilterNode | undefined, names: Set<string>): boolean {
  if (!node) return false;
  switch (node.kind) {
    case "and":
    case "or":
      return usesFunction(node.left, names) || usesFunction(node.right, names);
    case "not":
      return true;
    case "fn":
      return names.has(node.name);
    default:
      return false;
  }
}

function advanced(call: GraphCall, _query: ListQuery): boolean {
  return String(call.req.headers.consistencylevel ?? "").toLowerCase() === "eventual";
}

function requireAdvanced(call: GraphCall, query: ListQuery) {
  const needs = usesFunction(query.filter, ADVANCED_ONLY) || query.filter?.kind === "not" || query.count;
  if (needs && !advanced(call, query))
    throw badRequest("Operator 'endsWith'/'not'/$count is only supported for advanced queries: send the ConsistencyLevel: eventual header and $count=true.", "Request_UnsupportedQuery");
}

function candidateUsers(call: GraphCall, filter: FilterNode | undefined): EntraUser[] {
  const state = call.env.state;
  // Index fast paths so 100k-user tenants stay quick for the common lookups.
  if (filter?.kind === "cmp" && filter.op === "eq" && typeof filter.value === "string") {
    if (filter.path === "userPrincipalName") {
      const u = state.usersByUpn.get(filter.value.toLowerCase());
      return u ? [u] : [];
    }
    if (filter.path === "mail") return state.usersByMail.get(filter.value.toLowerCase()) ?? [];
    if (filter.path === "id") {
      const u = state.users.get(filter.value);
      return u ? [u] : [];
    }
  }
  return state.userList;
}

function listUsers(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  requireAdvanced(call, query);
  let users = candidateUsers(call, query.filter);
  if (query.filter) {
    const match = compileFilter(query.filter, { caseInsensitive: true, allowed: USER_FILTERABLE });
    users = users.filter((u) => match(u));
  }
  if (query.orderBy) {
    if (query.orderBy.path !== "displayName" && query.orderBy.path !== "userPrincipalName") throw badRequest(`Sorting by '${query.orderBy.path}' is not supported.`, "Request_UnsupportedQuery");
    if (query.filter && !advanced(call, query)) throw badRequest("Sorting with a filter is only supported for advanced queries.", "Request_UnsupportedQuery");
    users = sortBy(users, query.orderBy);
  }
  const top = query.top ?? 100;
  const body: Record<string, unknown> = { "@odata.context": context(call.version, "users") };
  if (query.count) body["@odata.count"] = users.length;
  body.value = users.slice(query.skip, query.skip + top).map((u) => withType(userView(u), query.select, USER_DEFAULTS));
  if (query.skip + top < users.length) body["@odata.nextLink"] = nextLink(call.url, query.skip + top);
  return ok(body);
}

function findUser(call: GraphCall): EntraUser {
  const key = call.params.id ?? "";
  const user = call.env.state.findUser(key);
  if (!user) throw notFound(key);
  return user;
}

function findGroup(call: GraphCall): EntraGroup {
  const key = call.params.id ?? "";
  const group = call.env.state.groups.get(key);
  if (!group) throw notFound(key);
  return group;
}

function memberObjects(call: GraphCall, ids: Iterable<string>): Record<string, unknown>[] {
  const state = call.env.state;
  const out: Record<string, unknown>[] = [];
  for (const id of ids) {
    const u = state.users.get(id);
    if (u) {
      out.push(userView(u));
      continue;
    }
    const g = state.groups.get(id);
    if (g) out.push(groupView(g));
  }
  return out;
}

function listObjects(call: GraphCall, items: Record<string, unknown>[], cast: string | undefined, what: string) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  if (cast && query.filter && !advanced(call, query)) throw badRequest("Filtering on an OData cast is only supported for advanced queries (ConsistencyLevel: eventual and $count=true).", "Request_UnsupportedQuery");
  let list = items;
  if (cast) list = list.filter((o) => o["@odata.type"] === `#${cast}`);
  if (query.filter) list = list.filter(compileFilter(query.filter, { caseInsensitive: true }));
  list = sortBy(list, query.orderBy);
  const projected = list.map((o) => ({ "@odata.type": o["@odata.type"], ...project(o, query.select, o["@odata.type"] === "#microsoft.graph.group" ? GROUP_DEFAULTS : USER_DEFAULTS) }));
  return ok(page(call.url, projected, query, 100, { "@odata.context": context(call.version, what) }));
}

function transitiveMembers(call: GraphCall, group: EntraGroup): Set<string> {
  const state = call.env.state;
  const out = new Set<string>();
  const queue = [...group.members];
  while (queue.length) {
    const id = queue.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    const g = state.groups.get(id);
    if (g) queue.push(...g.members);
  }
  return out;
}

function userAppRoleAssignments(call: GraphCall) {
  const user = findUser(call);
  const state = call.env.state;
  const principals = new Set([user.id, ...(state.memberOf.get(user.id) ?? [])]);
  const query = parseListQuery(call.url, { maxTop: 999 });
  let items = [...state.assignments.values()]
    .filter((a) => principals.has(a.principalId))
    .map((a) => ({ id: a.id, deletedDateTime: null, appRoleId: a.appRoleId, createdDateTime: a.createdDateTime, principalDisplayName: a.principalDisplayName, principalId: a.principalId, principalType: a.principalType, resourceDisplayName: a.resourceDisplayName, resourceId: a.resourceId }));
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["resourceId", "appRoleId", "principalId"]) }));
  return ok(page(call.url, items.map((a) => project(a, query.select)), query, 100, { "@odata.context": context(call.version, `users('${user.id}')/appRoleAssignments`) }));
}

function listGroups(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  requireAdvanced(call, query);
  let groups = call.env.state.groupList.map(groupView);
  if (query.filter) groups = groups.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["displayName", "id", "mailNickname", "securityEnabled", "mailEnabled", "groupTypes", "mail"]) }));
  groups = sortBy(groups, query.orderBy);
  return ok(page(call.url, groups.map((g) => withType(g, query.select, GROUP_DEFAULTS)), query, 100, { "@odata.context": context(call.version, "groups") }));
}

function listDeletedUsers(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  requireAdvanced(call, query);
  let users = [...call.env.state.deletedUsers.values()];
  if (query.filter) {
    const match = compileFilter(query.filter, { caseInsensitive: true, allowed: USER_FILTERABLE });
    users = users.filter((u) => match(u));
  }
  const top = query.top ?? 100;
  const body: Record<string, unknown> = { "@odata.context": context(call.version, "directory/deletedItems/microsoft.graph.user") };
  if (query.count) body["@odata.count"] = users.length;
  body.value = users.slice(query.skip, query.skip + top).map((u) => ({ ...withType(userView(u), query.select, USER_DEFAULTS), deletedDateTime: u.deletedDateTime }));
  if (query.skip + top < users.length) body["@odata.nextLink"] = nextLink(call.url, query.skip + top);
  return ok(body);
}

export const directoryRoutes: Route[] = [
  // The recycle bin (https://learn.microsoft.com/graph/api/directory-deleteditems-list): the typed list first, then one item by id.
  { method: "GET", pattern: "/directory/deletedItems/microsoft.graph.user", perms: P.users, handler: listDeletedUsers },
  {
    method: "GET",
    pattern: "/directory/deletedItems/:id",
    perms: P.users,
    handler: (call) => {
      const user = call.env.state.deletedUsers.get(call.params.id ?? "");
      if (!user) throw notFound(call.params.id ?? "");
      return ok({ "@odata.context": context(call.version, "directory/deletedItems/$entity"), "@odata.type": "#microsoft.graph.user", ...userView(user), deletedDateTime: user.deletedDateTime });
    },
  },
  { method: "GET", pattern: "/users", perms: P.users, handler: listUsers },
  {
    method: "GET",
    pattern: "/users/:id",
    perms: P.users,
    handler: (call) => {
      const query = parseListQuery(call.url, { maxTop: 999 });
      return ok({ "@odata.context": context(call.version, "users/$entity"), ...project(userView(findUser(call)), query.select, USER_DEFAULTS) });
    },
  },
  { method: "GET", pattern: "/users/:id/appRoleAssignments", perms: P.users, handler: userAppRoleAssignments },
  { method: "GET", pattern: "/users/:id/memberOf", perms: P.transitive, handler: (call) => listObjects(call, memberObjects(call, call.env.state.memberOf.get(findUser(call).id) ?? []), undefined, "directoryObjects") },
  { method: "GET", pattern: "/users/:id/memberOf/microsoft.graph.group", perms: P.transitive, handler: (call) => listObjects(call, memberObjects(call, call.env.state.memberOf.get(findUser(call).id) ?? []), "microsoft.graph.group", "groups") },
  { method: "GET", pattern: "/users/:id/transitiveMemberOf", perms: P.transitive, handler: (call) => listObjects(call, memberObjects(call, call.env.state.transitiveGroupsOf(findUser(call).id)), undefined, "directoryObjects") },
  { method: "GET", pattern: "/users/:id/transitiveMemberOf/microsoft.graph.group", perms: P.transitive, handler: (call) => listObjects(call, memberObjects(call, call.env.state.transitiveGroupsOf(findUser(call).id)), "microsoft.graph.group", "groups") },
  { method: "GET", pattern: "/groups", perms: P.groups, handler: listGroups },
  {
    method: "GET",
    pattern: "/groups/:id",
    perms: P.groups,
    handler: (call) => {
      const query = parseListQuery(call.url, { maxTop: 999 });
      return ok({ "@odata.context": context(call.version, "groups/$entity"), ...project(groupView(findGroup(call)), query.select, GROUP_DEFAULTS) });
    },
  },
  { method: "GET", pattern: "/groups/:id/members", perms: P.groups, handler: (call) => listObjects(call, memberObjects(call, findGroup(call).members), undefined, "directoryObjects") },
  { method: "GET", pattern: "/groups/:id/members/microsoft.graph.user", perms: P.groups, handler: (call) => listObjects(call, memberObjects(call, findGroup(call).members), "microsoft.graph.user", "users") },
  { method: "GET", pattern: "/groups/:id/transitiveMembers", perms: P.groups, handler: (call) => listObjects(call, memberObjects(call, transitiveMembers(call, findGroup(call))), undefined, "directoryObjects") },
  { method: "GET", pattern: "/groups/:id/memberOf", perms: P.groups, handler: (call) => listObjects(call, memberObjects(call, call.env.state.memberOf.get(findGroup(call).id) ?? []), undefined, "directoryObjects") },
  { method: "GET", pattern: "/groups/:id/transitiveMemberOf", perms: P.groups, handler: (call) => listObjects(call, memberObjects(call, call.env.state.transitiveGroupsOf(findGroup(call).id)), undefined, "directoryObjects") },
];
