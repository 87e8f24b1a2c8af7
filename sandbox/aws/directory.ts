import { randomUUID } from "node:crypto";

/**
 * The identity store's data, shared by the Identity Store API and the SCIM endpoint (SCIM objects ARE
 * identity store objects). Every unique attribute has a Map index so lookups stay O(1) at 100,000 users,
 * and listings walk an insertion-ordered id array from an offset, so paging is O(page).
 */

export interface ExternalId {
  Issuer: string;
  Id: string;
}

/** Multi-valued sub-objects (emails, addresses, phone numbers, roles) kept in Identity Store casing. */
export type Valued = Record<string, string | boolean>;

export interface UserName {
  Formatted?: string;
  FamilyName?: string;
  GivenName?: string;
  MiddleName?: string;
  HonorificPrefix?: string;
  HonorificSuffix?: string;
}

export interface UserRecord {
  UserId: string;
  UserName: string;
  ExternalIds?: ExternalId[];
  Name?: UserName;
  DisplayName?: string;
  NickName?: string;
  ProfileUrl?: string;
  Emails?: Valued[];
  Addresses?: Valued[];
  PhoneNumbers?: Valued[];
  Roles?: Valued[];
  UserType?: string;
  Title?: string;
  PreferredLanguage?: string;
  Locale?: string;
  Timezone?: string;
  UserStatus: "ENABLED" | "DISABLED";
  /** SCIM enterprise extension (employeeNumber, costCenter, organization, division, department, manager). */
  Enterprise?: Record<string, unknown>;
  CreatedAt: number;
  CreatedBy: string;
  UpdatedAt: number;
  UpdatedBy: string;
}

export interface GroupRecord {
  GroupId: string;
  DisplayName: string;
  Description?: string;
  ExternalIds?: ExternalId[];
  CreatedAt: number;
  CreatedBy: string;
  UpdatedAt: number;
  UpdatedBy: string;
}

export interface MembershipRecord {
  MembershipId: string;
  GroupId: string;
  UserId: string;
  CreatedAt: number;
  CreatedBy: string;
}

/** Which unique attribute a write collided on. */
export class UniquenessError extends Error {
  constructor(readonly attribute: "userName" | "emails.value" | "externalId" | "displayName" | "membership") {
    super(`duplicate ${attribute}`);
  }
}

const fold = (s: string) => s.toLowerCase();
const extKey = (e: ExternalId) => `${e.Issuer}\u0000${e.Id}`;
const primaryEmail = (u: UserRecord) => u.Emails?.[0]?.Value;

export class Directory {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly memberships = new Map<string, MembershipRecord>();
  private userOrder: string[] = [];
  private groupOrder: string[] = [];
  private readonly byUserName = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byUserExternal = new Map<string, string>();
  private readonly byDisplayName = new Map<string, string>();
  private readonly byGroupExternal = new Map<string, string>();
  private readonly membersOfGroup = new Map<string, Set<string>>();
  private readonly groupsOfMember = new Map<string, Set<string>>();
  private readonly byPair = new Map<string, string>();

  constructor(readonly identityStoreId: string) {}

  /** Ids look like real ones: `<10 hex of the store>-<uuid>`. */
  newId(): string {
    return `${this.identityStoreId.replace(/^d-/, "")}-${randomUUID()}`;
  }

  // ---- users

  userIdByUserName = (userName: string) => this.byUserName.get(fold(userName));
  userIdByEmail = (email: string) => this.byEmail.get(fold(email));
  userIdByExternalId = (e: ExternalId) => this.byUserExternal.get(extKey(e));

  private checkUser(user: UserRecord, selfId?: string) {
    const owner = (id: string | undefined) => id !== undefined && id !== selfId;
    if (owner(this.byUserName.get(fold(user.UserName)))) throw new UniquenessError("userName");
    const email = primaryEmail(user);
    if (typeof email === "string" && owner(this.byEmail.get(fold(email)))) throw new UniquenessError("emails.value");
    for (const e of user.ExternalIds ?? []) if (owner(this.byUserExternal.get(extKey(e)))) throw new UniquenessError("externalId");
  }

  private indexUser(user: UserRecord, on: boolean) {
    const set = (map: Map<string, string>, key: string) => (on ? map.set(key, user.UserId) : map.delete(key));
    set(this.byUserName, fold(user.UserName));
    const email = primaryEmail(user);
    if (typeof email === "string") set(this.byEmail, fold(email));
    for (const e of user.ExternalIds ?? []) set(this.byUserExternal, extKey(e));
  }

  addUser(user: UserRecord): UserRecord {
    this.checkUser(user);
    this.users.set(user.UserId, user);
    this.userOrder.push(user.UserId);
    this.indexUser(user, true);
    return user;
  }

  replaceUser(next: UserRecord): UserRecord {
    const current = this.users.get(next.UserId);
    if (!current) throw new Error(`no user ${next.UserId}`);
    this.checkUser(next, next.UserId);
    this.indexUser(current, false);
    this.users.set(next.UserId, next);
    this.indexUser(next, true);
    return next;
  }

