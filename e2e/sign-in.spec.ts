import { spawnSync } from "node:child_process";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, SANDBOX_DOMAIN, signIn, test } from "./fixtures";

// Sign-in, end to end: after the setup, the admin starts "Test sign-in" for a user, the user signs in in another tab
// through the sandbox's real SAML flow (access portal → Entra's picker → signed response → AWS), and the card turns
// green or red from the evidence (Entra's sign-in log, CloudTrail) without anyone clicking "check". The helpdesk then
// shows the user's Last sign-in. The setup up to account access is done outside the browser (setup.spec.ts covers it).
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const JANE = `jane.doe@${SANDBOX_DOMAIN}`;
const NICK = `nick.unassigned@${SANDBOX_DOMAIN}`;
const PRIYA = `priya.patel@${SANDBOX_DOMAIN}`;

let appId = "";

test.setTimeout(240_000);
test.describe.configure({ mode: "serial" });

async function sandboxApi(request: APIRequestContext, path: string, body: unknown = {}) {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body });
  expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

test.beforeAll(async ({ request }) => {
  // A hook gets the project timeout (30 s) unless it sets its own; driving a setup takes about that long under load.
  test.setTimeout(180_000);
  await sandboxApi(request, "/_sandbox/reset");
  await sandboxApi(request, "/_sandbox/aws/settings", { asyncDelayMs: 20 });
  await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 100, cycleIntervalMs: 3_600_000 });
  const drive = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/support/sign-in-setup.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      IB_MODE: "sandbox",
      SANDBOX_URL,
      IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    encoding: "utf8",
    timeout: 180_000,
  });
  expect(drive.status, drive.stderr).toBe(0);
  appId = /appId=(\S+)/.exec(drive.stdout)?.[1] ?? "";
  expect(appId).not.toBe("");
});

const card = (page: Page) => page.locator("#step-test-sign-in");

/** Starts a test for `upn` on the card, then signs in as them in a new tab; returns that tab on the page AWS or Entra ended on. */
async function startAndSignIn(page: Page, upn: string): Promise<Page> {
  const step = card(page);
  await step.getByLabel("User in scope").fill(upn);
  await step.getByRole("button", { name: "Start test sign-in" }).click();
  await expect(step.getByTestId("test-sign-in-watch")).toContainText(`Watching for ${upn}'s sign-in`);
  // The user's own tab: the portal never sees what they type.
  const [tab] = await Promise.all([page.context().waitForEvent("page"), step.getByTestId("test-sign-in-start-url").click()]);
  await tab.locator(`button[data-upn="${upn}"]`).click();
  await tab.waitForLoadState();
  return tab;
}

test("a user signs in through the sandbox: the Test sign-in step turns green from the evidence, and the helpdesk shows Last sign-in", async ({ page }) => {
  await signIn(page, "admin", "/setup");
  await expect(page.getByText("16 of 17 steps done")).toBeVisible();
  const tab = await startAndSignIn(page, JANE);
  // AWS's access portal, listing exactly what her group was given in the member accounts.
  await expect(tab.locator("#signed-in-as")).toHaveAttribute("data-user-name", JANE);
  await expect(tab.getByText("ProjectUser").first()).toBeVisible();
  await expect(tab.getByText("ProjectAdmin")).toHaveCount(0);
  await tab.close();
  // Nobody clicks "check": the card's watcher sees the attempt and the page re-renders.
  await expect(card(page).locator("header").getByText("Done", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("17 of 17 steps done")).toBeVisible();
  await expect(card(page)).toContainText("Entra issued the SAML response and AWS accepted it");

  await page.goto("/helpdesk");
  await page.getByRole("textbox", { name: "User" }).fill("jane doe");
  await page.getByRole("button", { name: `Check ${JANE}` }).click();
  await expect(page).toHaveURL(/\/helpdesk\/d\/[2-9a-z]{8}$/);
  const last = page.getByTestId("check-last-sign-in");
  await expect(last).toHaveAttribute("data-status", "pass");
  await expect(last).toContainText("Last sign-in");
  await expect(last).toContainText(`AWS: UserAuthentication success as ${JANE}`);
  await expect(page.getByTestId("check-portal")).toContainText("Signed in to AWS at");
});

test("a user not assigned to the app is stopped by Entra, and the step names it", async ({ page }) => {
  await signIn(page, "admin", "/setup");
  const tab = await startAndSignIn(page, NICK);
  await expect(tab.locator("#error")).toHaveAttribute("data-code", "AADSTS50105");
  await tab.close();
  await expect(card(page).getByText(/could not sign in .*not assigned to the AWS app.*AADSTS50105/)).toBeVisible({ timeout: 60_000 });
});

test("a NameID that is not the AWS user name ends on AWS's error page, and the step names both names", async ({ page, request }) => {
  await sandboxApi(request, "/_sandbox/entra/saml-claims", { appId, nameIdSource: "user.mail" });
  try {
    await signIn(page, "admin", "/setup");
    const tab = await startAndSignIn(page, PRIYA);
    await expect(tab).toHaveTitle("An unexpected error has occurred");
    await tab.close();
    await expect(card(page).getByText(/AWS has no user named p\.patel@contoso\.com/)).toBeVisible({ timeout: 60_000 });
  } finally {
    await sandboxApi(request, "/_sandbox/entra/saml-claims", { appId, nameIdSource: "user.userprincipalname" });
  }
});
