import { createHash } from "node:crypto";
import { requestOrigin } from "./origin";

/** Where browsers send CSP violation reports (app/api/csp-report/route.ts). */
export const CSP_REPORT_PATH = "/api/csp-report";

/**
 * No inline styles: `style-src` names only our own stylesheets and elements carrying this request's nonce, so
 * `style="…"` attributes are refused too (style-src-attr falls back to style-src; a nonce never covers an
 * attribute): https://www.w3.org/TR/CSP3/#directive-style-src. Violations are reported to CSP_REPORT_PATH, with
 * `report-to` (Reporting API, Chromium) and `report-uri` (browsers without it):
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy/report-to.
 */
/**
 * The one style attribute allowed: React's streaming renderer parks a Suspense boundary's late content that sits
 * inside an <svg> (or <math>) in `<svg aria-hidden="true" style="display:none">` until it moves it into place, and no
 * nonce can cover an attribute. 'unsafe-hashes' with this exact hash allows that text and nothing else
 * (https://www.w3.org/TR/CSP3/#unsafe-hashes-usage).
 */
export const STREAMING_HIDDEN_STYLE_HASH = `sha256-${createHash("sha256").update("display:none").digest("base64")}`;

export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // Next.js marks its own scripts with this nonce; React's dev tooling alone needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The development overlay injects <style> elements without a nonce; production serves stylesheets only.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    ...(dev ? [] : [`style-src-attr 'unsafe-hashes' '${STREAMING_HIDDEN_STYLE_HASH}'`]),
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    `report-uri ${CSP_REPORT_PATH}`,
    "report-to csp",
  ].join("; ");
}

/** A server action call: Next.js runs it for any POST carrying this header (https://nextjs.org/docs/app/guides/data-security#built-in-server-actions-security-features). */
export const isServerActionRequest = (request: Request) => request.method === "POST" && request.headers.has("next-action");

/**
 * The CSRF check Next.js makes for server actions (Origin's host must equal the Host / X-Forwarded-Host), made
 * here first so a refusal is a 403 and an audit row instead of Next's "Invalid Server Actions request" 500. The
 * portal's host is IB_PUBLIC_URL's when it is set. A request without Origin is not a browser's cross-site request
 * (browsers send Origin on every POST: https://fetch.spec.whatwg.org/#origin-header) and Next.js lets it through,
 * as we do. Returns the refused Origin, or undefined when the request may go on.
 */
export function refusedActionOrigin(request: Request): string | undefined {
  if (!isServerActionRequest(request)) return undefined;
  const origin = request.headers.get("origin");
  if (origin === null) return undefined;
  const expected = new URL(requestOrigin(request)).host;
  let host: string | undefined;
  try {
    host = origin === "null" ? undefined : new URL(origin).host;
  } catch {
    host = undefined;
  }
  return host === expected ? undefined : origin;
}
