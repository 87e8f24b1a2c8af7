import { spawnSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, signIn, test } from "./fixtures";

// The legacy per-account mode (Microsoft's "AWS Single-Account Access" tutorial) as an admin following the screen:
// choose the mode, then every step the portal builds, then all of it again, which changes nothing.
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const ACCOUNT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
/** The account the second app is added for (one app per account). */
const THIRD = SANDBOX.aws.memberAccountIds[1] ?? "";
const JANE = "jane.doe@contoso-sandbox.onmicrosoft.com";

test.setTimeout(240_000);

async function sandboxApi(request: APIRequestContext, path: string, body?: unknown) {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body ?? {} });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
}

const card = (page: Page, id: string) => page.locator(`#step-${id}`);

async function expectDone(step: Locator) {
  await expect(step.locator("header").getByText("Done", { exact: true })).toBeVisible({ timeout: 60_000 });
}

async function runStep(page: Page, id: string, button: string) {
  const step = card(page, id);
  await step.getByRole("button", { name: button }).click();
  await expect(step.getByRole("status").or(step.getByText(/done and verified|verified\./)).first()).toBeVisible({ timeout: 60_000 });
  await expectDone(step);
}

async function preview(page: Page, id: string, line: RegExp) {
  const step = card(page, id);
  await step.getByRole("button", { name: "Preview changes" }).click();
  await expect(step.getByText(line).first()).toBeVisible({ timeout: 30_000 });
}

test.afterAll(() => {
  // The federations go back to not existing: the Identity Center spec sets up the default one from scratch.
  for (const federationId of ["default", `legacy-${THIRD}`]) {
    const forget = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/support/forget-federation.ts", federationId], {
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(forget.status, forget.stderr).toBe(0);
  }
});

