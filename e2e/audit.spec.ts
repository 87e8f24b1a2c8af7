import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { exportVerifier } from "../lib/audit/export-format";
import { expect, runSupportScript, signIn, STAFF, test } from "./fixtures";

const SEEDED = "seeded.admin@example.test";

async function axeSerious(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

/** Nothing is cut off: the page never scrolls sideways. */
async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test("an auditor filters the log, opens a change as a diff, pages, and verifies the chain", async ({ page }) => {
  runSupportScript("audit-seed", ["30"], 60_000);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "auditor", "/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();

  // Filter: actor and action family, through the GET form; the URL keeps them.
  const filters = page.getByRole("search", { name: "Filter audit events" });
  await filters.getByLabel("Actor (exact e-mail)").fill(SEEDED);
  await filters.getByLabel("Action family").selectOption("settings");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/actor=seeded\.admin%40example\.test/);
  await expect(page).toHaveURL(/family=settings/);
  const events = page.getByRole("list", { name: "Audit events, newest first" }).locator(":scope > li");
  await expect(events).toHaveCount(25);
  await expect(page.getByText("30 matching events")).toBeVisible();
  await expect(events.first()).toContainText("connection:entra:29");

  // The change, as a field-level diff with room to read; the secret shows only as changed.
  const first = events.first();
  await first.getByText(/Show change/).click();
  const diff = first.getByRole("table", { name: /Fields changed by event/ });
  await expect(diff.getByRole("row", { name: /app\.replyUrls\[0\]/ })).toContainText("https://old-29.example.test/saml");
  await expect(diff.getByRole("row", { name: /app\.replyUrls\[0\]/ })).toContainText("https://new-29.example.test/saml");
  await expect(diff.getByRole("row", { name: /signOnUrl/ })).toContainText("Added");
  await expect(diff.getByRole("row", { name: /clientSecret/ })).toHaveCount(0); // redacted both times: unchanged
  expect((await diff.boundingBox())?.width ?? 0).toBeGreaterThan(500);
  await first.getByText("2 upstream request ids").click();
  await expect(first.getByText("req-29-a")).toBeVisible();
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeSerious(page)).toEqual([]);

  // Page older, then newer, keeping the filter.
  await page.getByRole("link", { name: "Older events" }).click();
  await expect(page).toHaveURL(/before=\d+/);
  await expect(page).toHaveURL(/family=settings/);
  await expect(events).toHaveCount(5);
  await expect(events.first()).toContainText("connection:entra:4");
  await page.getByRole("link", { name: "Newer events" }).click();
  await expect(events).toHaveCount(25);
  await expect(events.first()).toContainText("connection:entra:29");

  // Still readable in a 1,024 px window.
  await page.setViewportSize({ width: 1024, height: 800 });
  expect(await fitsWidth(page)).toBe(true);

  // Verify integrity is a POST; the page then shows the stored result.
  await page.getByRole("button", { name: "Verify integrity" }).click();
  await expect(page.getByText(/Chain intact/)).toBeVisible();
  await expect(page.getByText(/Chain intact/)).toBeVisible();
  await expect(page.getByText(/Last verified .* by portal\.auditor@/)).toBeVisible();
  expect(await axeSerious(page)).toEqual([]);
});

test("an auditor downloads an export of the filtered log, and the file verifies offline with the audit key", async ({ page }) => {
  runSupportScript("audit-seed", ["5"], 60_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "auditor", `/audit?actor=${encodeURIComponent(SEEDED)}&family=settings`);
  const exportForm = page.getByRole("form", { name: "Export audit events" });
  await exportForm.getByLabel("Export format").selectOption("ndjson");
  const [download] = await Promise.all([page.waitForEvent("download"), exportForm.getByRole("button", { name: "Export filtered events" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}-to-\d+\.ndjson$/);
  const text = fs.readFileSync(await download.path(), "utf8");

  // Sandbox mode signs with its development key (data/dev-audit-key); live mode's is IB_AUDIT_KEYS.
  const key = { version: 1, key: Buffer.from(fs.readFileSync("data/dev-audit-key", "utf8").trim(), "base64") };
  const check = (file: string) => {
    const verifier = exportVerifier([key]);
    verifier.feed(file);
    return verifier.end();
  };
  const report = check(text);
  expect(report).toMatchObject({ ok: true, signatures: "verified", format: "ndjson", header: { filter: { actor: SEEDED, family: "settings" } } });
  expect(report.events).toBeGreaterThanOrEqual(5);
  const events = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; actor?: string });
  expect(events.filter((e) => e.type === "event").every((e) => e.actor === SEEDED)).toBe(true);
  // A row changed in the file no longer verifies.
  expect(check(text.replace(`"actor":"${SEEDED}"`, '"actor":"mallory@example.test"'))).toMatchObject({ ok: false });
  // The export is itself in the log, by the auditor who made it.
  await page.goto("/audit?family=audit");
  await expect(page.getByRole("list", { name: "Audit events, newest first" }).locator(":scope > li").first()).toContainText("audit.export");
});

test("helpdesk searches leave a trace an auditor reads: one row per user and hour with the queries, not an event per keystroke", async ({ page }) => {
  await signIn(page, "helpdesk", "/helpdesk");
  await expect(page.getByRole("heading", { name: "Helpdesk", level: 1 })).toBeVisible();
  await page.getByLabel("User").fill("jane");
  await expect(page.getByRole("button", { name: "Check jane.doe@contoso-sandbox.onmicrosoft.com" })).toBeVisible({ timeout: 20_000 });

  await signIn(page, "auditor", `/audit?actor=${encodeURIComponent(STAFF.helpdesk)}`);
  const tallies = page.getByTestId("search-tallies");
  const row = tallies.getByRole("row").filter({ hasText: STAFF.helpdesk }).first();
  await expect(row).toBeVisible();
  await row.getByText(/quer(y|ies)/).click();
  await expect(row.getByRole("listitem").filter({ hasText: /^jane$/ })).toBeVisible();
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeSerious(page)).toEqual([]);
});

test("a change whose outcome never reached the log shows its intent as “no outcome recorded (interrupted?)”", async ({ page }) => {
  runSupportScript("audit-seed", ["intents"], 60_000);
  await signIn(page, "auditor", `/audit?actor=${encodeURIComponent("interrupted.admin@example.test")}`);
  const events = page.getByRole("list", { name: "Audit events, newest first" }).locator(":scope > li");
  await expect(events).toHaveCount(3);
  // Newest first: the intent left alone, then the finished change's outcome and its intent.
  await expect(events.nth(0)).toContainText("intent");
  await expect(events.nth(0)).toContainText("no outcome recorded (interrupted?)");
  await expect(events.nth(1)).toContainText("success");
  await expect(events.nth(2)).toContainText("intent");
  await expect(events.nth(2)).not.toContainText("no outcome recorded");
  // "intent" is a result the filter offers.
  await page.getByRole("search", { name: "Filter audit events" }).getByLabel("Result").selectOption("intent");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/result=intent/);
  await expect(events).toHaveCount(2);
  expect(await fitsWidth(page)).toBe(true);
  expect(await axeSerious(page)).toEqual([]);
});
