import Sqlite from "better-sqlite3";
import { createKeyring } from "../lib/crypto/secrets";
import { deriveCookieKeyring, openSession, sealSession, type SessionBinding } from "../lib/auth/session-seal";
import type { Page } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, SANDBOX_DOMAIN, signIn, STAFF, test } from "./fixtures";

const LIVE = process.env.E2E_LIVE_URL ?? "";
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const SANDBOX_BINDING: SessionBinding = { mode: "sandbox", tenantId: SANDBOX.entra.tenantId, clientId: SANDBOX.entra.portalSignIn.clientId };
const sessionKey = Buffer.from((process.env.E2E_SESSION_KEYS ?? "").split(":")[1] ?? "", "base64");
const ring = deriveCookieKeyring(createKeyring([{ version: 1, key: sessionKey }]));

/**
 * Leaves the portal before its session cookie changes or goes away (cleared here, tampered with, or deleted by the
 * live instance: cookies ignore the port). A portal page still open meets the new cookie: its link prefetches and its
 * live-update EventSource (/setup, /provisioning), which open once the page hydrates (late on a loaded machine), are
 * answered with the sign-in page, the browser logs the EventSource's refusal as a console error, and a prefetch that
 * meets a tampered cookie has it deleted.
 */
const leavePortal = (page: Page) => page.goto("about:blank");

const NAV = {
  admin: ["Setup", "Provisioning", "Helpdesk", "Access", "Audit", "Settings"],
  helpdesk: ["Provisioning", "Helpdesk", "Access"],
  auditor: ["Setup", "Provisioning", "Helpdesk", "Access", "Audit", "Settings"],
} as const;

test("each staff role signs in through the sandbox authority and sees its navigation", async ({ page, context }) => {
  for (const role of ["admin", "helpdesk", "auditor"] as const) {
    await leavePortal(page);
    await context.clearCookies();
    await signIn(page, role);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([...NAV[role]]);
    const cookie = (await context.cookies()).find((c) => c.name === "ib_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    expect(cookie?.value).not.toContain(STAFF[role]);
  }
});

test("a user without a portal role gets the no-access page with how to get access", async ({ page }) => {
  await signIn(page, "none");
  await expect(page.getByRole("heading", { name: "You have no access to Identity Bridge yet" })).toBeVisible();
  await expect(page.getByText("Portal.Admin")).toBeVisible();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsetup/);
});

test("anonymous visitors are sent to sign-in and come back where they were going", async ({ page }) => {
  await page.goto("/audit?before=999");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faudit%3Fbefore%3D999$/);
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await page.locator(`button[data-upn="${STAFF.auditor}"]`).click();
  await expect(page).toHaveURL(/\/audit\?before=999$/);
});

test("a tampered or expired session cookie is refused", async ({ page, context, baseURL }) => {
  await signIn(page, "admin");
  await leavePortal(page);
  const cookie = (await context.cookies()).find((c) => c.name === "ib_session");
  if (!cookie) throw new Error("no session cookie");
  const parts = cookie.value.split(".");
  parts[3] = `${parts[3]?.slice(0, -2)}AA`;
  await context.addCookies([{ ...cookie, value: parts.join(".") }]);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsettings&error=session-ended/);
  await expect(page.getByText("Your session ended. Please sign in again.")).toBeVisible();

  // The real cookie of a real sign-in, opened and sealed again with the server's session key exactly as the
  // callback does (same session row), but nine hours old.
  await signIn(page, "admin");
  await leavePortal(page);
  const real = (await context.cookies()).find((c) => c.name === "ib_session");
  const opened = openSession(ring, SANDBOX_BINDING, real?.value ?? "", Date.now(), { idleMs: 3_600_000, absoluteMs: 9 * 3_600_000 });
  if (!opened.ok) throw new Error(`the server's cookie did not open with the e2e session key: ${opened.reason}`);
  const old = Date.now() - 9 * 3_600_000;
  const expired = sealSession(ring, SANDBOX_BINDING, { ...opened.data, createdAt: old, lastSeenAt: Date.now() });
  await context.addCookies([{ name: "ib_session", value: expired, url: baseURL ?? "" }]);
  await page.goto("/audit");
  await expect(page).toHaveURL(/error=session-ended/);
  // and the same key with a fresh time is accepted, so the refusal above was about age
  const fresh = sealSession(ring, SANDBOX_BINDING, { ...opened.data, lastSeenAt: Date.now() });
  await context.addCookies([{ name: "ib_session", value: fresh, url: baseURL ?? "" }]);
  await page.goto("/audit");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Avery Admin");
});

