import fs from "node:fs";
import { SSOAdminClient, UpdatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { driveSetup, expect, SANDBOX_URL, sandboxApi, signIn, test } from "./fixtures";

// Issue 14, configuration history and drift, as an auditor: record the configuration, pick an as-of date and see
// it, see a change made directly in Entra (outside the portal) reported as drift, here and on the status page. The
// federation is set up outside the browser, on its own id, so it never meets the other specs' data.
const FEDERATION = "e2e-history";
const PAGE = `/audit/configuration?federation=${FEDERATION}`;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

test.setTimeout(180_000);

/** A change another tool makes with the tenant's own credentials: client-credentials token, then Graph. */
async function patchThroughGraph(request: APIRequestContext, path: string, body: unknown) {
  const token = await request.post(`${SANDBOX_URL}/login/${SANDBOX.entra.tenantId}/oauth2/v2.0/token`, {
    form: {
      grant_type: "client_credentials",
      client_id: SANDBOX.entra.portalGraph.clientId,
      client_secret: SANDBOX.entra.portalGraph.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const response = await request.patch(`${SANDBOX_URL}/graph/v1.0${path}`, { headers: { authorization: `Bearer ${access_token}` }, data: body });
  expect(response.ok(), `PATCH ${path}: ${response.status()}`).toBe(true);
}

async function axeSerious(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

/** The value of one field in the as-of view's section. */
const fieldValue = (page: Page, section: string, name: string) =>
  page
    .getByRole("region", { name: section })
    .locator("div", { has: page.locator("dt", { hasText: new RegExp(`^${name.replace(/[[\].]/g, "\\$&")}$`) }) })
    .locator("dd");

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  const request = await playwright.request.newContext();
  try {
    await sandboxApi(request, "/_sandbox/reset");
    await sandboxApi(request, "/_sandbox/aws/settings", { asyncDelayMs: 50 });
    await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 300, cycleIntervalMs: 3_600_000 });
    driveSetup(FEDERATION);
  } finally {
    await request.dispose();
  }
});

test("an auditor records the configuration, picks an as-of date, and sees a change made outside the portal as drift", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "auditor", "/audit");
  await expect(page.getByRole("link", { name: "Configuration history" })).toHaveAttribute("href", "/audit/configuration");
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Audit — configuration history" })).toBeVisible();

  // Record now (the daily record may already have taken the first version: then this confirms it).
  await page.getByRole("button", { name: "Take a snapshot now" }).click();
  await expect(page.getByText(/Recorded version #\d+|Nothing changed since version #\d+/)).toBeVisible({ timeout: 60_000 });

  // As of a date and time after that record (to the next whole second, UTC): the configuration as it was.
  const asOf = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
  await page.waitForTimeout(Math.max(0, asOf.getTime() - Date.now() + 50));
  const asOfValue = asOf.toISOString().slice(0, 19);
  const asOfForm = page.getByRole("region", { name: "As of a date and time" });
  await asOfForm.getByLabel("Date and time (UTC)").fill(asOfValue);
  await asOfForm.getByRole("button", { name: "Show configuration" }).click();
  // Chromium's datetime-local leaves ":00" seconds out of the submitted value (the page reads "15:52" as 15:52:00).
  const [day, clock = ""] = asOfValue.split("T");
  const [hour, minute, second] = clock.split(":");
  const colon = "(%3A|:)";
  await expect(page).toHaveURL(new RegExp(`at=${day}T${hour}${colon}${minute}${second === "00" ? `(${colon}00)?` : `${colon}${second}`}(&|$)`));
  await expect(page.getByTestId("as-of-version")).toContainText(`As of ${asOfValue.replace("T", " ")} UTC: version #`);
  const recordedReplyUrl = (await fieldValue(page, "Entra application (SAML)", "replyUrls").textContent()) ?? "";
  const applicationObjectId = (await fieldValue(page, "Entra application (SAML)", "applicationObjectId").textContent()) ?? "";
  expect(recordedReplyUrl).toMatch(/^https:\/\//);
  expect(applicationObjectId).not.toBe("");
  const permissionSetArn = (await fieldValue(page, "Permission sets and their policies", "ProjectAdmin.permissionSetArn").textContent()) ?? "";
  const sessionDuration = (await fieldValue(page, "Permission sets and their policies", "ProjectAdmin.sessionDuration").textContent()) ?? "";
  expect(permissionSetArn).toMatch(/^arn:aws:sso:::permissionSet\//);
  await expect(page.getByRole("region", { name: "Permission sets and their policies" })).toContainText("managedPolicyArns");
  await expect(page.getByRole("region", { name: "AWS groups and their members" })).toContainText(/member/);
  expect(await axeSerious(page)).toEqual([]);

  // That version as Terraform: the .tf downloads (from a signed link the audited POST returned), the Graph JSON beside it.
  const [tf] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export as Terraform" }).click()]);
  expect(tf.suggestedFilename()).toMatch(/^configuration-\d+-[0-9TZ-]+\.tf$/);
  const hcl = fs.readFileSync(await tf.path(), "utf8");
  expect(hcl).toContain(`redirect_uris = ["${recordedReplyUrl.split(", ")[0]}"`);
  expect(hcl).toContain(`id = "${permissionSetArn},${SANDBOX.aws.instanceArn}"`);
  expect(hcl).toContain('name = "ProjectAdmin"');
  const [graphJson] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Graph JSON" }).click()]);
  const graph = JSON.parse(fs.readFileSync(await graphJson.path(), "utf8"));
  expect(graph).toMatchObject({ federation: FEDERATION, format: "identity-bridge.graph-config.v1" });

  // Every version up to then, as NDJSON.
  const exportVersions = page.getByRole("region", { name: "Export versions" });
  await exportVersions.getByLabel("From (UTC)").fill("2020-01-01T00:00:00");
  await exportVersions.getByLabel("To (UTC)").fill(asOfValue);
  const [ndjson] = await Promise.all([page.waitForEvent("download"), exportVersions.getByRole("button", { name: "Export versions (NDJSON)" }).click()]);
  const exportedLines = fs
    .readFileSync(await ndjson.path(), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; count?: number });
  expect(exportedLines[0]?.type).toBe("header");
  expect(exportedLines.at(-1)).toEqual({ type: "end", count: exportedLines.length - 2 });
  expect(exportedLines.length).toBeGreaterThan(2);

  // Someone changes the reply URL directly in Entra, and a permission set's session duration in AWS, not through the portal.
  const changedUrl = `${recordedReplyUrl.split(",")[0]}?changed-outside=1`;
  await patchThroughGraph(request, `/applications/${applicationObjectId}`, { web: { redirectUris: [changedUrl] } });
  const sso = new SSOAdminClient({
    region: SANDBOX.aws.region,
    endpoint: `${SANDBOX_URL}/aws`,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });
  const newDuration = sessionDuration === "PT4H" ? "PT5H" : "PT4H";
  try {
    await sso.send(new UpdatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: permissionSetArn, SessionDuration: newDuration }));
  } finally {
    sso.destroy();
  }

  await page.getByRole("button", { name: "Check drift now" }).click();
  await expect(page.getByText(/\d+ fields? changed outside the portal\./)).toBeVisible({ timeout: 60_000 });
  const drift = page.getByRole("table", { name: "Fields that differ from the recorded configuration" });
  const row = drift.getByRole("row", { name: /entra\.app\.replyUrls\[0\]/ });
  await expect(row).toContainText("Changed");
  await expect(row).toContainText(recordedReplyUrl.split(",")[0] ?? "");
  await expect(row).toContainText(changedUrl);
  // Entra's directory audit says who and when; AWS's change is outside the portal, between the record and the check.
  await expect(row).toContainText(new RegExp(`app ${SANDBOX.entra.portalGraph.clientId}\\), .* UTC \\(Entra audit log: Update application\\)`));
  const awsRow = drift.getByRole("row", { name: /aws\.permissionSets\.ProjectAdmin\.sessionDuration/ });
  await expect(awsRow).toContainText(newDuration);
  await expect(awsRow).toContainText(/Outside the portal, between .* UTC and .* UTC/);

  // The as-of view still shows what was recorded then; the page fits and passes axe with the drift on it.
  await expect(fieldValue(page, "Entra application (SAML)", "replyUrls")).toHaveText(recordedReplyUrl);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  expect(await axeSerious(page)).toEqual([]);

  // The provisioning status page says so too, with a way to the details.
  await page.goto(`/provisioning?federation=${FEDERATION}`);
  await expect(page.getByText(/Configuration drift: \d+ fields? changed outside the portal/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("link", { name: "See what drifted" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit/configuration\\?federation=${FEDERATION}#drift`));
  await expect(page.getByRole("table", { name: "Fields that differ from the recorded configuration" })).toBeVisible();
});
