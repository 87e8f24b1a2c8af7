process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import AxeBuilder from "@axe-core/playwright";
import { CreateGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { CreatePermissionSetCommand, ListPermissionSetsCommand, SSOAdminClient, UpdatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, SANDBOX_URL, sandboxApi, signIn, test } from "./fixtures";

// The Access area against the sandbox's AWS: an identity store with a SCIM-made group (generated-group-1), a group
// made in AWS here (Developers), and the seeded Control Tower group with the break-glass user in it (protected).

test.setTimeout(120_000);
test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await sandboxApi(request, "/_sandbox/reset", { groups: 1, users: 2, accounts: 3, ous: ["Workloads/Prod"] });
  await sandboxApi(request, "/_sandbox/aws/instance/enable");
  const config = {
    region: SANDBOX.aws.region,
    endpoint: `${SANDBOX_URL}/aws`,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  };
  const ids = new IdentitystoreClient(config);
  await ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: "Developers", Description: "made in AWS" }));
  ids.destroy();
  // A new version of the Control Tower permission set, not yet provisioned to the management account.
  const sso = new SSOAdminClient(config);
  const [arn] = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: SANDBOX.aws.instanceArn }))).PermissionSets ?? [];
  await sso.send(new UpdatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: arn, SessionDuration: "PT2H" }));
  // The permission set the bulk and OU rule tests assign.
  await sso.send(new CreatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, Name: "E2EOps" }));
  sso.destroy();
});

test.afterAll(async ({ request }) => {
  // The next spec starts from the sandbox's default state.
  await sandboxApi(request, "/_sandbox/reset");
});

test("an admin adds a user to a group made in AWS; a SCIM-owned group is read-only with the reason", async ({ page }) => {
  await signIn(page, "admin", "/access/groups");
  await expect(page.getByRole("heading", { name: "Access", level: 1 })).toBeVisible();
  const developers = page.getByRole("listitem", { name: "Group Developers" });
  await developers.getByLabel("User name to add to Developers").fill("user1@contoso-sandbox.example");
  await developers.getByRole("button", { name: "Add to group" }).click();
  await expect(developers.getByText("Added user1@contoso-sandbox.example to Developers.")).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("listitem", { name: "Group Developers" }).getByRole("button", { name: "Remove user1@contoso-sandbox.example from Developers" }),
  ).toBeVisible();

  const scim = page.getByRole("listitem", { name: "Group generated-group-1" });
  await expect(scim.getByText("From Entra (SCIM)")).toBeVisible();
  await expect(scim.getByTestId("scim-reason")).toContainText("overwritten on the next provisioning cycle");
  await expect(scim.getByTestId("scim-reason")).toContainText("assign the user to the group there");
  await expect(scim.getByRole("button", { name: "Add to group" })).toHaveCount(0);
  await expect(scim.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});

test("a protected principal cannot be removed: its Remove button is disabled with the reason, and the list shows why", async ({ page }) => {
  await signIn(page, "admin", "/access/groups");
  const admins = page.getByRole("listitem", { name: "Group AWSControlTowerAdmins" });
  await expect(admins.getByText("Protected", { exact: true })).toBeVisible();
  // The server refuses it too (lib/access/access.int.test.ts); the page does not offer a button that can only fail.
  await expect(admins.getByRole("button", { name: "Remove breakglass.admin from AWSControlTowerAdmins" })).toBeDisabled();
  await expect(admins.getByTestId("protected-reason")).toContainText("group AWSControlTowerAdmins is protected");
  await expect(admins.getByText("breakglass.admin", { exact: true })).toBeVisible();

  await page.goto("/access/protected");
  await expect(page.getByRole("table", { name: "Protected principals" })).toContainText("AWSSecurityAuditors");
});

