import { createHash } from "node:crypto";
import { ConsoleError } from "./console-error";
import type { OrgAccount, OrgState, OrgUnit } from "./org-state";

/**
 * Changing the sandbox organization from the outside: generated member accounts in nested OUs (seeding),
 * and accounts that join, move or leave (admin routes), so that "an account joined OU X" can be tested.
 * The portal only reads the organization; these are what AWS Organizations' console or its own
 * CreateAccount / MoveAccount / RemoveAccountFromOrganization calls would do.
 */

/** OUs nest at most five levels below the root (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html). */
export const MAX_OU_DEPTH = 5;
const GENERATED_ID_BASE = 800_000_000_000;

const slug = (path: string) =>
  path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** "Workloads/Prod" for an OU, "" for the root. */
export function pathOf(org: OrgState, parentId: string): string {
  const names: string[] = [];
  let id = parentId;
  for (let guard = 0; id !== org.rootId && guard <= MAX_OU_DEPTH; guard++) {
    const ou = org.ous.find((o) => o.id === id);
    if (!ou) break;
    names.unshift(ou.name);
    id = ou.parentId;
  }
  return names.join("/");
}

function splitPath(path: string): string[] {
  const parts = path
    .split("/")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > MAX_OU_DEPTH) throw new ConsoleError(400, "MaxDepthExceeded", `OUs nest at most ${MAX_OU_DEPTH} levels deep: "${path}".`);
  for (const p of parts) if (p.length > 128) throw new ConsoleError(400, "BadRequest", `An OU name has at most 128 characters: "${p}".`);
  return parts;
}

/** OU ids look like AWS's (`ou-<root suffix>-<8+ chars>`) and follow from the parent and name, so seeds are repeatable. */
function ouId(org: OrgState, parentId: string, name: string): string {
  const base = `ou-${org.rootId.slice(2)}-`;
  for (let salt = 0; ; salt++) {
    const id = base + createHash("sha256").update(`${parentId}/${name}/${salt}`).digest("hex").slice(0, 8);
    if (!org.ous.some((o) => o.id === id)) return id;
  }
}

/** The OU at `path` under the root, creating the missing levels (names are unique per parent, as in AWS). */
export function ensureOuPath(org: OrgState, path: string): { id: string; created: OrgUnit[] } {
  let parentId = org.rootId;
  const created: OrgUnit[] = [];
  for (const name of splitPath(path)) {
    let ou = org.ous.find((o) => o.parentId === parentId && o.name === name);
    if (!ou) {
      ou = { id: ouId(org, parentId, name), name, parentId };
      org.ous.push(ou);
      created.push(ou);
    }
    parentId = ou.id;
  }
  return { id: parentId, created };
}

/** A parent named by id (root or OU) or by OU path ("Workloads/Prod"; "" or "Root" is the root). */
function resolveParent(org: OrgState, ref: unknown, create: boolean): string {
  if (ref === undefined || ref === null || ref === "" || ref === "Root" || ref === "/") return org.rootId;
  if (typeof ref !== "string") throw new ConsoleError(400, "BadRequest", "A parent is an OU path, an OU id or the root id.");
  if (ref === org.rootId) return ref;
  if (/^ou-/.test(ref)) {
    if (!org.ous.some((o) => o.id === ref)) throw new ConsoleError(404, "ParentNotFound", `No OU ${ref}.`);
    return ref;
  }
  if (create) return ensureOuPath(org, ref).id;
  let parentId = org.rootId;
  for (const name of splitPath(ref)) {
    const ou = org.ous.find((o) => o.parentId === parentId && o.name === name);
    if (!ou) throw new ConsoleError(404, "ParentNotFound", `No OU at path "${ref}".`);
    parentId = ou.id;
  }
  return parentId;
}

function nextGeneratedId(org: OrgState): { n: number; id: string } {
  for (;;) {
    const n = ++org.generatedAccounts;
    const id = String(GENERATED_ID_BASE + n);
    if (!org.accounts.some((a) => a.id === id)) return { n, id };
  }
}

export interface NewAccount {
  id?: string;
  name?: string;
  email?: string;
  /** OU path, OU id or root id; missing OUs on a path are created. */
  parent?: string;
}

/** A member account that joins now (JoinedMethod CREATED, as CreateAccount would). */
export function addAccount(org: OrgState, now: number, input: NewAccount): OrgAccount {
  const parentId = resolveParent(org, input.parent, true);
  let id = input.id;
  let n = org.generatedAccounts + 1;
  if (id !== undefined) {
    if (!/^\d{12}$/.test(id)) throw new ConsoleError(400, "BadRequest", "An account id is 12 digits.");
    if (org.accounts.some((a) => a.id === id)) throw new ConsoleError(409, "DuplicateAccount", `Account ${id} is already in the organization.`);
  } else {
    ({ n, id } = nextGeneratedId(org));
  }
  const name = input.name ?? `${slug(pathOf(org, parentId)) || "root"}-${String(n).padStart(3, "0")}`;
  if (name.length < 1 || name.length > 50) throw new ConsoleError(400, "BadRequest", "An account name has 1 to 50 characters.");
  const email = input.email ?? `aws+${slug(name)}-${id}@contoso-sandbox.example`;
  // The e-mail address of an AWS account is unique (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html).
  if (org.accounts.some((a) => a.email.toLowerCase() === email.toLowerCase()))
    throw new ConsoleError(409, "DuplicateAccount", `An account with the e-mail address ${email} already exists.`);
  const account: OrgAccount = { id, name, email, parentId, joinedMethod: "CREATED", joinedAt: now };
  org.accounts.push(account);
  return account;
}

