import { badRequest } from "./scim-common";

/**
 * The filters Identity Center's SCIM endpoint accepts: `attr eq "value"`, optionally joined by `and`.
 * Any other operator, `or`, `not`, grouping or an unquoted value is a 400.
 */
export type Clause = { attr: string; value: string };

export function parseFilter(filter: string): Clause[] {
  const clauses: Clause[] = [];
  let rest = filter.trim();
  for (;;) {
    const m = /^([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"/i.exec(rest);
    if (!m?.[1] || m[2] === undefined) throw badRequest(`Unsupported filter: ${filter}`);
    clauses.push({ attr: m[1].toLowerCase(), value: m[2].replace(/\\(.)/g, "$1") });
    rest = rest.slice(m[0].length).trim();
    if (rest === "") break;
    const and = /^and\s+/i.exec(rest);
    if (!and) throw badRequest(`Unsupported filter: ${filter}`);
    rest = rest.slice(and[0].length);
  }
  if (clauses.length > 2) throw badRequest(`Unsupported filter: ${filter}`);
  return clauses;
}

/** The attribute combinations allowed, by resource (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html, listgroups.html), as sorted lower-case keys. */
const ALLOWED = {
  users: new Set(["username", "externalid", "id", "groups.value", "id|manager"]),
  groups: new Set(["displayname", "externalid", "id", "members", "id|members"]),
};

export function checkShape(clauses: Clause[], resource: keyof typeof ALLOWED): Record<string, string> {
  const attrs = clauses.map((c) => c.attr);
  const key = [...attrs].sort().join("|");
  if (new Set(attrs).size !== attrs.length || !ALLOWED[resource].has(key)) throw badRequest(`Unsupported filter attribute combination: ${attrs.join(" and ")}`);
  return Object.fromEntries(clauses.map((c) => [c.attr, c.value]));
}
