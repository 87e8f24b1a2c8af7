import { expect, test } from "./fixtures";

// The same build started with IB_MODE=live: every sandbox convenience must be gone.
const LIVE = process.env.E2E_LIVE_URL ?? "";

test("live mode shows the Live badge, no role switcher, no navigation and no way in without sign-in", async ({ page }) => {
  await page.goto(`${LIVE}/settings`);
  await expect(page.getByTestId("environment-badge")).toHaveText(/live/i);
  await expect(page.getByText("Sandbox mode:")).toHaveCount(0);
  await expect(page.getByLabel("Acting as")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByText("Sign-in required")).toBeVisible();
  await expect(page.getByRole("form")).toHaveCount(0);
});

test("live mode ignores a sandbox role cookie", async ({ page, context }) => {
  await context.addCookies([{ name: "ib_sandbox_role", value: "admin", url: LIVE }]);
  await page.goto(`${LIVE}/audit`);
  await expect(page.getByText("Sign-in required")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("live health reports the database and no sandbox", async ({ request }) => {
  const response = await request.get(`${LIVE}/api/health`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", mode: "live", database: { ok: true } });
  expect(body.sandbox).toBeUndefined();
});
