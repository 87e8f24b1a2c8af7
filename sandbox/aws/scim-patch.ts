import { badRequest, SCHEMA, type Json } from "./scim-common";

/**
 * PatchUser applied to the SCIM representation; the result is then validated like a PUT, so every
 * create-time rule (required names, single values) holds after a patch too.
 */

export interface PatchOp {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}

const MODIFIABLE = new Set([
  "username",
  "active",
  "externalid",
  "displayname",
  "nickname",
  "profileurl",
  "title",
  "usertype",
  "preferredlanguage",
  "locale",
  "timezone",
  "name",
  "emails",
  "addresses",
  "phonenumbers",
]);
const CANONICAL: Record<string, string> = Object.fromEntries(
  [
    "userName",
    "active",
    "externalId",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "name",
    "emails",
    "addresses",
    "phoneNumbers",
  ].map((k) => [k.toLowerCase(), k]),
);

/** Operations of a PatchOp message; ops are case-insensitive ("Replace" from Entra). */
export function readOps(body: Json): PatchOp[] {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA.patch)) throw badRequest();
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw badRequest();
  return ops.map((raw) => {
    const o = (raw ?? {}) as Json;
    const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw badRequest(`Unsupported patch operation ${String(o.op)}.`);
    const path = typeof o.path === "string" && o.path !== "" ? o.path : undefined;
    if (op === "remove" && !path) throw badRequest("A remove operation requires a path.");
    if (op !== "remove" && o.value === undefined) throw badRequest(`A ${op} operation requires a value.`);
    return { op, path, value: o.value };
  });
}

/** Entra sometimes sends booleans as "True"/"False". */
const bool = (v: unknown) => (v === "True" || v === "true" ? true : v === "False" || v === "false" ? false : v);

function setTop(user: Json, attr: string, op: PatchOp["op"], value: unknown) {
  const key = CANONICAL[attr.toLowerCase()];
  if (!key || !MODIFIABLE.has(attr.toLowerCase())) throw badRequest(`The attribute ${attr} cannot be modified.`);
  if (op === "remove") delete user[key];
  else if (key === "name" && value && typeof value === "object") user.name = { ...((user.name as Json) ?? {}), ...(value as Json) };
  else user[key] = key === "active" ? bool(value) : value;
}

export function applyUserPatch(current: Json, ops: PatchOp[]): Json {
  const user = JSON.parse(JSON.stringify(current)) as Json;
  const touched = new Map<string, number>();
  const note = (attr: string, op: PatchOp["op"]) => {
    const a = attr.toLowerCase();
    if (a !== "username" && a !== "active") return;
    if (op === "remove") throw badRequest(`The attribute ${attr} cannot be removed.`);
    touched.set(a, (touched.get(a) ?? 0) + 1);
    if ((touched.get(a) ?? 0) > 1) throw badRequest(`Only one operation on ${attr} is allowed per request.`);
  };
  for (const { op, path, value } of ops) {
    if (!path) {
      if (!value || typeof value !== "object" || Array.isArray(value)) throw badRequest();
      for (const [k, v] of Object.entries(value as Json)) {
        if (k === SCHEMA.enterprise || k.startsWith(`${SCHEMA.enterprise}:`)) {
          applyEnterprise(user, k === SCHEMA.enterprise ? "" : k.slice(SCHEMA.enterprise.length + 1), op, v);
          continue;
        }
        note(k, op);
        setTop(user, k, op, v);
      }
      continue;
    }
    if (path.startsWith(`${SCHEMA.enterprise}:`)) {
      applyEnterprise(user, path.slice(SCHEMA.enterprise.length + 1), op, value);
      continue;
    }
    const filtered = /^(\w+)\[(\w+)\s+eq\s+"([^"]*)"\](?:\.(\w+))?$/i.exec(path);
    if (filtered) {
      const [, attr = "", fAttr = "", fValue = "", sub] = filtered;
      const key = CANONICAL[attr.toLowerCase()];
      if (key !== "emails" && key !== "addresses" && key !== "phoneNumbers") throw badRequest(`Unsupported path ${path}.`);
      const list = Array.isArray(user[key]) ? (user[key] as Json[]) : [];
      const matches = (el: Json) => String(el[fAttr] ?? "") === fValue;
      if (op === "remove") {
        user[key] = sub
          ? list.map((el) => (matches(el) ? Object.fromEntries(Object.entries(el).filter(([k]) => k !== sub)) : el))
          : list.filter((el) => !matches(el));
        continue;
      }
      const found = list.find(matches);
      const target = found ?? { [fAttr]: fValue, ...(key === "emails" ? { primary: true } : {}) };
      if (sub) target[sub] = value;
      else if (value && typeof value === "object") Object.assign(target, value);
      user[key] = found ? list : [...list, target];
      continue;
    }
    const dotted = /^(\w+)\.(\w+)$/.exec(path);
    if (dotted) {
      const [, attr = "", sub = ""] = dotted;
      if (attr.toLowerCase() !== "name") throw badRequest(`Unsupported path ${path}.`);
      const name = { ...((user.name as Json) ?? {}) };
      if (op === "remove") delete name[sub];
      else name[sub] = value;
      user.name = name;
      continue;
    }
    note(path, op);
    setTop(user, path, op, value);
  }
  return user;
}

function applyEnterprise(user: Json, sub: string, op: PatchOp["op"], value: unknown) {
  const ext = { ...((user[SCHEMA.enterprise] as Json) ?? {}) };
  if (sub === "") {
    if (op === "remove") delete user[SCHEMA.enterprise];
    else user[SCHEMA.enterprise] = { ...ext, ...((value as Json) ?? {}) };
    return;
  }
  const key = sub === "manager.value" ? "manager" : sub;
  if (op === "remove") delete ext[key];
  else ext[key] = key === "manager" && typeof value === "string" ? { value } : value;
  user[SCHEMA.enterprise] = ext;
}
