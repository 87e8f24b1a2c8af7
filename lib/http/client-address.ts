/**
 * The client address a per-address limit keys on. Next.js puts the socket's address in X-Forwarded-For when the
 * request has none, and a reverse proxy appends the address it saw, so the LAST entry is the one no caller can choose
 * when the portal sits behind one proxy (https://developer.mozilla.org/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#security_and_privacy_concerns).
 * A caller talking to the portal directly can still put any value there, which is why every such limit also has a
 * global budget.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return (last ?? "unknown").slice(0, 64);
}