test("an admin adds assignments in bulk: preview diff (create, protected refused with the reason), confirm, live progress to done", async ({ page }) => {
  await signIn(page, "admin", "/access");
  const form = page.getByRole("form", { name: "Add or remove assignments in bulk: choose" });
  await form.getByLabel("Accounts or OUs").selectOption([{ label: "OU Workloads/Prod" }]);
  await form.getByLabel("Groups or users").selectOption([{ label: "Developers" }, { label: "AWSSecurityAuditors" }]);
  await form.getByLabel("Permission set").selectOption({ label: "E2EOps" });
  await form.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByTestId("bulk-preview");
  const diff = preview.getByRole("table", { name: "Preview of the change" });
  await expect(diff.locator('tr[data-change="create"]').first()).toContainText("Developers");
  const creates = await diff.locator('tr[data-change="create"]').count();
  expect(creates).toBeGreaterThan(0);
  await expect(diff.locator('tr[data-change="refused"]')).toHaveCount(creates);
  await expect(diff.locator('tr[data-change="refused"]').first()).toContainText("“AWSSecurityAuditors” is a protected principal");
  await expect(preview.getByRole("status").first()).toContainText(`${creates} to create`);

  await preview.getByRole("button", { name: `Confirm: create ${creates}` }).click();
  const job = preview.getByRole("group", { name: /^Job / });
  await expect(job.getByRole("progressbar")).toBeVisible();
  await expect(job.getByTestId("job-line")).toHaveText(`${creates} of ${creates} done`, { timeout: 60_000 });
  await expect(job.getByText("Done", { exact: true })).toBeVisible();

  await page.reload();
  const table = page.getByRole("table", { name: "Account assignments" });
  await expect(table.locator("tr", { hasText: "E2EOps" })).toHaveCount(creates);
  await expect(page.getByRole("region", { name: "Recent assignment jobs" }).getByText("Done", { exact: true }).first()).toBeVisible();
});

test("an OU rule: an account that joins the OU is offered as a diff (never applied silently), and applying runs a job", async ({ page, request }) => {
  await signIn(page, "admin", "/access/rules");
  const add = page.getByRole("form", { name: "Add an OU rule" });
  await add.getByLabel("Every account in").selectOption({ label: "OU Workloads/Prod" });
  await add.getByLabel("gets the group").selectOption({ label: "Developers" });
  await add.getByLabel("with the permission set").selectOption({ label: "E2EOps" });
  await add.getByRole("button", { name: "Add rule" }).click();
  await expect(add.getByRole("status")).toContainText("Rule added: every account in OU Workloads/Prod gets Developers with E2EOps.");
  await page.reload();
  await expect(page.getByRole("table", { name: "OU rules" })).toContainText("Developers");

  // The previous test gave every Workloads/Prod account the assignment: nothing is missing yet.
  await page.goto("/access");
  await expect(page.getByTestId("ou-rules-status")).toContainText("Every account matches the 1 OU rule.");

  await sandboxApi(request, "/_sandbox/aws/accounts", { name: "joined-e2e", parent: "Workloads/Prod" });
  await page.reload();
  const section = page.getByRole("region", { name: "OU rules reconciliation" });
  await expect(section.getByTestId("ou-rules-status")).toContainText("1 to create");
  const diff = section.getByRole("table", { name: "OU rules: missing assignments" });
  await expect(diff.locator("tr[data-change]")).toHaveCount(1);
  await expect(diff.locator('tr[data-change="create"]')).toContainText("joined-e2e");
  await expect(diff.locator('tr[data-change="create"]')).toContainText("Developers");

  await section.getByRole("button", { name: "Create the 1 missing assignment" }).click();
  // When the job ends the page re-reads AWS by itself: the diff is gone and the job is listed as done.
  await expect(page.getByTestId("ou-rules-status")).toContainText("Every account matches the 1 OU rule.", { timeout: 60_000 });
  const recent = page.getByRole("region", { name: "Recent assignment jobs" }).getByRole("group", { name: "Job OU rules: 1 missing assignment" });
  await expect(recent.getByTestId("job-line")).toHaveText("1 of 1 done");
});

