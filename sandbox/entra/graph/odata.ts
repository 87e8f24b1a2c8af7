import { badRequest } from "./errors";

/** The $filter subset the portal uses: eq/ne/gt/ge/lt/le, in, and/or/not, startswith/endswith/contains, any(). */
export type FilterNode =
  | { kind: "cmp"; path: string; op: string; value: Literal }
  | { kind: "in"; path: string; values: Literal[] }
  | { kind: "fn"; name: string; path: string; value: Literal }
  | { kind: "any"; path: string; op: string; value: Literal; fn?: string }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; inner: FilterNode };

type Literal = string | number | boolean | null;

const invalid = (detail: string) => badRequest(`Invalid filter clause: ${detail}`, "BadRequest");

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push(c);
      i++;
    } else if (c === "'") {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= input.length) throw invalid("unterminated string literal");
        if (input[j] === "'") {
          if (input[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += input[j];
        j++;
      }
      tokens.push(`'${text}`);
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && /[A-Za-z0-9_./:+\-$@#]/.test(input[j] as string)) j++;
      if (j === i) throw invalid(`unexpected character '${c}'`);
      tokens.push(input.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

const OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

function literal(token: string | undefined): Literal {
  if (token === undefined) throw invalid("missing value");
  if (token.startsWith("'")) return token.slice(1);
  if (token === "null") return null;
  if (token === "true") return true;
  if (token === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  // Unquoted GUIDs and DateTimeOffset literals are legal OData.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token) || /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(token)) return token;
  throw invalid(`'${token}' is not a literal`);
}

export function parseFilter(input: string): FilterNode {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expect = (t: string) => {
    if (next() !== t) throw invalid(`expected '${t}'`);
  };

  function primary(): FilterNode {
    const t = next();
    if (t === undefined) throw invalid("unexpected end");
    if (t === "(") {
      const e = orExpr();
      expect(")");
      return e;
    }
    if (t.toLowerCase() === "not") return { kind: "not", inner: primary() };
    const lower = t.toLowerCase();
    if ((lower === "startswith" || lower === "endswith" || lower === "contains") && peek() === "(") {
      next();
      const path = next();
      if (!path || path.startsWith("'")) throw invalid(`${lower} needs a property`);
      expect(",");
      const value = literal(next());
      expect(")");
      return { kind: "fn", name: lower, path, value };
    }
    // path/any(x:x eq 'v') or path/any(x:startswith(x,'v'))
    const anyMatch = /^(.*)\/any$/i.exec(t);
    if (anyMatch && peek() === "(") {
      next();
      const lambda = next() ?? "";
      const parts = lambda.split(":");
      if (parts.length !== 2) throw invalid("malformed any() lambda");
      const fnName = (parts[1] as string).toLowerCase();
      if ((fnName === "startswith" || fnName === "endswith" || fnName === "contains") && peek() === "(") {
        next();
        next();
        expect(",");
        const value = literal(next());
        expect(")");
        expect(")");
        return { kind: "any", path: anyMatch[1] as string, op: "eq", value, fn: fnName };
      }
      const op = (next() ?? "").toLowerCase();
      if (!OPS.has(op)) throw invalid(`operator '${op}' in any()`);
      const value = literal(next());
      expect(")");
      return { kind: "any", path: anyMatch[1] as string, op, value };
    }
    const op = (next() ?? "").toLowerCase();
    if (op === "in") {
      expect("(");
      const values: Literal[] = [];
      for (;;) {
        values.push(literal(next()));
        const sep = next();
        if (sep === ")") break;
        if (sep !== ",") throw invalid("expected ',' in list");
      }
      return { kind: "in", path: t, values };
    }
    if (!OPS.has(op)) throw invalid(`unsupported operator '${op}'`);
    return { kind: "cmp", path: t, op, value: literal(next()) };
  }

  function andExpr(): FilterNode {
    let left = primary();
    while (peek()?.toLowerCase() === "and") {
      next();
      left = { kind: "and", left, right: primary() };
    }
    return left;
  }

  function orExpr(): FilterNode {
    let left = andExpr();
    while (peek()?.toLowerCase() === "or") {
      next();
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  }

  const node = orExpr();
  if (pos !== tokens.length) throw invalid(`unexpected '${tokens[pos] ?? ""}'`);
  return node;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split("/")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const isDateLike = (v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v);

function compare(a: unknown, op: string, b: Literal, ci: boolean): boolean {
  if (a === undefined) a = null;
  if (op === "eq" || op === "ne") {
    let equal: boolean;
    if (typeof a === "string" && typeof b === "string") equal = ci ? a.toLowerCase() === b.toLowerCase() : a === b;
    else equal = a === b;
    return op === "eq" ? equal : !equal;
  }
  if (a === null || b === null) return false;
  let x: number | string;
  let y: number | string;
  if (typeof a === "string" && typeof b === "string" && isDateLike(a) && isDateLike(b)) {
    x = Date.parse(a);
    y = Date.parse(b);
  } else if (typeof a === "number" && typeof b === "number") {
    x = a;
    y = b;
  } else {
    x = String(a);
    y = String(b);
  }
  switch (op) {
    case "gt":
      return x > y;
    case "ge":
      return x >= y;
    case "lt":
      return x < y;
    default:
      return x <= y;
  }
}

function stringFn(name: string, a: unknown, b: Literal, ci: boolean): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const x = ci ? a.toLowerCase() : a;
  const y = ci ? b.toLowerCase() : b;
  return name === "startswith" ? x.startsWith(y) : name === "endswith" ? x.endsWith(y) : x.includes(y);
}

/** Compiles a filter; `allowed` limits the properties (Graph refuses filters on unsupported ones). */
export function compileFilter(node: FilterNode, options: { caseInsensitive: boolean; allowed?: Set<string> }): (obj: unknown) => boolean {
  const ci = options.caseInsensitive;
  const check = (path: string) => {
    if (options.allowed && !options.allowed.has(path)) throw badRequest(`Unsupported or invalid query filter clause specified for property '${path}' of resource.`, "Request_UnsupportedQuery");
  };
  const build = (n: FilterNode): ((obj: unknown) => boolean) => {
    switch (n.kind) {
      case "and": {
        const l = build(n.left);
        const r = build(n.right);
        return (o) => l(o) && r(o);
      }
      case "or": {
        const l = build(n.left);
        const r = build(n.right);
        return (o) => l(o) || r(o);
      }
      case "not": {
        const i = build(n.inner);
        return (o) => !i(o);
      }
      case "cmp":
        check(n.path);
        return (o) => compare(getPath(o, n.path), n.op, n.value, ci);
      case "in":
        check(n.path);
        return (o) => n.values.some((v) => compare(getPath(o, n.path), "eq", v, ci));
      case "fn":
        check(n.path);
        return (o) => stringFn(n.name, getPath(o, n.path), n.value, ci);
      case "any":
        check(n.path);
        return (o) => {
          const list = getPath(o, n.path);
          if (!Array.isArray(list)) return false;
          return list.some((item) => (n.fn ? stringFn(n.fn, item, n.value, ci) : compare(item, n.op, n.value, ci)));
        };
    }
  };
  return build(node);
}

export interface ListQuery {
  filter?: FilterNode;
  select?: string[];
  top?: number;
  skip: number;
  orderBy?: { path: string; desc: boolean };
  count: boolean;
}

export function parseListQuery(url: URL, limits: { maxTop: number }): ListQuery {
  const p = url.searchParams;
  const filterText = p.get("$filter");
  const selectText = p.get("$select");
  const topText = p.get("$top");
  const skipToken = p.get("$skiptoken");
  const orderText = p.get("$orderby");
  let top: number | undefined;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > limits.maxTop) throw badRequest(`Invalid page size specified: '${topText}'. Must be between 1 and ${limits.maxTop} inclusive.`, "Request_BadRequest");
  }
  let skip = 0;
  if (skipToken !== null) {
    const decoded = /^RFNwdAoA(.+)$/.exec(skipToken);
    const offset = decoded ? Number(Buffer.from(decoded[1] as string, "base64url").toString("utf8")) : NaN;
    if (!Number.isInteger(offset) || offset < 0) throw badRequest("The specified page token value has expired and can no longer be included in your request.", "Directory_ExpiredPageToken");
    skip = offset;
  }
  let orderBy: ListQuery["orderBy"];
  if (orderText) {
    const [path, dir] = orderText.trim().split(/\s+/);
    orderBy = { path: path ?? "", desc: (dir ?? "").toLowerCase() === "desc" };
  }
  return {
    filter: filterText ? parseFilter(filterText) : undefined,
    select: selectText ? selectText.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
    top,
    skip,
    orderBy,
    count: p.get("$count") === "true",
  };
}

export const encodeSkipToken = (offset: number) => `RFNwdAoA${Buffer.from(String(offset)).toString("base64url")}`;

export function project<T extends object>(item: T, select: string[] | undefined, defaults?: string[]): Record<string, unknown> {
  const source = item as Record<string, unknown>;
  const fields = select ?? defaults;
  if (!fields) return { ...source };
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = source[f] ?? null;
  return out;
}

/** One page of a collection with Graph's @odata.nextLink (the full URL, only $skiptoken changes). */
export function page(url: URL, items: unknown[], query: ListQuery, defaultTop: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const top = query.top ?? defaultTop;
  const slice = items.slice(query.skip, query.skip + top);
  const body: Record<string, unknown> = { ...extra };
  if (query.count) body["@odata.count"] = items.length;
  body.value = slice;
  if (query.skip + top < items.length) body["@odata.nextLink"] = nextLink(url, query.skip + top);
  return body;
}

export function sortBy<T>(items: T[], orderBy: ListQuery["orderBy"]): T[] {
  if (!orderBy) return items;
  const { path, desc } = orderBy;
  return [...items].sort((a, b) => {
    const x = String(getPath(a, path) ?? "");
    const y = String(getPath(b, path) ?? "");
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  });
}

export function nextLink(url: URL, offset: number): string {
  // Graph keeps the caller's query text and appends a literal `$skiptoken=` (URLSearchParams would escape the `$`).
  const kept = url.search.replace(/^\?/, "").split("&").filter((p) => p && !/^(\$|%24)skiptoken=/i.test(p));
  kept.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${url.origin}${url.pathname}?${kept.join("&")}`;
}
