import { PUBLIC_KEY, REDACTED, SECRET_KEY } from "./redact";

export type FieldChange =
  | { path: string; kind: "added"; after: string; secret: false }
  | { path: string; kind: "removed"; before: string; secret: false }
  | { path: string; kind: "changed"; before: string; after: string; secret: false }
  /** A secret's values are never shown, only that it was set, cleared or replaced. */
  | { path: string; kind: "added" | "removed" | "changed"; secret: true };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
const isSecretKey = (key: string) => SECRET_KEY.test(key) && !PUBLIC_KEY.test(key);
const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Field-level difference between an audit row's `before` and `after`: every leaf that was added, removed
 * or changed, by path (`scim.mappings[2].target`). Values under secret-looking keys, and values already
 * redacted when written, are reported only as changed, never shown. Unchanged fields are left out.
 */
export function diffChange(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (path: string, a: unknown, b: unknown, secret: boolean) => {
    const hidden = secret || a === REDACTED || b === REDACTED;
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(join(path, key), a[key], b[key], secret || isSecretKey(key));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(join(path, i), i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, secret);
      return;
    }
    if (a === undefined && b === undefined) return;
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    // Whole objects that appear or disappear are listed leaf by leaf, so each field reads on its own.
    if (a === undefined && (isObject(b) || (Array.isArray(b) && b.length))) return walk(path, isObject(b) ? {} : [], b, secret);
    if (b === undefined && (isObject(a) || (Array.isArray(a) && a.length))) return walk(path, a, isObject(a) ? {} : [], secret);
    const name = path || "(value)";
    const kind = a === undefined ? "added" : b === undefined ? "removed" : "changed";
    if (hidden) out.push({ path: name, kind, secret: true });
    else if (kind === "added") out.push({ path: name, kind, after: show(b), secret: false });
    else if (kind === "removed") out.push({ path: name, kind, before: show(a), secret: false });
    else out.push({ path: name, kind, before: show(a), after: show(b), secret: false });
  };
  walk("", before, after, false);
  return out;
}
