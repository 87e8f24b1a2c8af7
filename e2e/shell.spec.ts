import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "./fixtures";

const AREAS = [
  { path: "/setup", heading: "Setup" },
  { path: "/provisioning", heading: "Provisioning" },
  { path: "/helpdesk", heading: "Helpdesk" },
  { path: "/audit", heading: "Audit" },
  { path: "/settings", heading: "Settings · Connections" },
];

test("every area opens in Chromium with the sandbox badge and no console errors", async ({ page }) => {
  // An accessibility scan per area: about 8 s in all on an idle machine, several times that on a loaded one.
  test.setTimeout(90_000);
  await signIn(page, "admin");
  for (const area of AREAS) {
    await page.goto(area.path);
    await expect(page.getByRole("heading", { level: 1, name: area.heading })).toBeVisible();
    await expect(page.getByTestId("environment-badge")).toHaveText(/sandbox/i);
    const accessibility = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(accessibility.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${area.path}: ${v.id}`)).toEqual([]);
  }
});

test("a page the role may not open says so instead of showing it", async ({ page }) => {
  await signIn(page, "helpdesk");
  await page.goto("/audit");
  await expect(page.getByText("Your role cannot open Audit")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("unknown addresses get the not-found page", async ({ page, consoleErrors }) => {
  await signIn(page, "admin");
  const response = await page.goto("/settings/nothing-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found in Identity Bridge" })).toBeVisible();
  // The browser logs the document's own 404; that one is the point of this test, anything else is not.
  expect(consoleErrors).toEqual([expect.stringMatching(/status of 404 .*\/settings\/nothing-here$/)]);
  consoleErrors.splice(0);
});

test("health reports the database and the sandbox cloud", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", mode: "sandbox", database: { ok: true, provider: "SQLite" }, sandbox: { ok: true } });
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(JSON.stringify(await response.json())).not.toMatch(/contoso|portal\.|secret/i);
});
