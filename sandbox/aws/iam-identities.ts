import { SANDBOX } from "../fixtures";
import { AwsError } from "./errors";
import {
  alreadyExists,
  deleteConflict,
  fold,
  formValidator,
  invalidMarker,
  NAME,
  noSuchEntity,
  PATH,
  POLICY_ARN,
  type IamCall,
  type IamResult,
} from "./iam-common";
import { checkIdentityPolicy } from "./iam-policy-doc";
import { requireRole } from "./iam-roles";
import { iamId, secretKey, type IamPolicy, type IamUser } from "./iam-state";
import { awsManagedPolicies, MANAGED_POLICIES } from "./managed-policies";
import { page } from "./paging";
import { iso } from "./protocol-query";
import type { AwsState } from "./state";

type Op = (params: URLSearchParams, call: IamCall) => IamResult;

const MAX_KEYS_PER_USER = 2;
const MAX_POLICIES_PER_ENTITY = 10;

/** The identity behind the sandbox's static access key (fixtures); not listed among IAM users. */
export const SANDBOX_CALLER = { name: "identity-bridge-sandbox", id: "AIDASANDBOXEXAMPLE0001" };

const policyOut = (p: IamPolicy, attachments: number) => ({
  PolicyName: p.name,
  PolicyId: p.id,
  Arn: p.arn,
  Path: p.path,
  DefaultVersionId: "v1",
  AttachmentCount: attachments,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  Description: p.description,
  CreateDate: iso(p.createdAt),
  UpdateDate: iso(p.createdAt),
});

const userOut = (u: IamUser) => ({ Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: iso(u.createdAt) });

function attachmentCount(state: AwsState, arn: string): number {
  let n = 0;
  for (const r of state.iam.roles.values()) if (r.attached.includes(arn)) n++;
  for (const u of state.iam.users.values()) if (u.attached.includes(arn)) n++;
  return n;
}

/** A customer policy of this account or an AWS managed one; anything else does not exist. */
function policyExists(state: AwsState, arn: string): { name: string } {
  const custom = state.iam.policies.get(arn);
  if (custom) return custom;
  const managed = MANAGED_POLICIES.get(arn);
  if (managed) return managed;
  throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
}

function requireUser(state: AwsState, name: string | undefined): IamUser {
  const user = name === undefined ? undefined : state.iam.users.get(fold(name));
  if (!user) throw noSuchEntity(`The user with name ${name ?? "null"} cannot be found.`);
  return user;
}

const CreatePolicy: Op = (params, { state, now }) => {
  const v = formValidator(params);
  const name = v.str("PolicyName", { required: true, min: 1, max: 128, pattern: NAME.pattern, patternText: NAME.patternText });
  const path = v.str("Path", PATH) ?? "/";
  const doc = v.str("PolicyDocument", { required: true, min: 1, max: 131072 });
  const description = v.str("Description", { max: 1000 });
  v.done();
  const arn = `arn:aws:iam::${state.accountId}:policy${path}${name ?? ""}`;
  if ([...state.iam.policies.values()].some((p) => fold(p.name) === fold(name ?? "")))
    throw alreadyExists(`A policy called ${name ?? ""} already exists. Duplicate names are not allowed.`);
  checkIdentityPolicy(doc ?? "");
  const policy: IamPolicy = { name: name ?? "", id: iamId("ANPA"), path, arn, document: doc ?? "", description, createdAt: now };
  state.iam.policies.set(arn, policy);
  return { Policy: policyOut(policy, 0) };
};

const GetPolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const arn = v.str("PolicyArn", POLICY_ARN) ?? "";
  v.done();
  const custom = state.iam.policies.get(arn);
  if (custom) return { Policy: policyOut(custom, attachmentCount(state, arn)) };
  const managed = MANAGED_POLICIES.get(arn);
  if (!managed) throw noSuchEntity(`Policy ${arn} was not found.`);
  return {
    Policy: policyOut(
      { name: managed.name, id: iamId("ANPA"), path: managed.path, arn, document: "", createdAt: Date.UTC(2015, 1, 6) },
      attachmentCount(state, arn),
    ),
  };
};

