import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, encryptSecret } from "../crypto/secrets";
import { portalRoleFromClaims } from "./roles";
import { deriveCookieKeyring, openFlow, openSession, safeReturnTo, sealFlow, sealSession, type SessionData } from "./session-seal";

const base = createKeyring([{ version: 1, key: randomBytes(32) }]);
const ring = deriveCookieKeyring(base);
const limits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };
const now = Date.UTC(2026, 10, 23, 12);
const session: SessionData = {
  v: 1,
  oid: "o",
  tid: "t",
  name: "Ada",
  email: "ada@x",
  role: "admin",
  appRoles: ["Portal.Admin"],
  createdAt: now - 60_000,
  lastSeenAt: now - 60_000,
};

describe("session cookie", () => {
  it("round-trips a session and derives a key different from the secrets key", () => {
    const sealed = sealSession(ring, session);
    expect(openSession(ring, sealed, now, limits)).toEqual({ ok: true, data: session });
    expect(openSession(base, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
  });

  it("refuses a tampered, forged or foreign cookie", () => {
    const sealed = sealSession(ring, session);
    const flipped = sealed.slice(0, -3) + (sealed.endsWith("A") ? "B" : "A") + sealed.slice(-2);
    expect(openSession(ring, flipped, now, limits).ok).toBe(false);
    expect(openSession(ring, "eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.", now, limits)).toEqual({ ok: false, reason: "malformed" });
    // a value sealed for another purpose (e.g. a stored secret) is not a session
    expect(openSession(ring, encryptSecret(ring, "connection:entra", JSON.stringify(session)), now, limits)).toEqual({ ok: false, reason: "tampered" });
    const otherKey = deriveCookieKeyring(createKeyring([{ version: 1, key: randomBytes(32) }]));
    expect(openSession(otherKey, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
  });

  it("ends after the idle timeout and after the absolute timeout", () => {
    expect(openSession(ring, sealSession(ring, { ...session, lastSeenAt: now - limits.idleMs - 1 }), now, limits)).toEqual({ ok: false, reason: "idle" });
    expect(openSession(ring, sealSession(ring, { ...session, createdAt: now - limits.absoluteMs - 1, lastSeenAt: now }), now, limits)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a structurally wrong session even when sealed with the right key", () => {
    const sealed = sealSession(ring, { ...session, role: "superuser" } as unknown as SessionData);
    expect(openSession(ring, sealed, now, limits)).toEqual({ ok: false, reason: "malformed" });
  });

  it("keeps sign-in flow state for ten minutes only", () => {
    const flow = { state: "s", nonce: "n", codeVerifier: "v", returnTo: "/audit", createdAt: now };
    expect(openFlow(ring, sealFlow(ring, flow), now + 60_000)).toEqual(flow);
    expect(openFlow(ring, sealFlow(ring, flow), now + 11 * 60_000)).toBeUndefined();
    expect(openFlow(ring, sealSession(ring, session), now)).toBeUndefined();
  });

  it("allows only same-origin return paths", () => {
    expect(safeReturnTo("/audit?before=3")).toBe("/audit?before=3");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/auth/callback", null])
      expect(safeReturnTo(bad)).toBe("/");
  });
});

describe("roles claim", () => {
  const names = { admin: "Portal.Admin", helpdesk: "Portal.Helpdesk", auditor: "Portal.Auditor" };
  it("maps configured app roles, the most capable first, and nothing to no access", () => {
    expect(portalRoleFromClaims(["Portal.Auditor", "Portal.Helpdesk"], names)).toBe("helpdesk");
    expect(portalRoleFromClaims(["Portal.Admin", "Portal.Auditor"], names)).toBe("admin");
    expect(portalRoleFromClaims(["Other"], names)).toBeNull();
    expect(portalRoleFromClaims(undefined, names)).toBeNull();
    expect(portalRoleFromClaims(["Ops.Admin"], { ...names, admin: "Ops.Admin" })).toBe("admin");
  });
});
