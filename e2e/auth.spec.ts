import { createKeyring } from "../lib/crypto/secrets";
import { deriveCookieKeyring, sealSession } from "../lib/auth/session-seal";
import { expect, signIn, STAFF, test } from "./fixtures";

const NAV = {
  admin: ["Setup", "Provisioning", "Helpdesk", "Access", "Audit", "Settings"],
  helpdesk: ["Provisioning", "Helpdesk", "Access"],
  auditor: ["Setup", "Provisioning", "Helpdesk", "Access", "Audit", "Settings"],
} as const;

test("each staff role signs in through the sandbox authority and sees its navigation", async ({ page, context }) => {
  for (const role of ["admin", "helpdesk", "auditor"] as const) {
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
  // Leave the portal first: a link prefetch still in flight would meet the tampered cookie, have it deleted,
  // and the navigation below would then arrive without any cookie at all.
  await page.goto("about:blank");
  const cookie = (await context.cookies()).find((c) => c.name === "ib_session");
  if (!cookie) throw new Error("no session cookie");
  const parts = cookie.value.split(".");
  parts[3] = `${parts[3]?.slice(0, -2)}AA`;
  await context.addCookies([{ ...cookie, value: parts.join(".") }]);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsettings&error=session-ended/);
  await expect(page.getByText("Your session ended. Please sign in again.")).toBeVisible();

  // Sealed with the server's real key, exactly as the callback does, but nine hours old.
  const key = Buffer.from((process.env.E2E_ENCRYPTION_KEYS ?? "").split(":")[1] ?? "", "base64");
  const ring = deriveCookieKeyring(createKeyring([{ version: 1, key }]));
  const old = Date.now() - 9 * 3_600_000;
  const expired = sealSession(ring, {
    v: 1,
    oid: "x",
    tid: "t",
    name: "Old",
    email: "old@example.test",
    role: "admin",
    appRoles: ["Portal.Admin"],
    createdAt: old,
    lastSeenAt: Date.now(),
  });
  await page.goto("about:blank");
  await context.addCookies([{ name: "ib_session", value: expired, url: baseURL ?? "" }]);
  await page.goto("/audit");
  await expect(page).toHaveURL(/error=session-ended/);
  // and the same key with a fresh time is accepted, so the refusal above was about age
  const fresh = sealSession(ring, {
    v: 1,
    oid: "x",
    tid: "t",
    name: "Fresh Admin",
    email: "fresh@example.test",
    role: "admin",
    appRoles: ["Portal.Admin"],
    createdAt: Date.now(),
    lastSeenAt: Date.now(),
  });
  await context.addCookies([{ name: "ib_session", value: fresh, url: baseURL ?? "" }]);
  await page.goto("/audit");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Fresh Admin");
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
    // updates go through the CSSOM, which CSP does not govern).
    expect((await response?.text()) ?? "", path).not.toMatch(/<[^>]+\sstyle="/);
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
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
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