test("every page carries a nonce CSP and the security headers", async ({ page }) => {
  await signIn(page, "admin");
  for (const path of ["/setup", "/provisioning", "/helpdesk", "/access", "/audit", "/settings", "/sign-in", "/no-access"]) {
    const response = await page.goto(path);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // No inline styles either: style elements need the nonce, style attributes are refused.
    expect(csp, path).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).toContain("report-uri /api/csp-report");
    expect(csp).toContain("report-to csp");
    expect(response?.headers()["reporting-endpoints"]).toMatch(/^csp="http:\/\/127\.0\.0\.1:\d+\/api\/csp-report"$/);
    // The server's HTML carries no style attribute for the policy to refuse (React's client-side style
    // updates go through the CSSOM, which CSP does not govern) except React's streaming container
    // `style="display:none"`, which the policy allows by its hash alone.
    expect((await response?.text()) ?? "", path).not.toMatch(/<[^>]+\sstyle="(?!display:none")/);
    expect(csp).toContain("style-src-attr 'unsafe-hashes' 'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response?.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // plain-http localhost: no HSTS (it would pin the developer's localhost to https)
    expect(response?.headers()["strict-transport-security"]).toBeUndefined();
  }
});

test("CSP violation reports are accepted anonymously, capped in size and rate-limited", async ({ request }) => {
  const report = { "csp-report": { "document-uri": "http://127.0.0.1/setup?x=1", "effective-directive": "style-src-attr", "blocked-uri": "inline" } };
  const post = (data: string) => request.post("/api/csp-report", { headers: { "content-type": "application/csp-report" }, data });
  expect((await post(JSON.stringify(report))).status()).toBe(204);
  expect((await post("x".repeat(17 * 1024))).status()).toBe(413);
  const statuses: number[] = [];
  for (let i = 0; i < 35; i++) statuses.push((await post(JSON.stringify(report))).status());
  expect(statuses).toContain(429);
});

test("sign-out ends the session; sign-in and sign-out are audited", async ({ page }) => {
  await signIn(page, "auditor");
  const visited: string[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest()) visited.push(request.url());
  });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  // the Entra session was ended too: through the authority's end-session endpoint, back via /auth/signed-out
  const logout = visited.find((url) => url.startsWith(`${SANDBOX_URL}/login/${SANDBOX.entra.tenantId}/oauth2/v2.0/logout`));
  expect(logout, visited.join("\n")).toBeTruthy();
  expect(new URL(logout ?? "").searchParams.get("post_logout_redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/signed-out$/);
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "auditor", "/audit");
  await expect(page.getByRole("listitem").filter({ hasText: "auth.sign-out" }).first()).toContainText(STAFF.auditor);
  await expect(page.getByRole("listitem").filter({ hasText: "auth.sign-in" }).filter({ hasText: "denied" }).first()).toContainText(STAFF.none);
});

