import { isRecord } from "../http";

export interface ScimResult {
  status: number;
  body: unknown;
}

/** Target answered in a way that stops the whole cycle (bad token, wrong tenant URL, unreachable). */
export class ScimFatal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function validateBaseAddress(value: string): string | undefined {
  try {
    const url = new URL(value);
    const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
    if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return value.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
  return undefined;
}

/** A small SCIM 2.0 client, the way Entra's connector talks to the target: bearer token, JSON, one call at a time. */
export class ScimClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<ScimResult> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: "application/scim+json", ...(body === undefined ? {} : { "content-type": "application/scim+json" }), "user-agent": "Microsoft.Identity.Provisioning (sandbox)" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ScimFatal("SystemForCrossDomainIdentityManagementServiceUnavailable", `The target SCIM endpoint ${this.base} could not be reached: ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      parsed = text;
    }
    if (res.status === 401 || res.status === 403)
      throw new ScimFatal(
        "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
        `We are unable to authenticate with the target application: ${method} ${path} returned ${res.status} ${res.statusText}. Check the Secret Token and Tenant URL and that the token has not expired or been deleted. ${detail(parsed)}`.trim(),
        res.status,
      );
    if (res.status === 404 && path.startsWith("/Users?") && !isRecord(parsed))
      throw new ScimFatal("SystemForCrossDomainIdentityManagementInvalidCredentials", "Please provide a valid tenant URL for your application.", 404);
    return { status: res.status, body: parsed };
  }
}

export function detail(body: unknown): string {
  if (isRecord(body)) return String(body.detail ?? body.message ?? body.error ?? "");
  return typeof body === "string" ? body.slice(0, 300) : "";
}

export const scimFilter = (attr: string, value: string) => `filter=${encodeURIComponent(`${attr} eq "${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)}`;
