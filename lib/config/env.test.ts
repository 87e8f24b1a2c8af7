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
