import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const key = Buffer.alloc(32, 7).toString("base64");

describe("environment", () => {
  it("defaults to sandbox mode on the embedded SQLite database", () => {
    const env = parseEnv({});
    expect(env.IB_MODE).toBe("sandbox");
    expect(env.DATABASE_URL).toBe("file:./data/identity-bridge.db");
    expect(env.IB_ENCRYPTION_KEYS).toBeUndefined();
  });

  it("refuses live mode without the sign-in app registration", () => {
    expect(() => parseEnv({ IB_MODE: "live", IB_ENCRYPTION_KEYS: `1:${key}` })).toThrow(/ENTRA_SIGNIN_CLIENT_ID: live mode needs the portal's sign-in app registration/);
  });

  it("refuses live mode without an encryption key, naming the variable", () => {
    expect(() => parseEnv({ IB_MODE: "live" })).toThrow(/IB_ENCRYPTION_KEYS: live mode refuses to start without an encryption key/);
  });

  const live = {
    IB_MODE: "live",
    IB_ENCRYPTION_KEYS: `1:${key}`,
    IB_AUDIT_KEYS: `1:${key}`,
    IB_SESSION_KEYS: `1:${key}`,
    IB_PUBLIC_URL: "https://portal.example.com",
    ENTRA_SIGNIN_TENANT_ID: "00000000-0000-4000-8000-000000000001",
    ENTRA_SIGNIN_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
    ENTRA_SIGNIN_CLIENT_SECRET: "s",
  };

  it("starts live mode with everything it needs", () => {
    expect(parseEnv(live).IB_PUBLIC_URL).toBe("https://portal.example.com");
  });

  it("refuses live mode without its public URL, so Host and X-Forwarded-* headers never decide redirects", () => {
    expect(() => parseEnv({ ...live, IB_PUBLIC_URL: undefined })).toThrow(/IB_PUBLIC_URL: live mode refuses to start without its public URL/);
  });

  it("refuses live mode without a session key of its own", () => {
    expect(() => parseEnv({ ...live, IB_SESSION_KEYS: "" })).toThrow(/IB_SESSION_KEYS: live mode refuses to start without a session key/);
    expect(parseEnv({}).IB_SESSION_KEYS).toBeUndefined();
  });

  it("reports every problem at once", () => {
    try {
      parseEnv({ IB_MODE: "prod", DATABASE_URL: "mysql://x", SANDBOX_URL: "nope" });
      expect.fail("should throw");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.map((p) => p.split(":")[0])).toEqual(["IB_MODE", "DATABASE_URL", "SANDBOX_URL"]);
    }
  });

  it("parses a versioned keyring and rejects short keys and duplicate versions", () => {
    expect(parseEnv({ IB_ENCRYPTION_KEYS: `2:${key}, 1:${key}` }).IB_ENCRYPTION_KEYS?.map((k) => k.version)).toEqual([2, 1]);
    expect(() => parseEnv({ IB_ENCRYPTION_KEYS: "1:c2hvcnQ=" })).toThrow(/32 bytes/);
    expect(() => parseEnv({ IB_ENCRYPTION_KEYS: `1:${key},1:${key}` })).toThrow(/unique/);
  });
});