test("an admin sets up the legacy per-account mode for two accounts by following the screen, and running it again changes nothing", async ({ page, request }) => {
  await sandboxApi(request, "/_sandbox/reset");
  await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 1_000 });
  await signIn(page, "admin", "/setup");

  // Creating the federation asks how: Identity Center is recommended, the legacy mode says what it costs.
  const choice = page.getByRole("region", { name: "How should Entra ID federate with AWS?" });
  await expect(choice.getByText("Recommended")).toBeVisible();
  await expect(choice.getByText(/Long-lived IAM access keys/)).toBeVisible();
  await expect(choice.getByText(/One enterprise app per AWS account/)).toBeVisible();
  await choice.screenshot({ path: "test-results/legacy-mode-choice.png" });
  await choice.getByRole("button", { name: "Use Legacy per-account (AWS Single-Account Access)" }).click();
  // (Its card checks the preflight by itself while it is the open one, so it may already say "done and verified".)
  await expect(card(page, "connect").getByRole("heading", { name: /Connect to Entra ID and AWS \(legacy per-account mode\)/ })).toBeVisible();
  await expect(card(page, "enable-instance")).toHaveCount(0);

  await card(page, "connect").getByText("What to grant the portal").click();
  await expect(card(page, "connect").getByText("Policy.ReadWrite.ApplicationConfiguration", { exact: true })).toBeVisible();
  await runStep(page, "connect", "Verify again");

  await preview(page, "gallery-app", /Create the enterprise app "AWS Single-Account Access"/);
  await runStep(page, "gallery-app", "Create or adopt the app");

  // SessionDuration outside 900–43,200 seconds is refused beside the field, before anything changes.
  const saml = card(page, "legacy-saml");
  await saml.getByLabel("SessionDuration (seconds)").fill("600");
  await saml.getByRole("button", { name: "Run this step" }).click();
  await expect(saml.getByText("at least 900 seconds (15 minutes)", { exact: true })).toBeVisible();
  await saml.getByLabel("SessionDuration (seconds)").fill("3600");
  await preview(page, "legacy-saml", /Claim Role: \(not sent\) → user\.assignedroles/);
  await runStep(page, "legacy-saml", "Run this step");
  await runStep(page, "legacy-certificate", "Run this step");

  // Two accounts: the management account directly, a member account through OrganizationAccountAccessRole.
  const providers = card(page, "iam-saml-provider");
  await providers.getByLabel(/Member accounts/).fill(MEMBER);
  await preview(page, "iam-saml-provider", new RegExp(`Account ${ACCOUNT} \\(management account\\): create the SAML provider "EntraID"`));
  await expect(providers.getByText(new RegExp(`Account ${MEMBER} \\(through OrganizationAccountAccessRole\\): create the SAML provider`))).toBeVisible();
  await runStep(page, "iam-saml-provider", "Create or update the providers");

  // The roles are previewed as the exact trust policy.
  await preview(page, "iam-roles", /"Action": "sts:AssumeRoleWithSAML"/);
  await expect(card(page, "iam-roles").getByText(/"SAML:aud": "https:\/\/signin\.aws\.amazon\.com\/saml"/).first()).toBeVisible();
  await expect(card(page, "iam-roles").getByText(new RegExp(`Account ${MEMBER}, role EntraReadOnly: create under /entra-saml/`))).toBeVisible();
  await runStep(page, "iam-roles", "Create or update the roles");

  await preview(page, "role-import", /Create an access key for EntraRoleManager and store it encrypted/);
  await runStep(page, "role-import", "Set up the role import");
  await expect(card(page, "role-import").getByText(new RegExp(`role/entra-saml/EntraReadOnly,arn:aws:iam::${ACCOUNT}:saml-provider/EntraID`)).first()).toBeVisible();

  const assign = card(page, "role-assignments");
  await assign.getByLabel(/Assignments/).fill("jane.doe@contoso-sandbox.onmicrosoft.com: EntraReadOnly\nProject Admins: EntraAdministrator");
  await runStep(page, "role-assignments", "Assign");

  // Test sign-in: Jane opens the app from My Apps in her own tab, picks her role, lands in the console; the card's
  // watcher sees Entra's sign-in log and CloudTrail's AssumeRoleWithSAML and turns the step green.
  const signInCard = card(page, "test-sign-in");
  await signInCard.getByLabel("User in scope").fill(JANE);
  await signInCard.getByRole("button", { name: "Start test sign-in" }).click();
  await expect(signInCard.getByTestId("test-sign-in-watch")).toContainText(`Watching for ${JANE}'s sign-in`);
  const [tab] = await Promise.all([page.context().waitForEvent("page"), signInCard.getByTestId("test-sign-in-start-url").click()]);
  await tab.locator(`button[data-upn="${JANE}"]`).click();
  const chooser = tab.getByRole("heading", { name: "Select a role:" });
  const consoleIdentity = tab.getByTestId("aws-console-identity");
  await expect(chooser.or(consoleIdentity)).toBeVisible({ timeout: 30_000 });
  if (await chooser.isVisible()) {
    await tab.locator(`input[value="arn:aws:iam::${ACCOUNT}:role/entra-saml/EntraReadOnly"]`).check();
    await tab.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(consoleIdentity).toContainText(`EntraReadOnly/${JANE}`);
  await tab.close();
  await expectDone(signInCard);
  await expect(signInCard).toContainText("AssumeRoleWithSAML");

  // Again, every step: the previews say nothing changes and every step stays done.
  await page.reload();
  await preview(page, "legacy-saml", /Claims: kept/);
  await preview(page, "iam-saml-provider", /no change/);
  await preview(page, "iam-roles", /trust policy kept/);
  await preview(page, "role-import", /Access key: kept/);
  for (const [id, button] of [
    ["gallery-app", "Create or adopt the app"],
    ["legacy-saml", "Run this step"],
    ["legacy-certificate", "Run this step"],
    ["iam-saml-provider", "Create or update the providers"],
    ["iam-roles", "Create or update the roles"],
    ["role-import", "Set up the role import"],
    ["role-assignments", "Assign"],
  ] as const)
    await runStep(page, id, button);
  await expect(page.getByText(/This federation follows the Legacy per-account/)).toBeVisible();

  // A way out: the proposal for IAM Identity Center, read from live state when asked, changing nothing.
  await page.getByRole("link", { name: "Moving to IAM Identity Center" }).click();
  await expect(page).toHaveURL(/\/setup\/moving-to-identity-center$/);
  await page.getByRole("button", { name: "Read live state and propose" }).click();
  const summary = page.getByTestId("move-summary");
  await expect(summary).toContainText("2permission sets proposed", { timeout: 30_000 });
  await expect(summary).toContainText("2account assignments proposed");
  const sets = page.locator("section", { has: page.getByRole("heading", { name: "Permission sets" }) });
  await expect(sets.getByRole("cell", { name: "EntraReadOnly", exact: true })).toBeVisible();
  await expect(sets.getByText("ReadOnlyAccess", { exact: true })).toBeVisible();
  const assignments = page.locator("section", { has: page.getByRole("heading", { name: "Account assignments" }) });
  await expect(assignments.getByRole("row", { name: /Group Project Admins .* EntraAdministrator/ })).toContainText(ACCOUNT);
  await expect(assignments.getByRole("row", { name: /User Jane Doe .* EntraReadOnly/ })).toBeVisible();
  const accessibility = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(accessibility.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});

