import { spawnSync } from "node:child_process";
import type { APIRequestContext } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

// The status page of a configured federation updates by itself (server-sent events → router.refresh) when
// a provisioning cycle finishes, without a reload. The setup is driven outside the browser (setup.spec.ts
// covers it through the screen), on its own federation so it never meets that test's data.
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const FEDERATION = "e2e-provisioning";

test.setTimeout(180_000);

async function sandboxApi<T = Record<string, unknown>>(request: APIRequestContext, path: string, body: unknown = {}): Promise<T> {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body });
  expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

test("the status page shows the job and updates by itself when a cycle finishes", async ({ page, request }) => {
  await sandboxApi(request, "/_sandbox/reset");
  await sandboxApi(request, "/_sandbox/aws/settings", { asyncDelayMs: 50 });
  // Cycles run when this test says so (plus the one the start step triggers).
  await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 300, cycleIntervalMs: 3_600_000 });
  const drive = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/support/drive-setup.ts", FEDERATION], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      IB_MODE: "sandbox",
      SANDBOX_URL,
      IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(drive.status, drive.stderr).toBe(0);
  await sandboxApi(request, "/_sandbox/entra/provisioning/run");

  await signIn(page, "auditor", `/provisioning?federation=${FEDERATION}`);
  await expect(page.getByRole("heading", { name: "Provisioning", level: 1 })).toBeVisible();
  // The first read happens in the background as soon as the page listens; the page picks it up by itself.
  const health = page.getByTestId("job-health");
  await expect(health).toBeVisible({ timeout: 30_000 });
  await expect(health).toHaveAttribute("data-health", /healthy|warnings/);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-connected", "true");
  await expect(page.getByRole("table")).toContainText(/create|update/);
  // Read-only roles see no actions.
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);

  const lastCycle = page.getByTestId("last-cycle");
  const before = await lastCycle.textContent();
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  await sandboxApi(request, "/_sandbox/entra/provisioning/run");
  await expect(lastCycle).not.toHaveText(before ?? "", { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test("an admin pauses provisioning after confirming, and the page shows it", async ({ page }) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  const health = page.getByTestId("job-health");
  await expect(health).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByText(/nothing is sent to AWS until it is started again/i).first()).toBeVisible();
  await page.getByRole("button", { name: "Confirm: pause" }).click();
  await expect(page.getByText("Provisioning paused.", { exact: false })).toBeVisible({ timeout: 20_000 });
  await expect(health).toHaveAttribute("data-health", "paused", { timeout: 20_000 });
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await page.getByRole("button", { name: "Confirm: start" }).click();
  await expect(health).not.toHaveAttribute("data-health", "paused", { timeout: 20_000 });
});
