/**
 * Removes secrets from anything about to be written to the audit log (or a log line): values under
 * secret-looking keys, and any known secret value wherever it appears (even inside a longer string).
 */
export const SECRET_KEY = /(secret|password|passwd|token|private.?key|client.?assertion|credential|api.?key|access.?key|authorization|cookie)/i;
/** Keys that look secret-ish but carry public data we need in the audit trail. */
export const PUBLIC_KEY = /^(accessKeyId|tokenExpiresAt|secretConfigured|hasSecret|credentialSource|keyVersion)$/;

export const REDACTED = "[redacted]";

export function redact<T>(value: T, knownSecrets: readonly string[] = []): T {
  const secrets = knownSecrets.filter((s) => s.length >= 4);
  const scrub = (text: string) => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
  const walk = (node: unknown, depth: number): unknown => {
    if (depth > 20) return REDACTED;
    if (typeof node === "string") return scrub(node);
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    if (node && typeof node === "object" && !(node instanceof Date)) {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>).map(([key, child]) => [
          key,
          SECRET_KEY.test(key) && !PUBLIC_KEY.test(key) && child !== null && child !== undefined && typeof child !== "boolean" ? REDACTED : walk(child, depth + 1),
        ]),
      );
    }
    return node;
  };
  return walk(value, 0) as T;
}