test("a further account gets its own app: added from the Federations list, its own checklist, instance and role import, both listed together", async ({ page }) => {
  await signIn(page, "admin", "/setup");
  const list = page.getByTestId("federations");
  await expect(list.getByTestId("federation-default")).toContainText("AWS Single-Account Access");
  await expect(list.getByTestId("federation-default")).toContainText("9 of 9");

  // The member account is the first app's (its step 4 reaches it): refused beside the field, nothing added.
  const account = page.getByLabel("AWS account ID");
  await account.fill(MEMBER);
  await page.getByRole("button", { name: "Add the app" }).click();
  await expect(page.getByText(`Account ${MEMBER} is already reached by the app of federation "default"`, { exact: false }).first()).toBeVisible();
  await account.fill(THIRD);
  await page.getByRole("button", { name: "Add the app" }).click();
  await page.waitForURL(`**/setup?federation=legacy-${THIRD}`);
  await expect(page.getByTestId("federation-target")).toContainText(`AWS account ${THIRD} (instance #2)`);
  await expect(card(page, "iam-saml-provider").getByLabel(/Member accounts/)).toHaveCount(0);

  // One click runs its portal steps up to the assignments, which need a choice: its app, instance #2, its provider,
  // roles and role import in that account.
  const run = page.getByTestId("run-automated");
  await run.getByRole("button", { name: /^Run these \d+ steps$/ }).click({ timeout: 60_000 });
  await expectDone(card(page, "role-import"));
  await expect(card(page, "role-import").getByText(new RegExp(`arn:aws:iam::${THIRD}:role/entra-saml/EntraReadOnly,arn:aws:iam::${THIRD}:saml-provider/EntraID`)).first()).toBeVisible();
  await expect(card(page, "legacy-saml").getByText("https://signin.aws.amazon.com/saml#2").first()).toBeVisible();

  // Listed together, each with its progress, certificate and key.
  const second = list.getByTestId(`federation-legacy-${THIRD}`);
  await expect(second).toContainText(`AWS Single-Account Access (${THIRD}) #2`);
  await expect(second).toContainText("7 of 9");
  await expect(second).toContainText(/\d+ days left/);
  await expect(second).toContainText(/rotate within 36\d days/);
  const serious = (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary ?? ""})`).join("; ")}`)).toEqual([]);

  // The status page shows each app's role import; an unknown federation is not found.
  await page.goto(`/provisioning?federation=legacy-${THIRD}`);
  await expect(page.getByTestId("federation-switcher")).toBeVisible();
  await expect(page.getByTestId("legacy-role-import")).toContainText(`2 roles imported`);
  await expect(page.getByTestId("legacy-role-import")).toContainText(THIRD);
  // Its role-import job is read live, like a provisioning job: the job's health, its cycles and the roles it imported.
  await expect(page.getByRole("heading", { name: "Role-import job" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Role import log" })).toBeVisible();
  await expect(page.locator("#log")).toContainText("EntraReadOnly", { timeout: 20_000 });
  await page.goto("/setup?federation=legacy-000000000000");
  await expect(page.getByRole("heading", { name: "Not found in Setup" })).toBeVisible();
  await page.goto("/provisioning?federation=not%20an%20id");
  await expect(page.getByRole("heading", { name: /^Not found in / })).toBeVisible();
});
