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
import { ActionCounter } from "./support/action-count";

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

const runPanel = (page: Page) => page.getByTestId("run-automated");

/** "Run automated steps": the batch's previews are shown, one click runs them all. */
async function runAutomated(page: Page, actions: ActionCounter, ids: string[]) {
  const panel = runPanel(page);
  const button = panel.getByRole("button", { name: `Run these ${ids.length} step${ids.length === 1 ? "" : "s"}` });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await expect(panel.getByText("Reading what it would change…")).toHaveCount(0);
  await actions.click(button, `run ${ids.join(", ")}`);
  for (const id of ids) await expectDone(card(page, id));
}

test("step 0 offers exactly what to grant the portal, as files", async ({ page, request }) => {
  await sandboxApi(request, "POST", "/_sandbox/reset");
  await signIn(page, "admin", "/setup");
  const connect = card(page, "connect");
  await connect.getByText("What to grant the portal").click();
  const [policy] = await Promise.all([page.waitForEvent("download"), connect.getByRole("button", { name: "Download IAM policy JSON" }).click()]);
  const document = JSON.parse(fs.readFileSync(await policy.path(), "utf8")) as { Version: string; Statement: { Action: string[] }[] };
  expect(document.Version).toBe("2012-10-17");
  expect(document.Statement.flatMap((s) => s.Action)).toContain("sso:CreatePermissionSet");
});

