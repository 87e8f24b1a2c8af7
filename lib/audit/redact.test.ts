import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "./redact";

describe("redact", () => {
  it("removes values under secret-looking keys at any depth, keeping public fields and flags", () => {
    const out = redact({
      tenantId: "t",
      clientSecret: "abc123",
      nested: { scim: { accessToken: "tok", tokenExpiresAt: "2027-01-01" }, list: [{ password: "p" }] },
      accessKeyId: "AKIA0000",
      secretAccessKey: "xyz",
      secretConfigured: true,
    });
    expect(out).toEqual({
      tenantId: "t",
      clientSecret: REDACTED,
      nested: { scim: { accessToken: REDACTED, tokenExpiresAt: "2027-01-01" }, list: [{ password: REDACTED }] },
      accessKeyId: "AKIA0000",
      secretAccessKey: REDACTED,
      secretConfigured: true,
    });
  });

  it("removes known secret values wherever they appear, even inside other text", () => {
    const out = redact({ note: "upstream said: invalid client secret Zx9-secret-value" }, ["Zx9-secret-value"]);
    expect(JSON.stringify(out)).not.toContain("Zx9-secret-value");
  });
});
