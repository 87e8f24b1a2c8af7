import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readLink, signLink } from "./signed-link";

const k1 = { version: 1, key: randomBytes(32) };
const k2 = { version: 2, key: randomBytes(32) };
const now = Date.parse("2026-11-30T08:00:00Z");
const payload = { file: "a", expiresAt: "2026-11-30T08:10:00.000Z" };

describe("signed links", () => {
  it("reads back what it signed, without the key version", () => {
    expect(readLink("p", signLink("p", payload, [k1]), now, [k1])).toEqual(payload);
  });

  it("refuses another purpose's link, an edited payload or MAC, and an unknown key", () => {
    const token = signLink("p", payload, [k1]);
    expect(readLink("q", token, now, [k1])).toBe("invalid");
    const [body, mac] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, file: "b", v: 1 })).toString("base64url");
    expect(readLink("p", `${forged}.${mac}`, now, [k1])).toBe("invalid");
    expect(readLink("p", `${body}.${mac.slice(1)}A`, now, [k1])).toBe("invalid");
    expect(readLink("p", `${token}.x`, now, [k1])).toBe("invalid");
    expect(readLink("p", token, now, [k2])).toBe("invalid");
  });

  it("keeps links of a rotated-out key while it is still listed; expires them on time", () => {
    const old = signLink("p", payload, [k1]);
    expect(readLink("p", old, now, [k2, k1])).toEqual(payload);
    expect(readLink("p", old, Date.parse(payload.expiresAt), [k2, k1])).toBe("expired");
  });
});
