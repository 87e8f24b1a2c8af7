import { AwsError } from "./errors";
import type { UserRecord, Valued } from "./directory";
import { decodeToken, encodeToken, invalidTokenValidation } from "./paging";
import { epoch, type Handler } from "./protocol-json";
import { asConflict, idRule, MAX_RESULTS, missing, nextTokenRule, open, readExternalId, type Call } from "./identity-common";
import type { AwsState } from "./state";
import { Validator, type Input } from "./validate";

const USER_NAME = { min: 1, max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" };
const RESERVED = new Set(["administrator", "awsadministrators"]);
const ENTERPRISE = "aws:identitystore:enterprise";

export function userOut(state: AwsState, u: UserRecord, extensions: string[] = []) {
  const out: Record<string, unknown> = {
    IdentityStoreId: state.identityStoreId,
    UserId: u.UserId,
    UserName: u.UserName,
    ExternalIds: u.ExternalIds,
    Name: u.Name,
    DisplayName: u.DisplayName,
    NickName: u.NickName,
    ProfileUrl: u.ProfileUrl,
    Emails: u.Emails,
    Addresses: u.Addresses,
    PhoneNumbers: u.PhoneNumbers,
    UserType: u.UserType,
    Title: u.Title,
    PreferredLanguage: u.PreferredLanguage,
    Locale: u.Locale,
    Timezone: u.Timezone,
    UserStatus: u.UserStatus,
    Roles: u.Roles,
    CreatedAt: epoch(u.CreatedAt),
    CreatedBy: u.CreatedBy,
    UpdatedAt: epoch(u.UpdatedAt),
    UpdatedBy: u.UpdatedBy,
  };
  if (extensions.includes(ENTERPRISE) && u.Enterprise) out.Extensions = { [ENTERPRISE]: u.Enterprise };
  return out;
}

function readExtensions(v: Validator): string[] {
  const list = v.list("Extensions", { min: 1, max: 10 }) ?? [];
  return list.filter((e): e is string => {
    if (e === ENTERPRISE) return true;
    v.custom("extensions", e, `Member must satisfy enum value set: [${ENTERPRISE}]`);
    return false;
  });
}

const DescribeUser: Handler<AwsState> = (input, { state }: Call) => {
  let userId: string | undefined;
  let extensions: string[] = [];
  open(input, state, (v) => {
    userId = v.str("UserId", idRule);
    extensions = readExtensions(v);
  });
  const user = userId === undefined ? undefined : state.directory.users.get(userId);
  if (!user) throw missing("USER", userId, "User");
  return userOut(state, user, extensions);
};

/**
 * ListUsers with the deprecated filter: at most one, on UserName only, answered from the index.
 * Without a filter it pages through every user in creation order.
 */
const ListUsers: Handler<AwsState> = (input, { state }: Call) => {
  let max: number | undefined;
  let token: string | undefined;
  let filters: unknown[] | undefined;
  let extensions: string[] = [];
  open(input, state, (v) => {
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
    filters = v.list("Filters", { max: 1 });
    extensions = readExtensions(v);
  });
  const filter = filters?.[0] as Input | undefined;
  if (filter) {
    const path = filter.AttributePath;
    const value = filter.AttributeValue;
    if (typeof path !== "string" || path.toLowerCase() !== "username")
      throw new AwsError("ValidationException", "Filtering by the attribute path is not supported. Only UserName is supported.");
    if (typeof value !== "string" || value.length < 1 || value.length > 1024)
      throw new AwsError("ValidationException", "AttributeValue must be between 1 and 1024 characters.");
    const id = state.directory.userIdByUserName(value);
    const user = id === undefined ? undefined : state.directory.users.get(id);
    return { Users: user ? [userOut(state, user, extensions)] : [] };
  }
  const offset = decodeToken("ListUsers", token, invalidTokenValidation);
  const result = state.directory.listUsers(offset, max ?? 100);
  return {
    Users: result.items.map((u) => userOut(state, u, extensions)),
    NextToken: result.next === undefined ? undefined : encodeToken("ListUsers", result.next),
  };
};

/** GetUserId by userName, emails.value (paths matched case-insensitively, as observed) or ExternalId. */
const GetUserId: Handler<AwsState> = (input, { state }: Call) => {
  let alt: Input | undefined;
  open(input, state, (v) => (alt = v.obj("AlternateIdentifier", true)));
  const dir = state.directory;
  const unique = alt?.UniqueAttribute as Input | undefined;
  const external = alt?.ExternalId;
  if ((unique === undefined) === (external === undefined))
    throw new AwsError("ValidationException", "Exactly one of UniqueAttribute or ExternalId must be specified in AlternateIdentifier.");
  let id: string | undefined;
  if (unique) {
    const path = typeof unique.AttributePath === "string" ? unique.AttributePath.toLowerCase() : "";
    const value = unique.AttributeValue;
    if (typeof value !== "string") throw new AwsError("ValidationException", "AttributeValue must be a string.");
    if (path === "username") id = dir.userIdByUserName(value);
    else if (path === "emails.value") id = dir.userIdByEmail(value);
    else throw new AwsError("ValidationException", `Invalid AttributePath ${String(unique.AttributePath)}. Supported values are userName and emails.value.`);
  } else {
    const v = new Validator({});
    const ext = readExternalId(v, external, "alternateIdentifier.externalId");
    v.done();
    if (ext) id = dir.userIdByExternalId(ext);
  }
  if (id === undefined) throw missing("USER", undefined, "User");
  return { IdentityStoreId: state.identityStoreId, UserId: id };
};

function readValued(v: Validator, input: Input, field: string): Valued[] | undefined {
  const list = v.list(field, { max: 1 });
  if (!list) return undefined;
  return list.map((item) => {
    const out: Valued = {};
    for (const [k, val] of Object.entries((item ?? {}) as Input)) if (typeof val === "string" || typeof val === "boolean") out[k] = val;
    return out;
  });
}

/**
 * CreateUser through the API: a "manually created" user (no SCIM externalId). The model requires only
 * IdentityStoreId, but the service refuses users without the names the console requires.
 */
const CreateUser: Handler<AwsState> = (input, { state, now }: Call) => {
  const fields: Partial<UserRecord> = {};
  open(input, state, (v) => {
    fields.UserName = v.str("UserName", { ...USER_NAME, required: true });
    fields.DisplayName = v.str("DisplayName", { required: true, min: 1, max: 1024 });
    const name = v.obj("Name", true);
    if (name) {
      const n = new Validator(name);
      fields.Name = {
        GivenName: n.str("GivenName", { required: true, min: 1, max: 1024 }),
        FamilyName: n.str("FamilyName", { required: true, min: 1, max: 1024 }),
        MiddleName: n.str("MiddleName", { min: 1, max: 1024 }),
        Formatted: n.str("Formatted", { min: 1, max: 1024 }),
      };
      n.done();
    }
    fields.Emails = readValued(v, input, "Emails");
    fields.PhoneNumbers = readValued(v, input, "PhoneNumbers");
    fields.Addresses = readValued(v, input, "Addresses");
    fields.Title = v.str("Title", { min: 1, max: 1024 });
    fields.UserType = v.str("UserType", { min: 1, max: 1024 });
  });
  if (RESERVED.has((fields.UserName ?? "").toLowerCase())) throw new AwsError("ValidationException", `The user name ${fields.UserName ?? ""} is reserved.`);
  const user: UserRecord = {
    ...fields,
    UserId: state.directory.newId(),
    UserName: fields.UserName ?? "",
    UserStatus: "ENABLED",
    CreatedAt: now,
    CreatedBy: `arn:aws:iam::${state.accountId}:user/identity-bridge-sandbox`,
    UpdatedAt: now,
    UpdatedBy: `arn:aws:iam::${state.accountId}:user/identity-bridge-sandbox`,
  };
  try {
    state.directory.addUser(user);
  } catch (error) {
    asConflict(error);
  }
  return { IdentityStoreId: state.identityStoreId, UserId: user.UserId };
};

const DeleteUser: Handler<AwsState> = (input, { state }: Call) => {
  let userId: string | undefined;
  open(input, state, (v) => (userId = v.str("UserId", idRule)));
  if (!userId || !state.directory.removeUser(userId)) throw missing("USER", userId, "User");
  return {};
};

export const userOperations: Record<string, Handler<AwsState>> = { DescribeUser, ListUsers, GetUserId, CreateUser, DeleteUser };