const ListPolicies: Op = (params, { state }) => {
  const v = formValidator(params, ["MaxItems"]);
  const scope = v.str("Scope", { oneOf: ["All", "AWS", "Local"] }) ?? "All";
  const onlyAttached = params.get("OnlyAttached") === "true";
  const marker = v.str("Marker", { min: 1, max: 320 });
  const maxItems = v.int("MaxItems", { min: 1, max: 1000 });
  v.done();
  const local = scope === "AWS" ? [] : [...state.iam.policies.values()];
  const aws: IamPolicy[] =
    scope === "Local"
      ? []
      : awsManagedPolicies().map((m) => ({
          name: m.name,
          id: `ANPA${m.name
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, "")
            .slice(0, 17)
            .padEnd(17, "X")}`,
          path: m.path,
          arn: m.arn,
          document: "",
          createdAt: Date.UTC(2015, 1, 6),
        }));
  const all = [...aws, ...local].map((p) => ({ p, n: attachmentCount(state, p.arn) })).filter((x) => !onlyAttached || x.n > 0);
  const p = page(all, { scope: `ListPolicies|${scope}|${String(onlyAttached)}`, nextToken: marker, maxResults: maxItems, defaultSize: 100 }, invalidMarker);
  return { Policies: p.items.map((x) => policyOut(x.p, x.n)), IsTruncated: p.nextToken !== undefined, Marker: p.nextToken };
};

const DeletePolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const arn = v.str("PolicyArn", POLICY_ARN) ?? "";
  v.done();
  if (!state.iam.policies.has(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
  if (attachmentCount(state, arn) > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
  state.iam.policies.delete(arn);
  return undefined;
};

/** Attach/detach/list managed policies on a role or a user: one implementation for both. */
function attachments(kind: "Role" | "User") {
  const target = (state: AwsState, name: string | undefined) => (kind === "Role" ? requireRole(state, name) : requireUser(state, name));
  const attach: Op = (params, { state }) => {
    const v = formValidator(params);
    const name = v.str(`${kind}Name`, { ...NAME, required: true });
    const arn = v.str("PolicyArn", POLICY_ARN) ?? "";
    v.done();
    const entity = target(state, name);
    policyExists(state, arn);
    if (entity.attached.includes(arn)) return undefined;
    if (entity.attached.length >= MAX_POLICIES_PER_ENTITY)
      throw new AwsError("LimitExceeded", `Cannot exceed quota for PoliciesPer${kind}: ${MAX_POLICIES_PER_ENTITY}`, 409);
    entity.attached.push(arn);
    return undefined;
  };
  const detach: Op = (params, { state }) => {
    const v = formValidator(params);
    const name = v.str(`${kind}Name`, { ...NAME, required: true });
    const arn = v.str("PolicyArn", POLICY_ARN) ?? "";
    v.done();
    const entity = target(state, name);
    if (!entity.attached.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    entity.attached = entity.attached.filter((a) => a !== arn);
    return undefined;
  };
  const list: Op = (params, { state }) => {
    const v = formValidator(params, ["MaxItems"]);
    const name = v.str(`${kind}Name`, { ...NAME, required: true });
    const marker = v.str("Marker", { min: 1, max: 320 });
    const maxItems = v.int("MaxItems", { min: 1, max: 1000 });
    v.done();
    const entity = target(state, name);
    const rows = entity.attached.map((arn) => ({ PolicyName: policyExists(state, arn).name, PolicyArn: arn }));
    const p = page(rows, { scope: `ListAttached${kind}|${entity.name}`, nextToken: marker, maxResults: maxItems, defaultSize: 100 }, invalidMarker);
    return { AttachedPolicies: p.items, IsTruncated: p.nextToken !== undefined, Marker: p.nextToken };
  };
  return { [`Attach${kind}Policy`]: attach, [`Detach${kind}Policy`]: detach, [`ListAttached${kind}Policies`]: list };
}

const CreateUser: Op = (params, { state, now }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  const path = v.str("Path", PATH) ?? "/";
  v.done();
  if (state.iam.users.has(fold(name ?? "")) || fold(name ?? "") === SANDBOX_CALLER.name) throw alreadyExists(`User with name ${name ?? ""} already exists.`);
  const user: IamUser = {
    name: name ?? "",
    id: iamId("AIDA"),
    path,
    arn: `arn:aws:iam::${state.accountId}:user${path}${name ?? ""}`,
    createdAt: now,
    attached: [],
  };
  state.iam.users.set(fold(user.name), user);
  return { User: userOut(user) };
};

/** Without UserName, GetUser describes the caller (the access key's user). */
const GetUser: Op = (params, { state, accessKeyId }) => {
  const v = formValidator(params);
  const name = v.str("UserName", NAME) ?? state.iam.accessKeys.get(accessKeyId)?.userName;
  v.done();
  if (name === undefined || (accessKeyId === SANDBOX.aws.accessKeyId && !params.has("UserName"))) {
    return {
      User: {
        Path: "/",
        UserName: SANDBOX_CALLER.name,
        UserId: SANDBOX_CALLER.id,
        Arn: `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}`,
        CreateDate: iso(Date.UTC(2024, 0, 1)),
      },
    };
  }
  return { User: userOut(requireUser(state, name)) };
};

const ListUsers: Op = (params, { state }) => {
  const v = formValidator(params, ["MaxItems"]);
  const marker = v.str("Marker", { min: 1, max: 320 });
  const maxItems = v.int("MaxItems", { min: 1, max: 1000 });
  v.done();
  const users = [...state.iam.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  const p = page(users, { scope: "ListUsers", nextToken: marker, maxResults: maxItems, defaultSize: 100 }, invalidMarker);
  return { Users: p.items.map(userOut), IsTruncated: p.nextToken !== undefined, Marker: p.nextToken };
};

const DeleteUser: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  v.done();
  const user = requireUser(state, name);
  const hasKeys = [...state.iam.accessKeys.values()].some((k) => k.userName === user.name);
  if (hasKeys || user.attached.length) throw deleteConflict("Cannot delete entity, must delete access keys and detach all policies first.");
  state.iam.users.delete(fold(user.name));
  return undefined;
};

const CreateAccessKey: Op = (params, { state, now }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  v.done();
  const user = requireUser(state, name);
  const count = [...state.iam.accessKeys.values()].filter((k) => k.userName === user.name).length;
  if (count >= MAX_KEYS_PER_USER) throw new AwsError("LimitExceeded", `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`, 409);
  const key = { userName: user.name, accessKeyId: iamId("AKIA", 16), secretAccessKey: secretKey(), status: "Active" as const, createdAt: now };
  state.iam.accessKeys.set(key.accessKeyId, key);
  return {
    AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: iso(now) },
  };
};

const ListAccessKeys: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  v.done();
  const user = requireUser(state, name);
  const keys = [...state.iam.accessKeys.values()].filter((k) => k.userName === user.name);
  return {
    AccessKeyMetadata: keys.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: iso(k.createdAt) })),
    IsTruncated: false,
  };
};

