import { expect, test } from "./fixtures";

// The same build started with IB_MODE=live: every sandbox convenience must be gone.
const LIVE = process.env.E2E_LIVE_URL ?? "";

test("live mode shows the Live badge, no sandbox banner, and sends everyone to sign-in", async ({ page }) => {
  await page.goto(`${LIVE}/settings`);
  await expect(page).toHaveURL(`${LIVE}/sign-in?returnTo=%2Fsettings`);
  await expect(page.getByTestId("environment-badge")).toHaveText(/live/i);
  await expect(page.getByText("Sandbox mode:")).toHaveCount(0);
  await expect(page.getByText(/Sandbox: the sandbox tenant/)).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
});

test("live mode sign-in goes to the configured Entra authority, never the sandbox", async ({ request }) => {
  // The live authority is unreachable from here, so the portal must say so rather than fall back.
  const response = await request.get(`${LIVE}/auth/sign-in`, { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toMatch(/\/sign-in\?error=unavailable$/);
});

test("live health reports the database and no sandbox", async ({ request }) => {
  const response = await request.get(`${LIVE}/api/health`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", mode: "live", database: { ok: true } });
  expect(body.sandbox).toBeUndefined();
});
