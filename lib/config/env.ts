import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseProvider } from "../database-url";

/**
 * The portal's environment, validated once. Every variable is documented in .env.example.
 * With nothing set the portal runs in sandbox mode against the built-in sandbox cloud.
 */
const keyring = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const entries = value.split(",").map((part) => part.trim()).filter(Boolean);
    const keys: { version: number; key: Buffer }[] = [];
    for (const entry of entries) {
      const match = /^(\d{1,4}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
      const key = match?.[2] ? Buffer.from(match[2], "base64") : undefined;
      if (!match || !key || key.length !== 32) {
        ctx.addIssue({ code: "custom", message: "each entry must be <version>:<32 bytes in base64>, e.g. 1:$(openssl rand -base64 32)" });
        return z.NEVER;
      }
      keys.push({ version: Number(match[1]), key });
    }
    if (new Set(keys.map((k) => k.version)).size !== keys.length) {
      ctx.addIssue({ code: "custom", message: "key versions must be unique" });
      return z.NEVER;
    }
    return keys;
  });

const schema = z
  .object({
    IB_MODE: z.enum(["sandbox", "live"], { message: 'must be "sandbox" or "live"' }).default("sandbox"),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((url) => {
        try {
          databaseProvider(url);
          return true;
        } catch {
          return false;
        }
      }, "must start with file: (SQLite) or postgres:// (PostgreSQL)"),
    IB_ENCRYPTION_KEYS: keyring.optional(),
    /** HMAC keys that sign the audit chain's checkpoints (kept outside the database), newest first. */
    IB_AUDIT_KEYS: keyring.optional(),
    /** Keys that seal the session and sign-in cookies (never the secrets' key), newest first. */
    IB_SESSION_KEYS: keyring.optional(),
    SANDBOX_URL: z.url({ message: "must be a URL such as http://127.0.0.1:4010" }).default("http://127.0.0.1:4010"),
    IB_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // Sign-in with Entra ID (live mode; sandbox mode uses the sandbox tenant's portal sign-in app).
    ENTRA_SIGNIN_TENANT_ID: z.string().trim().min(1).optional(),
    ENTRA_SIGNIN_CLIENT_ID: z.string().trim().regex(/^[0-9a-f-]{36}$/i, "must be the application (client) id, a GUID").optional(),
    ENTRA_SIGNIN_CLIENT_SECRET: z.string().min(1).optional(),
    ENTRA_AUTHORITY_HOST: z.url().default("https://login.microsoftonline.com"),
    IB_ROLE_ADMIN: z.string().trim().min(1).default("Portal.Admin"),
    IB_ROLE_HELPDESK: z.string().trim().min(1).default("Portal.Helpdesk"),
    IB_ROLE_AUDITOR: z.string().trim().min(1).default("Portal.Auditor"),
    IB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    IB_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(8),
    /** How often a session's app role is re-read from Microsoft Graph, so a removed or changed role ends it (seconds). */
    IB_SESSION_ROLE_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /** How often a replica that does not hold the poller lock checks whether the leader went away (ms). */
    IB_POLLER_STANDBY_MS: z.coerce.number().int().min(200).max(10 * 60_000).default(30_000),
    /**
     * The portal's public origin, e.g. https://identity-bridge.example.com: redirect URIs, share links and the
     * Secure/HSTS decision. Required in live mode, so Host and X-Forwarded-* headers never decide them.
     */
    IB_PUBLIC_URL: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.IB_MODE === "live") {
      for (const name of ["ENTRA_SIGNIN_TENANT_ID", "ENTRA_SIGNIN_CLIENT_ID", "ENTRA_SIGNIN_CLIENT_SECRET"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "live mode needs the portal's sign-in app registration (see .env.example)" });
      }
    }
    if (env.IB_MODE === "live" && !env.IB_ENCRYPTION_KEYS?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["IB_ENCRYPTION_KEYS"],
        message: "live mode refuses to start without an encryption key: set IB_ENCRYPTION_KEYS=1:<32 random bytes in base64>",
      });
    }
    if (env.IB_MODE === "live" && !env.IB_SESSION_KEYS?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["IB_SESSION_KEYS"],
        message: "live mode refuses to start without a session key: set IB_SESSION_KEYS=1:<32 random bytes in base64> (not the encryption key)",
      });
    }
    if (env.IB_MODE === "live" && !env.IB_PUBLIC_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["IB_PUBLIC_URL"],
        message: "live mode refuses to start without its public URL: set IB_PUBLIC_URL=https://<the portal's host>",
      });
    }
    if (env.IB_MODE === "live" && !env.IB_AUDIT_KEYS?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["IB_AUDIT_KEYS"],
        message: "live mode refuses to start without an audit signing key: set IB_AUDIT_KEYS=1:<32 random bytes in base64>",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Identity Bridge cannot start, the environment is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use, at start-up). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const isSandboxMode = () => env().IB_MODE === "sandbox";
