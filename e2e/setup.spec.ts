import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { GetUserIdCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import fs from "node:fs";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, signIn, test } from "./fixtures";

// The whole Identity Center setup on a fresh sandbox, as an admin following the screen. Console-only
// AWS steps are done the way a person would in the sandbox: through its console admin API.
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const USER = "jane.doe@contoso-sandbox.onmicrosoft.com";
const aws = {
  endpoint: `${SANDBOX_URL}/aws`,
  region: SANDBOX.aws.region,
  credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
};

test.setTimeout(240_000);

async function sandboxApi<T = unknown>(request: APIRequestContext, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = method === "GET" ? await request.get(`${SANDBOX_URL}${path}`) : await request.post(`${SANDBOX_URL}${path}`, { data: body ?? {} });
  expect(response.ok(), `${method} ${path}: ${response.status()}`).toBe(true);
  const text = await response.text();
  return (text.startsWith("{") ? JSON.parse(text) : text) as T;
}

const card = (page: Page, id: string) => page.locator(`#step-${id}`);

async function expectDone(step: Locator) {
  await expect(step.getByRole("banner").or(step.locator("header")).getByText("Done", { exact: true })).toBeVisible({ timeout: 60_000 });
}

async function runStep(page: Page, id: string, button: string) {
  const step = card(page, id);
  await step.getByRole("button", { name: button }).click();
  await expectDone(step);
}