test("an admin completes the whole Identity Center setup by following the screen, counting every action", async ({ page, request }) => {
  const actions = new ActionCounter();
  // Fresh sandbox, with the waits shortened so the run takes seconds, not minutes (long enough to see progress).
  await sandboxApi(request, "POST", "/_sandbox/reset");
  await sandboxApi(request, "POST", "/_sandbox/aws/settings", { asyncDelayMs: 1_500 });
  await sandboxApi(request, "POST", "/_sandbox/entra/config", { replicationDelayMs: 1_500 });

  await signIn(page, "admin", "/setup");
  await expect(page.getByRole("heading", { name: "Setup", level: 1 })).toBeVisible();

  // Step 0 is a check: its card, open first, checks by itself. Step 1 is done in the AWS console: its card watches
  // for the instance and completes the step once it appears — no "I did it" click.
  await expectDone(card(page, "connect"));
  await expect(page.getByTestId("watching-enable-instance")).toBeVisible();
  await actions.inConsole("enable IAM Identity Center", () => sandboxApi(request, "POST", "/_sandbox/aws/instance/enable"));
  await expectDone(card(page, "enable-instance"));

  // The next automated steps, each previewed first, run with one click; the run stops at the metadata file.
  await expect(runPanel(page).getByText(/Create the enterprise app "AWS IAM Identity Center"/)).toBeVisible({ timeout: 30_000 });
  await runAutomated(page, actions, ["gallery-app", "saml-mode"]);

  // Step 4: download the AWS SP metadata in the (sandbox) console, drop it into the portal: used once it passes the check.
  const spXml = await actions.inConsole("download the IAM Identity Center SAML metadata file", () => sandboxApi<string>(request, "GET", "/_sandbox/aws/sp-metadata"));
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/aws-sp-metadata.xml", spXml);
  const metadataStep = card(page, "aws-metadata");
  // Before the switch: the identity store's users and groups, and what the switch does to each (seed 003).
  const inventory = metadataStep.getByTestId("identity-source-inventory");
  await expect(inventory.getByTestId("inventory-row").filter({ hasText: "breakglass.admin" })).toHaveAttribute("data-effect", "stops-working");
  await expect(inventory.getByTestId("inventory-row").filter({ hasText: "AWSControlTowerAdmins" })).toHaveAttribute("data-origin", "control-tower");
  await actions.setInputFiles(metadataStep.getByLabel("AWS SAML metadata file", { exact: true }), "test-results/aws-sp-metadata.xml", "AWS SAML metadata");
  await expectDone(metadataStep);

  await runAutomated(page, actions, ["basic-saml", "federation-metadata"]);

  // Step 7: download Entra's metadata from the portal, upload it in the AWS console, type ACCEPT; the card watches.
  const download = await actions.download(
    page,
    card(page, "federation-metadata").getByRole("button", { name: "Download Federation Metadata XML" }),
    "Federation Metadata XML",
  );
  expect(download.suggestedFilename()).toMatch(/\.xml$/);
  const idpXml = fs.readFileSync(await download.path(), "utf8");
  await actions.inConsole("upload the IdP metadata and type ACCEPT", () =>
    sandboxApi(request, "POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml: idpXml, confirm: "ACCEPT" }),
  );
  await expectDone(card(page, "idp-metadata-upload"));

  // Step 8: enable automatic provisioning in AWS, paste token and endpoint (either order): checked once both are there.
  const scim = await actions.inConsole("enable automatic provisioning, copy the endpoint and token", () =>
    sandboxApi<{ scimEndpoint: string; token: { accessToken: string } }>(request, "POST", "/_sandbox/aws/provisioning/enable"),
  );
  const scimStep = card(page, "scim-endpoint");
  await actions.fill(scimStep.locator("label", { hasText: "Access token" }).locator("input"), scim.token.accessToken, "SCIM access token");
  await actions.fill(scimStep.getByRole("textbox", { name: "SCIM endpoint", exact: true }), scim.scimEndpoint, "SCIM endpoint");
  await expectDone(scimStep);
  await expect(page.getByText(scim.token.accessToken)).toHaveCount(0);

  // Entra's accidental-deletion prevention: on, with Entra's default threshold unless the admin picks another.
  const credentialsStep = card(page, "provisioning-credentials");
  await expect(credentialsStep.getByRole("checkbox", { name: /Hold a cycle that would delete/ })).toBeChecked();
  await expect(credentialsStep.getByRole("spinbutton", { name: /Threshold/ })).toHaveValue("500");

  // The rest is the portal's: previewed (the permission sets to create among them), then one click.
  const rest = ["provisioning-credentials", "mappings", "scope-assignments", "start-provisioning", "prove-user", "permission-sets", "account-access"];
  await expect(runPanel(page).getByText(/ProjectAdmin: create/)).toBeVisible({ timeout: 30_000 });
  const button = runPanel(page).getByRole("button", { name: `Run these ${rest.length} steps` });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await actions.click(button, `run ${rest.join(", ")}`);
  // Progress, not a spinner: what permission-set provisioning waits for, the attempt, time elapsed and what is left.
  await expect(page.getByTestId("progress-permission-sets").first()).toContainText(/Waiting for AWS to provision Project\w+ .*elapsed.*permission sets left/, {
    timeout: 90_000,
  });
  for (const id of rest) await expectDone(card(page, id));

  // Step 15: each project group got its permission set in every member account; the job's progress was pushed.
  const accessCard = card(page, "account-access");
  const progress = accessCard.getByTestId("aws-job-progress");
  await expect(progress).toHaveAttribute("data-status", "succeeded");
  await expect(progress.getByTestId("aws-job-counts")).toHaveText("6 of 6 done");
  await expect(progress.locator("progress")).toHaveAttribute("value", "6");
  await expect(accessCard.getByRole("link", { name: "Go to Access" })).toHaveAttribute("href", "/access");

  // The last step, Test sign-in, is e2e/sign-in.spec.ts's (its actions are not in this count).
  await expect(page.getByText(`${16} of 17 steps done`)).toBeVisible();
  // Past the mode choice, a legacy app may be added beside Identity Center: offered folded away, with when to use one.
  const besideIdentityCenter = page.getByTestId("add-legacy-beside-identity-center");
  await expect(besideIdentityCenter.getByText("Add a legacy app for an AWS account that must keep IAM roles")).toBeVisible();
  await expect(besideIdentityCenter.getByLabel("AWS account ID")).toBeHidden();
  actions.save();
  // The whole setup in the portal within the target (docs: issue 18, "Fewest actions").
  expect(actions.portal, actions.log.join("\n")).toBeLessThanOrEqual(8);

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

  // The status page states the accidental-deletion threshold of step 9 (Entra's default, kept) (once the poller has read the job).
  await page.goto("/provisioning");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("deletion-threshold")).toContainText("more than 500 users and groups", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