  removeUser(userId: string): boolean {
    const user = this.users.get(userId);
    if (!user) return false;
    this.indexUser(user, false);
    this.users.delete(userId);
    for (const mid of [...(this.groupsOfMember.get(userId) ?? [])]) this.removeMembership(mid);
    this.compactIfSparse();
    return true;
  }

  /** Users in creation order from `offset`; `next` is the offset to continue from. */
  listUsers(offset: number, size: number): { items: UserRecord[]; next?: number } {
    return walk(this.userOrder, this.users, offset, size);
  }

  // ---- groups

  groupIdByDisplayName = (name: string) => this.byDisplayName.get(fold(name));
  groupIdByExternalId = (e: ExternalId) => this.byGroupExternal.get(extKey(e));

  private checkGroup(group: GroupRecord, selfId?: string) {
    const owner = (id: string | undefined) => id !== undefined && id !== selfId;
    if (owner(this.byDisplayName.get(fold(group.DisplayName)))) throw new UniquenessError("displayName");
    for (const e of group.ExternalIds ?? []) if (owner(this.byGroupExternal.get(extKey(e)))) throw new UniquenessError("externalId");
  }

  private indexGroup(group: GroupRecord, on: boolean) {
    const set = (map: Map<string, string>, key: string) => (on ? map.set(key, group.GroupId) : map.delete(key));
    set(this.byDisplayName, fold(group.DisplayName));
    for (const e of group.ExternalIds ?? []) set(this.byGroupExternal, extKey(e));
  }

  addGroup(group: GroupRecord): GroupRecord {
    this.checkGroup(group);
    this.groups.set(group.GroupId, group);
    this.groupOrder.push(group.GroupId);
    this.indexGroup(group, true);
    return group;
  }

  replaceGroup(next: GroupRecord): GroupRecord {
    const current = this.groups.get(next.GroupId);
    if (!current) throw new Error(`no group ${next.GroupId}`);
    this.checkGroup(next, next.GroupId);
    this.indexGroup(current, false);
    this.groups.set(next.GroupId, next);
    this.indexGroup(next, true);
    return next;
  }

  removeGroup(groupId: string): boolean {
    const group = this.groups.get(groupId);
    if (!group) return false;
    this.indexGroup(group, false);
    this.groups.delete(groupId);
    for (const mid of [...(this.membersOfGroup.get(groupId) ?? [])]) this.removeMembership(mid);
    this.compactIfSparse();
    return true;
  }

  listGroups(offset: number, size: number): { items: GroupRecord[]; next?: number } {
    return walk(this.groupOrder, this.groups, offset, size);
  }

  // ---- memberships

  membershipId = (groupId: string, userId: string) => this.byPair.get(`${groupId}|${userId}`);

  addMembership(m: MembershipRecord): MembershipRecord {
    const pair = `${m.GroupId}|${m.UserId}`;
    if (this.byPair.has(pair)) throw new UniquenessError("membership");
    this.memberships.set(m.MembershipId, m);
    this.byPair.set(pair, m.MembershipId);
    addTo(this.membersOfGroup, m.GroupId, m.MembershipId);
    addTo(this.groupsOfMember, m.UserId, m.MembershipId);
    return m;
  }

  removeMembership(membershipId: string): boolean {
    const m = this.memberships.get(membershipId);
    if (!m) return false;
    this.memberships.delete(membershipId);
    this.byPair.delete(`${m.GroupId}|${m.UserId}`);
    this.membersOfGroup.get(m.GroupId)?.delete(membershipId);
    this.groupsOfMember.get(m.UserId)?.delete(membershipId);
    return true;
  }

  membershipsOfGroup(groupId: string): MembershipRecord[] {
    return [...(this.membersOfGroup.get(groupId) ?? [])].flatMap((id) => this.memberships.get(id) ?? []);
  }

  membershipsOfUser(userId: string): MembershipRecord[] {
    return [...(this.groupsOfMember.get(userId) ?? [])].flatMap((id) => this.memberships.get(id) ?? []);
  }

  /**
   * Deleted ids stay in the order arrays as tombstones so outstanding offsets keep their meaning;
   * only when most of an array is dead is it rebuilt (a rare, bounded cost).
   */
  private compactIfSparse() {
    if (this.userOrder.length > 1024 && this.users.size * 2 < this.userOrder.length) this.userOrder = this.userOrder.filter((id) => this.users.has(id));
    if (this.groupOrder.length > 1024 && this.groups.size * 2 < this.groupOrder.length) this.groupOrder = this.groupOrder.filter((id) => this.groups.has(id));
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string) {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function walk<T>(order: readonly string[], items: Map<string, T>, offset: number, size: number): { items: T[]; next?: number } {
  const out: T[] = [];
  let i = offset;
  for (; i < order.length && out.length < size; i++) {
    const id = order[i];
    const item = id === undefined ? undefined : items.get(id);
    if (item) out.push(item);
  }
  // Skip trailing tombstones so the last page does not carry a token to an empty page.
  while (i < order.length && !items.has(order[i] ?? "")) i++;
  return i < order.length ? { items: out, next: i } : { items: out };
}
