import type { UserRecord, Valued } from "./directory";
import { badRequest, isoSeconds, SCHEMA, type Json } from "./scim-common";
import { SCIM_ISSUER } from "./seed";

/**
 * Mapping between SCIM users and identity-store records, with Identity Center's SCIM constraints
 * (https://docs.aws.amazon.com/singlesignon/latest/developerguide/createuser.html): required names, single-valued multi-valued attributes, a primary email, no
 * password/photos/ims/x509Certificates/entitlements, no `display` sub-attributes.
 */

const UNSUPPORTED = ["ims", "photos", "x509certificates", "entitlements", "password"];
const MULTI = { emails: "Emails", addresses: "Addresses", phoneNumbers: "PhoneNumbers", roles: "Roles" } as const;
const SIMPLE = ["displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"] as const;
const NAME_PARTS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"] as const;
const ENTERPRISE_FIELDS = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

const upper = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
const lower = (k: string) => k.charAt(0).toLowerCase() + k.slice(1);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function scimUserOut(u: UserRecord): Json {
  const externalId = u.ExternalIds?.find((e) => e.Issuer === SCIM_ISSUER)?.Id;
  const out: Json = {
    id: u.UserId,
    externalId,
    meta: { resourceType: "User", created: isoSeconds(u.CreatedAt), lastModified: isoSeconds(u.UpdatedAt) },
    schemas: u.Enterprise ? [SCHEMA.user, SCHEMA.enterprise] : [SCHEMA.user],
    userName: u.UserName,
    name: u.Name ? Object.fromEntries(Object.entries(u.Name).map(([k, v]) => [lower(k), v])) : undefined,
    active: u.UserStatus === "ENABLED",
  };
  for (const key of SIMPLE) out[key] = u[upper(key) as keyof UserRecord];
  for (const [scim, store] of Object.entries(MULTI)) {
    const values = u[store];
    if (values?.length) out[scim] = values.map((v) => Object.fromEntries(Object.entries(v).map(([k, val]) => [lower(k), val])));
  }
  if (u.Enterprise) out[SCHEMA.enterprise] = u.Enterprise;
  return JSON.parse(JSON.stringify(out)) as Json;
}

function single(body: Json, key: string): Valued[] | undefined {
  const list = body[key];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw badRequest(`${key} must be a list.`);
  if (list.length === 0) return undefined;
  // CloudTrail's wording for a second value on any multi-valued attribute.
  if (list.length > 1) throw badRequest("Currently list attributes only allow single item");
  const item = list[0] as unknown;
  if (!item || typeof item !== "object") throw badRequest();
  const out: Valued = {};
  for (const [k, v] of Object.entries(item as Json)) {
    if (k === "display") throw badRequest(`The display sub-attribute of ${key} is not supported.`);
    if (typeof v === "string" || typeof v === "boolean") out[upper(k)] = v;
  }
  if (key === "emails" && out.Primary !== true) throw badRequest("The email address must be marked primary.");
  return [out];
}

function enterprise(body: Json): Record<string, unknown> | undefined {
  const ext = body[SCHEMA.enterprise];
  if (ext === undefined || ext === null) return undefined;
  if (typeof ext !== "object" || Array.isArray(ext)) throw badRequest();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ext as Json)) {
    if (!ENTERPRISE_FIELDS.includes(k)) throw badRequest(`Unsupported enterprise attribute ${k}.`);
    if (k === "manager") {
      const m = (typeof v === "string" ? { value: v } : v) as Json | null;
      if (m && "displayName" in m) throw badRequest("manager.displayName is not supported.");
      if (m && typeof m.value === "string") out.manager = { value: m.value };
    } else if (typeof v === "string") out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A full SCIM user (create or replace) → the record's fields; throws the 400s AWS gives. */
export function scimUserIn(body: Json, forCreate: boolean): Omit<UserRecord, "UserId" | "CreatedAt" | "CreatedBy" | "UpdatedAt" | "UpdatedBy"> {
  for (const key of Object.keys(body)) if (UNSUPPORTED.includes(key.toLowerCase())) throw badRequest(`The attribute ${key} is not supported.`);
  if (forCreate && body.groups !== undefined) throw badRequest("The groups attribute cannot be set on a user.");
  const userName = str(body.userName);
  const name = body.name as Json | undefined;
  const givenName = str(name?.givenName);
  const familyName = str(name?.familyName);
  const displayName = str(body.displayName);
  if (!userName || !givenName || !familyName || !displayName) {
    throw badRequest("The attributes userName, name.givenName, name.familyName and displayName are required.");
  }
  if (!USER_NAME.test(userName)) throw badRequest("userName must be 1-128 characters without whitespace.");
  const externalId = body.externalId;
  if (externalId !== undefined && externalId !== null && (typeof externalId !== "string" || externalId === ""))
    throw badRequest("externalId must be a non-empty string.");
  const active = body.active;
  if (active !== undefined && typeof active !== "boolean") throw badRequest("active must be a boolean.");
  const record: Omit<UserRecord, "UserId" | "CreatedAt" | "CreatedBy" | "UpdatedAt" | "UpdatedBy"> = {
    UserName: userName,
    ExternalIds: typeof externalId === "string" ? [{ Issuer: SCIM_ISSUER, Id: externalId }] : undefined,
    Name: Object.fromEntries(NAME_PARTS.flatMap((k) => (str(name?.[k]) ? [[upper(k), name?.[k]]] : []))),
    UserStatus: active === false ? "DISABLED" : "ENABLED",
    Enterprise: enterprise(body),
  };
  for (const key of SIMPLE) {
    const v = str(body[key]);
    if (v !== undefined) (record as Record<string, unknown>)[upper(key)] = v;
  }
  for (const [scim, store] of Object.entries(MULTI)) record[store] = single(body, scim);
  return record;
}