test("an admin edits a permission set (session, managed policy), re-provisions it, then removes its assignments as a job and deletes it", async ({ page }) => {
  await signIn(page, "admin", "/access/permission-sets");
  await page.getByRole("link", { name: "Open E2EOps" }).click();
  const edit = page.getByRole("form", { name: "Edit E2EOps" });
  await edit.getByLabel("Session duration (PT1H–PT12H)").fill("PT4H");
  await edit.getByLabel("AWS managed policies (one ARN a line, at most 20)").fill("arn:aws:iam::aws:policy/ReadOnlyAccess");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toContainText("Saved E2EOps: session duration PT1H → PT4H; attach arn:aws:iam::aws:policy/ReadOnlyAccess.");
  await page.reload();
  const provisioning = page.getByTestId("provisioning");
  await expect(provisioning.getByTestId("outdated")).toContainText("Latest version not provisioned");
  await provisioning.getByRole("button", { name: "Re-provision E2EOps" }).click();
  await expect(provisioning.getByRole("status")).toContainText("Provisioned the latest version of E2EOps to every account it is in.", { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId("outdated")).toHaveCount(0);

  // Delete shows the assignments first and is refused while they exist; the removal runs as a previewed job.
  const del = page.getByRole("region", { name: "Delete this permission set" });
  await expect(del).toContainText("deleting is refused while the 4 assignments above exist");
  await del.getByRole("button", { name: "Preview removing these assignments" }).click();
  const preview = del.getByTestId("bulk-preview");
  await expect(preview.locator('tr[data-change="remove"]')).toHaveCount(4);
  await preview.getByRole("button", { name: "Confirm: remove 4" }).click();
  // When the job ends the page re-reads AWS by itself: no assignment left, so the delete button replaces the removal.
  await expect(page.getByRole("heading", { name: "Assignments (0)" })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Delete E2EOps" }).click();
  // The page re-reads AWS after the delete: the set is gone.
  await expect(page.getByRole("main").getByRole("alert")).toContainText("it may have been deleted");
  await page.goto("/access/permission-sets");
  await expect(page.getByRole("table", { name: "Permission sets" })).not.toContainText("E2EOps");
});

test("an outdated permission set shows amber, and the admin re-provisions it to every account", async ({ page }) => {
  await signIn(page, "admin", "/access/permission-sets");
  const row = page.locator('tr[data-permission-set="AWSAdministratorAccess"]');
  await expect(row.getByText("Management: latest version not provisioned")).toBeVisible();
  await row.getByRole("button", { name: "Re-provision AWSAdministratorAccess" }).click();
  await expect(row.getByText("Provisioned the latest version of AWSAdministratorAccess to every account it is in.")).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.locator('tr[data-permission-set="AWSAdministratorAccess"]').getByText("latest version not provisioned")).toHaveCount(0);
});

test("helpdesk reads assignments, memberships and effective access but cannot act", async ({ page }) => {
  await signIn(page, "helpdesk", "/access");
  const table = page.getByRole("table", { name: "Account assignments" });
  await expect(table).toContainText("OU Workloads/Prod");
  await expect(table.getByTestId("management-note")).toContainText("not by a delegated administrator");
  await expect(table).toContainText("AWSControlTowerAdmins");
  // Reads the OU rules' diff and the jobs, acts on none of them.
  await expect(page.getByTestId("ou-rules-status")).toBeVisible();
  await expect(page.getByRole("button", { name: "Preview" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Create the / })).toHaveCount(0);

  await page.goto("/access/groups");
  await expect(page.getByRole("listitem", { name: "Group Developers" })).toContainText("user1@contoso-sandbox.example");
  await expect(page.getByRole("button", { name: "Add to group" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

  await page.goto("/access/effective?user=breakglass.admin");
  const effective = page.getByRole("table", { name: "Effective access" });
  await expect(effective).toContainText("AWSAdministratorAccess");
  await expect(effective).toContainText("group AWSControlTowerAdmins");
  const csv = await page.request.get("/access/effective/csv?user=breakglass.admin");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^user,account_id,.*\r\nbreakglass\.admin,\d{12},Management,AWSAdministratorAccess,/);

  await page.goto("/access/protected");
  await expect(page.getByRole("button", { name: "Protect" })).toHaveCount(0);
  await page.goto("/access/permission-sets");
  await expect(page.getByRole("table", { name: "Permission sets" })).toContainText("AWSAdministratorAccess");
  await expect(page.getByRole("button", { name: /^Re-provision/ })).toHaveCount(0);
});

test("every Access view passes the accessibility check and fits 1,280 px without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "auditor", "/access");
  for (const path of ["/access", "/access/groups", "/access/effective", "/access/permission-sets", "/access/protected", "/access/rules"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Access" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Access views" })).toBeVisible();
    const accessibility = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(accessibility.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(1280);
  }
});