test("an admin completes the whole Identity Center setup by following the screen", async ({ page, request }) => {
  // Fresh sandbox, with the waits shortened so the run takes seconds, not minutes.
  await sandboxApi(request, "POST", "/_sandbox/reset");
  await sandboxApi(request, "POST", "/_sandbox/aws/settings", { asyncDelayMs: 300 });
  await sandboxApi(request, "POST", "/_sandbox/entra/config", { replicationDelayMs: 1_500 });

  await signIn(page, "admin", "/setup");
  await expect(page.getByRole("heading", { name: "Setup", level: 1 })).toBeVisible();

  // Step 0 offers exactly what to grant, as files.
  const connect = card(page, "connect");
  await connect.getByText("What to grant the portal").click();
  const [policy] = await Promise.all([page.waitForEvent("download"), connect.getByRole("button", { name: "Download IAM policy JSON" }).click()]);
  const document = JSON.parse(fs.readFileSync(await policy.path(), "utf8")) as { Version: string; Statement: { Action: string[] }[] };
  expect(document.Version).toBe("2012-10-17");
  expect(document.Statement.flatMap((s) => s.Action)).toContain("sso:CreatePermissionSet");
  await runStep(page, "connect", "Verify again");

  await sandboxApi(request, "POST", "/_sandbox/aws/instance/enable");
  await runStep(page, "enable-instance", "I did it, check now");

  const app = card(page, "gallery-app");
  await app.getByRole("button", { name: "Preview changes" }).click();
  await expect(app.getByText(/Create the enterprise app "AWS IAM Identity Center"/)).toBeVisible();
  await runStep(page, "gallery-app", "Create or adopt the app");
  await runStep(page, "saml-mode", "Run this step");

  // Step 4: download the AWS SP metadata in the (sandbox) console, drop it into the portal.
  const spXml = await sandboxApi<string>(request, "GET", "/_sandbox/aws/sp-metadata");
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/aws-sp-metadata.xml", spXml);
  const metadataStep = card(page, "aws-metadata");
  // Before the switch: the identity store's users and groups, and what the switch does to each (seed 003).
  const inventory = metadataStep.getByTestId("identity-source-inventory");
  await expect(inventory.getByTestId("inventory-row").filter({ hasText: "breakglass.admin" })).toHaveAttribute("data-effect", "stops-working");
  await expect(inventory.getByTestId("inventory-row").filter({ hasText: "AWSControlTowerAdmins" })).toHaveAttribute("data-origin", "control-tower");
  await metadataStep.getByLabel("AWS SAML metadata file", { exact: true }).setInputFiles("test-results/aws-sp-metadata.xml");
  await metadataStep.getByRole("button", { name: "Use this file" }).click();
  await runStep(page, "aws-metadata", "Use this metadata");

  await runStep(page, "basic-saml", "Run this step");
  await runStep(page, "federation-metadata", "Run this step");

  // Step 7: download Entra's metadata from the portal, upload it in the AWS console, type ACCEPT.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    card(page, "federation-metadata").getByRole("button", { name: "Download Federation Metadata XML" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xml$/);
  const idpXml = fs.readFileSync(await download.path(), "utf8");
  await sandboxApi(request, "POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml: idpXml, confirm: "ACCEPT" });
  await runStep(page, "idp-metadata-upload", "I did it, check now");

  // Step 8: enable automatic provisioning in AWS, paste endpoint and token.
  const scim = await sandboxApi<{ scimEndpoint: string; token: { accessToken: string } }>(request, "POST", "/_sandbox/aws/provisioning/enable");
  const scimStep = card(page, "scim-endpoint");
  await scimStep.getByRole("textbox", { name: "SCIM endpoint", exact: true }).fill(scim.scimEndpoint);
  await scimStep.locator("label", { hasText: "Access token" }).locator("input").fill(scim.token.accessToken);
  await runStep(page, "scim-endpoint", "Check and save the token");
  await expect(page.getByText(scim.token.accessToken)).toHaveCount(0);

  // Entra's accidental-deletion prevention: on, with Entra's default threshold unless the admin picks another.
  const credentialsStep = card(page, "provisioning-credentials");
  await expect(credentialsStep.getByRole("checkbox", { name: /Hold a cycle that would delete/ })).toBeChecked();
  await expect(credentialsStep.getByRole("spinbutton", { name: /Threshold/ })).toHaveValue("500");
  await credentialsStep.getByRole("spinbutton", { name: /Threshold/ }).fill("40");
  await runStep(page, "provisioning-credentials", "Run this step");
  await runStep(page, "mappings", "Apply and check the mappings");
  await runStep(page, "scope-assignments", "Assign them");
  await runStep(page, "start-provisioning", "Run this step");

  const prove = card(page, "prove-user");
  await prove.getByRole("textbox", { name: "User principal name", exact: true }).fill(USER);
  await runStep(page, "prove-user", "Provision on demand");
  // Before any change, a preview of what will change.
  const setsCard = card(page, "permission-sets");
  await setsCard.getByRole("button", { name: "Preview changes" }).click();
  await expect(setsCard.getByText("Running this step would:")).toBeVisible();
  await expect(setsCard.getByText(/ProjectAdmin: create/)).toBeVisible();
  await runStep(page, "permission-sets", "Create and provision permission sets");

  // Step 15: each project group gets its permission set in every member account (proposed in sandbox mode).
  const accessCard = card(page, "account-access");
  await expect(accessCard.getByRole("combobox", { name: "Project Admins permission set" })).toHaveValue("ProjectAdmin");
  await expect(accessCard.getByRole("textbox", { name: "Project Readers accounts" })).toHaveValue(SANDBOX.aws.memberAccountIds.join(", "));
  await accessCard.getByRole("button", { name: "Preview changes" }).click();
  await expect(accessCard.getByText(/Project Admins → ProjectAdmin: create in 2 account\(s\)/)).toBeVisible();
  await expect(accessCard.getByText("No assignment is removed.")).toBeVisible();
  await runStep(page, "account-access", "Give access");
  // The assignment job's progress, pushed over server-sent events: a settled bar, every operation done.
  const progress = accessCard.getByTestId("aws-job-progress");
  await expect(progress).toHaveAttribute("data-status", "succeeded");
  await expect(progress.getByTestId("aws-job-counts")).toHaveText("6 of 6 done");
  await expect(progress.locator("progress")).toHaveAttribute("value", "6");
  await expect(accessCard.getByRole("link", { name: "Go to Access" })).toHaveAttribute("href", "/access");

  // The last step, Test sign-in, is e2e/sign-in.spec.ts's.
  await expect(page.getByText(`${16} of 17 steps done`)).toBeVisible();

  // The result, asserted through the AWS SDK rather than the UI.
  const ids = new IdentitystoreClient(aws);
  const userId = await ids.send(
    new GetUserIdCommand({
      IdentityStoreId: SANDBOX.aws.identityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: USER } },
    }),
  );
  expect(userId.UserId).toBeTruthy();
  const sso = new SSOAdminClient(aws);
  const instanceArn = SANDBOX.aws.instanceArn;
  const arns = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn }))).PermissionSets ?? [];
  const sets = new Map<string, string[]>();
  const projectSets: string[] = [];
  for (const arn of arns) {
    const described = await sso.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    if (described.PermissionSet?.Name?.startsWith("Project")) projectSets.push(arn);
    const policies = await sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    sets.set(
      described.PermissionSet?.Name ?? "",
      (policies.AttachedManagedPolicies ?? []).map((p) => p.Arn ?? ""),
    );
  }
  expect(sets.get("ProjectAdmin")).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess"]);
  expect(sets.get("ProjectUser")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
  expect(sets.get("ProjectReader")).toEqual(["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]);
  const statuses = (await sso.send(new ListPermissionSetProvisioningStatusCommand({ InstanceArn: instanceArn }))).PermissionSetsProvisioningStatus ?? [];
  expect(statuses.length).toBeGreaterThanOrEqual(3);
  expect(statuses.every((s) => s.Status === "SUCCEEDED")).toBe(true);
  // Each project group holds its permission set in each member account (step 15).
  expect(projectSets).toHaveLength(3);
  for (const arn of projectSets)
    for (const accountId of SANDBOX.aws.memberAccountIds) {
      const held = (await sso.send(new ListAccountAssignmentsCommand({ InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: arn }))).AccountAssignments ?? [];
      expect(held.filter((a) => a.PrincipalType === "GROUP"), `${arn} in ${accountId}`).toHaveLength(1);
    }

  // The status page states the accidental-deletion threshold chosen in step 9 (once the poller has read the job).
  await page.goto("/provisioning");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("deletion-threshold")).toContainText("more than 40 users and groups", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
