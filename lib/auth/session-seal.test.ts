import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, encryptSecret } from "../crypto/secrets";
import { portalRoleFromClaims } from "./roles";
import { deriveCookieKeyring, openFlow, openSession, safeReturnTo, sealFlow, sealSession, type SessionBinding, type SessionData } from "./session-seal";

const base = createKeyring([{ version: 1, key: randomBytes(32) }]);
const ring = deriveCookieKeyring(base);
const sandbox: SessionBinding = { mode: "sandbox", tenantId: "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05", clientId: "5d3c9a4e-2f61-4b87-8e0d-7a1b6c9f2e43" };
const limits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };
const now = Date.UTC(2026, 10, 23, 12);
const session: SessionData = {
  v: 2,
  sid: "c2Vzc2lvbi1pZC0wMDAwMDA",
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
    const sealed = sealSession(ring, sandbox, session);
    expect(openSession(ring, sandbox, sealed, now, limits)).toEqual({ ok: true, data: session });
    expect(openSession(base, sandbox, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
  });

  it("refuses a tampered, forged or foreign cookie", () => {
    const sealed = sealSession(ring, sandbox, session);
    const flipped = sealed.slice(0, -3) + (sealed.endsWith("A") ? "B" : "A") + sealed.slice(-2);
    expect(openSession(ring, sandbox, flipped, now, limits).ok).toBe(false);
    expect(openSession(ring, sandbox, "eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.", now, limits)).toEqual({ ok: false, reason: "malformed" });
    // a value sealed for another purpose (e.g. a stored secret) is not a session
    expect(openSession(ring, sandbox, encryptSecret(ring, "connection:entra", JSON.stringify(session)), now, limits)).toEqual({ ok: false, reason: "tampered" });
    const otherKey = deriveCookieKeyring(createKeyring([{ version: 1, key: randomBytes(32) }]));
    expect(openSession(otherKey, sandbox, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
  });

  it("ends after the idle timeout and after the absolute timeout", () => {
    expect(openSession(ring, sandbox, sealSession(ring, sandbox, { ...session, lastSeenAt: now - limits.idleMs - 1 }), now, limits)).toEqual({ ok: false, reason: "idle" });
    expect(openSession(ring, sandbox, sealSession(ring, sandbox, { ...session, createdAt: now - limits.absoluteMs - 1, lastSeenAt: now }), now, limits)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a structurally wrong session even when sealed with the right key", () => {
    const sealed = sealSession(ring, sandbox, { ...session, role: "superuser" } as unknown as SessionData);
    expect(openSession(ring, sandbox, sealed, now, limits)).toEqual({ ok: false, reason: "malformed" });
  });

  it("keeps sign-in flow state for ten minutes only", () => {
    const flow = { state: "s", nonce: "n", codeVerifier: "v", returnTo: "/audit", createdAt: now };
    expect(openFlow(ring, sandbox, sealFlow(ring, sandbox, flow), now + 60_000)).toEqual(flow);
    expect(openFlow(ring, sandbox, sealFlow(ring, sandbox, flow), now + 11 * 60_000)).toBeUndefined();
    expect(openFlow(ring, sandbox, sealSession(ring, sandbox, session), now)).toBeUndefined();
  });

  it("binds the seal to its deployment: another mode, tenant or sign-in app cannot open it, even with the same keys", () => {
    const sealed = sealSession(ring, sandbox, session);
    const live: SessionBinding = { mode: "live", tenantId: sandbox.tenantId, clientId: sandbox.clientId };
    expect(openSession(ring, live, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
    expect(openSession(ring, { ...sandbox, tenantId: "00000000-0000-4000-8000-000000000001" }, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
    expect(openSession(ring, { ...sandbox, clientId: "00000000-0000-4000-8000-000000000002" }, sealed, now, limits)).toEqual({ ok: false, reason: "tampered" });
    expect(openFlow(ring, live, sealFlow(ring, sandbox, { state: "s", nonce: "n", codeVerifier: "v", returnTo: "/", createdAt: now }), now)).toBeUndefined();
    // and a cookie of the previous format (v1, no session id) is refused
    expect(openSession(ring, sandbox, sealSession(ring, sandbox, { ...session, v: 1, sid: undefined } as unknown as SessionData), now, limits)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("allows only same-origin return paths", () => {
    const origin = "https://portal.example.com";
    expect(safeReturnTo("/audit?before=3", origin)).toBe("/audit?before=3");
    expect(safeReturnTo("/helpdesk/d/AB12CD34#top", origin)).toBe("/helpdesk/d/AB12CD34#top");
    expect(safeReturnTo("/a/../settings", origin)).toBe("/settings");
    const bad = [
      "https://evil.example",
      "http://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\evil.example",
      "javascript:alert(1)",
      "/auth/callback",
      "/x/../auth/callback",
      // what URLSearchParams hands over for returnTo=/%09/evil.example, /%0a/…, /%0d/…: the URL parser drops the
      // tab or newline and the browser would land on https://evil.example/
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\t\\evil.example",
      "/\u0000/evil.example",
      " //evil.example",
      null,
      undefined,
      "",
    ];
    for (const value of bad) expect(safeReturnTo(value, origin), JSON.stringify(value)).toBe("/");
    // The decoded query parameter is what the code sees: prove the encoded forms reach it as the cases above.
    for (const encoded of ["/%09/evil.example", "/%0a/evil.example", "/%0D/evil.example", "/%5Cevil.example", "%2F%2Fevil.example"])
      expect(safeReturnTo(new URLSearchParams(`returnTo=${encoded}`).get("returnTo"), origin)).toBe("/");
    // Still encoded (e.g. double-encoded input) it is a harmless path on the portal itself.
    expect(new URL(safeReturnTo("/%2509/evil.example", origin), origin).origin).toBe(origin);
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
