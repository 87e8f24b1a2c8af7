process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { CreateGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import type { APIRequestContext } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, signIn, test } from "./fixtures";

// The Access area against the sandbox's AWS: an identity store with a SCIM-made group (generated-group-1), a group
// made in AWS here (Developers), and the seeded Control Tower group with the break-glass user in it (protected).
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";

test.setTimeout(120_000);
test.describe.configure({ mode: "serial" });

async function sandboxApi(request: APIRequestContext, path: string, body: unknown = {}) {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body });
  expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
}

test.beforeAll(async ({ request }) => {
  await sandboxApi(request, "/_sandbox/reset", { groups: 1, users: 2, accounts: 3, ous: ["Workloads/Prod"] });
  await sandboxApi(request, "/_sandbox/aws/instance/enable");
  const ids = new IdentitystoreClient({
    region: SANDBOX.aws.region,
    endpoint: `${SANDBOX_URL}/aws`,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });
  await ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: "Developers", Description: "made in AWS" }));
  ids.destroy();
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
  await expect(page.getByRole("listitem", { name: "Group Developers" }).getByRole("button", { name: "Remove user1@contoso-sandbox.example from Developers" })).toBeVisible();

  const scim = page.getByRole("listitem", { name: "Group generated-group-1" });
  await expect(scim.getByText("From Entra (SCIM)")).toBeVisible();
  await expect(scim.getByTestId("scim-reason")).toContainText("overwritten on the next provisioning cycle");
  await expect(scim.getByTestId("scim-reason")).toContainText("assign the user to the group there");
  await expect(scim.getByRole("button", { name: "Add to group" })).toHaveCount(0);
  await expect(scim.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});

test("a protected principal cannot be removed: the refusal says why and nothing changes", async ({ page }) => {
  await signIn(page, "admin", "/access/groups");
  const admins = page.getByRole("listitem", { name: "Group AWSControlTowerAdmins" });
  await expect(admins.getByText("Protected", { exact: true })).toBeVisible();
  await admins.getByRole("button", { name: "Remove breakglass.admin from AWSControlTowerAdmins" }).click();
  await expect(admins.getByRole("alert")).toContainText("“AWSControlTowerAdmins” is a protected principal");
  await page.reload();
  await expect(page.getByRole("listitem", { name: "Group AWSControlTowerAdmins" }).getByText("breakglass.admin")).toBeVisible();

  await page.goto("/access/protected");
  await expect(page.getByRole("table", { name: "Protected principals" })).toContainText("AWSSecurityAuditors");
});

test("helpdesk reads assignments, memberships and effective access but cannot act", async ({ page }) => {
  await signIn(page, "helpdesk", "/access");
  const table = page.getByRole("table", { name: "Account assignments" });
  await expect(table).toContainText("OU Workloads/Prod");
  await expect(table.getByTestId("management-note")).toContainText("not by a delegated administrator");
  await expect(table).toContainText("AWSControlTowerAdmins");

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
});