/** `count` accounts spread round-robin over the OU paths (the root when none), with names and ids that repeat run after run. */
export function generateAccounts(org: OrgState, now: number, count: number, ous: readonly string[] = []): OrgAccount[] {
  if (!Number.isInteger(count) || count < 0 || count > 10_000) throw new ConsoleError(400, "BadRequest", "accounts is a whole number from 0 to 10000.");
  const parents = ous.length ? ous.map((path) => ensureOuPath(org, path).id) : [org.rootId];
  return Array.from({ length: count }, (_, i) => addAccount(org, now, { parent: parents[i % parents.length] }));
}

function findAccount(org: OrgState, id: string): OrgAccount {
  const account = org.accounts.find((a) => a.id === id);
  if (!account) throw new ConsoleError(404, "AccountNotFound", `No account ${id} in the organization.`);
  return account;
}

/** MoveAccount: to another OU or the root (https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html). */
export function moveAccount(org: OrgState, id: string, to: unknown): OrgAccount {
  const account = findAccount(org, id);
  const parentId = resolveParent(org, to, true);
  if (parentId === account.parentId) throw new ConsoleError(409, "DuplicateAccount", `Account ${id} is already in ${pathOf(org, parentId) || "the root"}.`);
  account.parentId = parentId;
  return account;
}

/** RemoveAccountFromOrganization: never the management account (https://docs.aws.amazon.com/organizations/latest/APIReference/API_RemoveAccountFromOrganization.html). */
export function removeAccount(org: OrgState, id: string): OrgAccount {
  const account = findAccount(org, id);
  if (id === org.managementAccountId)
    throw new ConsoleError(409, "MasterCannotLeaveOrganization", "The management account cannot be removed from its organization.");
  org.accounts = org.accounts.filter((a) => a.id !== id);
  return account;
}

export const accountView = (org: OrgState, a: OrgAccount) => ({
  id: a.id,
  name: a.name,
  email: a.email,
  parentId: a.parentId,
  path: pathOf(org, a.parentId),
  joinedMethod: a.joinedMethod,
  joinedAt: new Date(a.joinedAt).toISOString(),
  management: a.id === org.managementAccountId,
});

export const ouView = (org: OrgState, ou: OrgUnit) => ({ id: ou.id, name: ou.name, parentId: ou.parentId, path: pathOf(org, ou.id) });

export const orgView = (org: OrgState) => ({
  organizationId: org.organizationId,
  managementAccountId: org.managementAccountId,
  rootId: org.rootId,
  ous: org.ous.map((ou) => ouView(org, ou)),
  accounts: org.accounts.map((a) => accountView(org, a)),
});

type Json = Record<string, unknown>;

/** The admin routes under /_sandbox/aws for the organization; undefined when the route is not one of them. */
export function orgRoute(route: string, input: () => Json, org: OrgState, now: number): { status: number; body: unknown } | undefined {
  switch (route) {
    case "GET /organization":
      return { status: 200, body: orgView(org) };
    case "POST /accounts": {
      const b = input();
      const str = (k: string) => {
        const v = b[k];
        if (v !== undefined && typeof v !== "string") throw new ConsoleError(400, "BadRequest", `${k} must be a string.`);
        return v;
      };
      if (b.count !== undefined) {
        const ous = b.ous === undefined ? [] : b.ous;
        if (!Array.isArray(ous) || ous.some((o) => typeof o !== "string")) throw new ConsoleError(400, "BadRequest", "ous is a list of OU paths.");
        const made = generateAccounts(org, now, Number(b.count), ous as string[]);
        return { status: 201, body: { accounts: made.map((a) => accountView(org, a)) } };
      }
      const account = addAccount(org, now, { id: str("id"), name: str("name"), email: str("email"), parent: str("parent") });
      return { status: 201, body: { account: accountView(org, account) } };
    }
    case "POST /ous": {
      const path = input().path;
      if (typeof path !== "string" || !path.trim()) throw new ConsoleError(400, "BadRequest", 'path is an OU path such as "Workloads/Prod".');
      const { id, created } = ensureOuPath(org, path);
      const ou = org.ous.find((o) => o.id === id);
      return { status: created.length ? 201 : 200, body: { ou: ou && ouView(org, ou), created: created.map((o) => ouView(org, o)) } };
    }
  }
  const move = /^POST \/accounts\/(\d{12})\/move$/.exec(route);
  if (move?.[1]) return { status: 200, body: { account: accountView(org, moveAccount(org, move[1], input().to)) } };
  const remove = /^DELETE \/accounts\/(\d{12})$/.exec(route);
  if (remove?.[1]) return { status: 200, body: { removed: accountView(org, removeAccount(org, remove[1])) } };
  return undefined;
}