const DeleteAccessKey: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  const keyId = v.str("AccessKeyId", { required: true, min: 16, max: 128 });
  v.done();
  const key = keyId === undefined ? undefined : state.iam.accessKeys.get(keyId);
  if (!key || fold(key.userName) !== fold(name ?? "")) throw noSuchEntity(`The Access Key with id ${keyId ?? "null"} cannot be found.`);
  state.iam.accessKeys.delete(key.accessKeyId);
  return undefined;
};

/** Activates or deactivates a key; an inactive key is refused as unknown (InvalidClientTokenId). */
const UpdateAccessKey: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("UserName", { ...NAME, required: true });
  const keyId = v.str("AccessKeyId", { required: true, min: 16, max: 128 });
  const status = v.str("Status", { required: true, oneOf: ["Active", "Inactive"] });
  v.done();
  const key = keyId === undefined ? undefined : state.iam.accessKeys.get(keyId);
  if (!key || fold(key.userName) !== fold(name ?? "")) throw noSuchEntity(`The Access Key with id ${keyId ?? "null"} cannot be found.`);
  key.status = status === "Inactive" ? "Inactive" : "Active";
  return undefined;
};

/** When and where a key was last used; never used: ServiceName and Region "N/A" (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyLastUsed.html). */
const GetAccessKeyLastUsed: Op = (params, { state }) => {
  const v = formValidator(params);
  const keyId = v.str("AccessKeyId", { required: true, min: 16, max: 128 });
  v.done();
  const key = keyId === undefined ? undefined : state.iam.accessKeys.get(keyId);
  if (!key) throw noSuchEntity(`The Access Key with id ${keyId ?? "null"} cannot be found.`);
  const used = key.lastUsed;
  return {
    UserName: key.userName,
    AccessKeyLastUsed: used ? { LastUsedDate: iso(used.at), ServiceName: used.service, Region: used.region } : { ServiceName: "N/A", Region: "N/A" },
  };
};

export const identityOperations: Record<string, Op> = {
  CreatePolicy,
  GetPolicy,
  ListPolicies,
  DeletePolicy,
  ...attachments("Role"),
  ...attachments("User"),
  CreateUser,
  GetUser,
  ListUsers,
  DeleteUser,
  CreateAccessKey,
  ListAccessKeys,
  DeleteAccessKey,
  UpdateAccessKey,
  GetAccessKeyLastUsed,
};