test("the server action origin check stays on: a cross-site action post is refused with 403 and audited", async ({ request, page }) => {
  const response = await request.post("/settings", {
    headers: { "next-action": "0".repeat(40), origin: "https://evil.example", "content-type": "text/plain" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
  // The portal's own origin passes the check (the unknown action id is then Next.js's to refuse, not ours).
  const own = await request.post("/settings", {
    headers: { "next-action": "0".repeat(40), origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`, "content-type": "text/plain" },
    data: "[]",
  });
  expect(own.status()).not.toBe(403);
  await signIn(page, "auditor", "/audit?family=auth&result=denied");
  const row = page.getByRole("listitem").filter({ hasText: "auth.server-action.origin" }).first();
  await expect(row).toContainText("anonymous");
  await expect(row).toContainText("https://evil.example");
});

test("a session cookie replayed after sign-out is refused by the server", async ({ page, context }) => {
  await signIn(page, "admin", "/settings");
  const saved = (await context.cookies()).find((c) => c.name === "ib_session");
  if (!saved) throw new Error("no session cookie");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  // someone kept a copy of the cookie (it is still well sealed and young)
  await context.addCookies([saved]);
  await page.goto("/settings");
  await expect(page.getByText("Sign-in required")).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  const stream = await page.request.get("/provisioning/events?federation=default&since=0", { maxRedirects: 0 });
  expect(stream.status()).toBe(401);
});

test("a cookie sealed by the sandbox instance is refused by a live instance holding the same keys", async ({ page, context }) => {
  // Both servers run on 127.0.0.1 and cookies ignore the port, so the browser offers the sandbox session to the live
  // server as it is. The live server was given the sandbox's IB_ENCRYPTION_KEYS and IB_SESSION_KEYS (playwright.config.ts).
  await signIn(page, "admin");
  expect((await context.cookies(LIVE)).some((c) => c.name === "ib_session")).toBe(true);
  // The live instance deletes the cookie it refuses, for the sandbox instance too.
  await leavePortal(page);
  await page.goto(`${LIVE}/settings`);
  await expect(page).toHaveURL(`${LIVE}/sign-in?returnTo=%2Fsettings&error=session-ended`);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  const forged = sealSession(
    ring,
    { mode: "live", tenantId: "00000000-0000-4000-8000-000000000001", clientId: "00000000-0000-4000-8000-000000000002" },
    {
      v: 2,
      sid: "bm90LWEtcmVhbC1zZXNzaW9u",
      oid: "x",
      tid: "00000000-0000-4000-8000-000000000001",
      name: "Forged",
      email: "forged@example.test",
      role: "admin",
      appRoles: ["Portal.Admin"],
      createdAt: Date.now(),
      lastSeenAt: Date.now(),
    },
  );
  // even a cookie sealed for the live deployment opens nothing without its server-side session
  await context.addCookies([{ name: "ib_session", value: forged, url: LIVE }]);
  await page.goto(`${LIVE}/settings`);
  await expect(page.getByText("Sign-in required")).toBeVisible();
});

test("after sign-in, returnTo never leads to another site", async ({ page, baseURL }) => {
  test.setTimeout(120_000); // eight real sign-ins
  // The encoded forms an attacker puts in a link; the browser and the URL parser drop tab and newline.
  for (const returnTo of [
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%09/%5C%5Cevil.example",
    "/%5Cevil.example",
    "//evil.example",
    "https://evil.example/",
    "http:%2F%2Fevil.example",
  ]) {
    await leavePortal(page);
    await page.context().clearCookies();
    await page.goto(`/auth/sign-in?returnTo=${returnTo}`);
    await page.locator(`button[data-upn="${STAFF.auditor}"]`).click();
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
    // "/" (the home page then shows Setup), never evil.example
    expect(new URL(page.url()).origin, returnTo).toBe(new URL(baseURL ?? "").origin);
    expect(page.url(), returnTo).not.toContain("evil");
  }
});

test("a cross-site link to /auth/callback does not sign the visitor out", async ({ page, context }) => {
  await signIn(page, "auditor", "/audit");
  const before = (await context.cookies()).find((c) => c.name === "ib_session")?.value;
  // (the callback answers "expired"; the sign-in page then sees a signed-in user and sends them home)
  await page.goto("/auth/callback?code=forged&state=forged");
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === "ib_session")?.value).toBe(before);
  await page.goto("/audit");
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
});

test("/auth/callback and /auth/sign-in are rate-limited per client address", async ({ request }) => {
  // From addresses of their own (as a reverse proxy reports them), so the browser's budget for the other tests is untouched.
  const callback = (address: string) => request.get(`${LIVE}/auth/callback?code=x&state=y`, { headers: { "x-forwarded-for": address }, maxRedirects: 0 });
  const statuses: number[] = [];
  for (let i = 0; i < 62; i++) statuses.push((await callback("203.0.113.50")).status());
  expect(statuses.slice(0, 60).every((s) => s === 303)).toBe(true);
  expect(statuses.slice(60)).toEqual([429, 429]);
  const refused = await callback("203.0.113.50");
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await callback("203.0.113.51")).status()).toBe(303);
  const signIns: number[] = [];
  for (let i = 0; i < 61; i++) signIns.push((await request.get("/auth/sign-in", { headers: { "x-forwarded-for": "203.0.113.52" }, maxRedirects: 0 })).status());
  expect(signIns.at(-1)).toBe(429);
  expect(signIns.slice(0, 60).every((s) => s === 307)).toBe(true);
});

test("a portal role removed in Entra ends the session within the re-check interval", async ({ page, request }) => {
  const user = `jane.doe@${SANDBOX_DOMAIN}`;
  const setRole = async (role: string | null) =>
    expect((await request.post(`${SANDBOX_URL}/_sandbox/entra/portal-role`, { data: { user, role } })).ok()).toBe(true);
  await setRole("Portal.Auditor");
  try {
    await page.goto("/auth/sign-in?returnTo=%2Faudit");
    await page.locator(`button[data-upn="${user}"]`).click();
    await expect(page.getByTestId("signed-in-user")).toHaveText("Jane Doe");
    await setRole(null);
    const removedAt = Date.now();
    // IB_SESSION_ROLE_CHECK_SECONDS is 3 on the e2e server: the next request after that is refused.
    await expect(async () => {
      await page.goto("/audit");
      await expect(page.getByText("Sign-in required")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    expect(Date.now() - removedAt).toBeLessThan(15_000);
  } finally {
    await setRole(null);
  }
  // the end is audited, with the role it had
  await signIn(page, "admin", "/audit");
  await expect(page.getByRole("listitem").filter({ hasText: "auth.session-ended" }).first()).toContainText(user);
});

test("an admin ends every session of a user from Settings", async ({ browser, page }) => {
  const other = await browser.newContext();
  const helpdesk = await other.newPage();
  try {
    await signIn(helpdesk, "helpdesk", "/helpdesk");
    await signIn(page, "admin", "/settings");
    const row = page.getByTestId("open-sessions").getByRole("row").filter({ hasText: STAFF.helpdesk });
    await row.getByRole("button", { name: `End all sessions of ${STAFF.helpdesk}` }).click();
    await expect(page.getByText(/Ended \d+ sessions?; the user must sign in again\./)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("open-sessions").getByRole("row").filter({ hasText: STAFF.helpdesk })).toHaveCount(0);
    await helpdesk.goto("/helpdesk");
    await expect(helpdesk.getByText("Sign-in required")).toBeVisible();
    await page.goto("/audit");
    await expect(page.getByRole("listitem").filter({ hasText: "sessions.end-all" }).first()).toContainText(STAFF.admin);
  } finally {
    await other.close();
  }
});

test("background refreshes of an open page do not count as activity; navigations do", async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, "auditor", "/audit");
  const cookie = (await context.cookies()).find((c) => c.name === "ib_session");
  const opened = openSession(ring, SANDBOX_BINDING, cookie?.value ?? "", Date.now(), { idleMs: 3_600_000, absoluteMs: 9 * 3_600_000 });
  if (!opened.ok) throw new Error("the session cookie did not open");
  // The server's own database (a throwaway SQLite file), read-only: when did the session's user last do something?
  const file = (process.env.E2E_DATABASE_URL ?? "").replace(/^file:/, "");
  const lastActive = () => {
    const database = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      const row = database.prepare('SELECT "lastActiveAt" FROM "PortalSession" WHERE "id" = ?').get(opened.data.sid) as
        { lastActiveAt: number | string } | undefined;
      return row ? new Date(row.lastActiveAt).getTime() : NaN;
    } finally {
      database.close();
    }
  };
  const start = lastActive();
  expect(Number.isFinite(start)).toBe(true);
  // Activity is written at most every 30 s, so wait past that before anything can move it.
  await page.waitForTimeout(31_000);
  // What the live status page does on every pushed snapshot (components/provisioning/live-updates-client.tsx).
  for (let i = 0; i < 3; i++) {
    const refreshed = page.waitForResponse((r) => r.request().headers()["rsc"] === "1" && new URL(r.url()).pathname === "/audit");
    await page.evaluate(() => (window as unknown as { next: { router: { refresh(): void } } }).next.router.refresh());
    await refreshed;
  }
  await page.waitForTimeout(500);
  expect(lastActive()).toBe(start);
  // A navigation is the user doing something.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect.poll(lastActive, { timeout: 10_000 }).toBeGreaterThan(start);
});
