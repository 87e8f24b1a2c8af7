import { env } from "../config/env";

/**
 * The origin the browser used. Next.js reports `localhost` in request.url even when the server was
 * bound to 127.0.0.1, and cookies do not cross between the two, so redirects follow the Host header.
 * IB_PUBLIC_URL, when set (production behind a proxy), always wins.
 */
export function requestOrigin(request: Request): string {
  const configured = env().IB_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

export const absoluteUrl = (request: Request, path: string) => new URL(path, requestOrigin(request));
