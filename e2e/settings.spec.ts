import { expect, signIn, test } from "./fixtures";

const SECRET = `e2e-secret-${Date.now()}-Zq8`;

test("saving the Entra connection shows every field error, then saves, audits and never shows the secret", async ({ page }) => {
  await signIn(page, "admin", "/settings");
  const entra = page.getByRole("form", { name: "Entra connection" });
  await entra.getByLabel(/Use my own/).check();
  await entra.getByLabel("Directory (tenant) ID").fill("not a tenant");
  await entra.getByLabel("Application (client) ID").fill("1234");
  await entra.getByLabel("Client secret value").fill("short");
  await entra.getByRole("button", { name: "Save Entra connection" }).click();
  await expect(entra.getByText("a tenant id is a GUID or a domain such as contoso.onmicrosoft.com")).toBeVisible();
  await expect(entra.getByText("an application (client) id is a GUID")).toBeVisible();
  await expect(entra.getByText("that is too short to be a client secret")).toBeVisible();

  await entra.getByLabel("Directory (tenant) ID").fill("contoso.onmicrosoft.com");
  await entra.getByLabel("Application (client) ID").fill("11111111-2222-3333-4444-555555555555");
  await entra.getByLabel("Client secret value").fill(SECRET);
  await entra.getByRole("button", { name: "Save Entra connection" }).click();
  await expect(entra.getByText("Entra connection saved.")).toBeVisible();
  await expect(page.getByText("Saved, but not used while the portal runs in sandbox mode")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("form", { name: "Entra connection" }).getByText("A secret is stored (encrypted). Leave blank to keep it.")).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);

  await page.goto("/audit");
  const row = page.getByRole("listitem").filter({ hasText: "settings.connections.entra.update" }).first();
  await expect(row).toContainText("success");
  await row.getByText(/Show change/).click();
  await expect(row).toContainText("contoso.onmicrosoft.com");
  expect(await page.content()).not.toContain(SECRET);

  // back to the sandbox so later tests see the default
  await page.goto("/settings");
  await page
    .getByRole("form", { name: "Entra connection" })
    .getByLabel(/Use the sandbox/)
    .check();
  await page.getByRole("button", { name: "Save Entra connection" }).click();
  await expect(page.getByText("Entra connection saved.")).toBeVisible();
});

test("an auditor sees connections read-only; the audit chain verifies", async ({ page }) => {
  await signIn(page, "auditor", "/settings");
  await expect(page.getByText("Read-only: only admins change connections.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /Save/ })).toHaveCount(0);
  await page.goto("/audit");
  await page.getByRole("button", { name: "Verify integrity" }).click();
  await expect(page.getByText(/Chain intact · \d+ events verified/)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "settings.connections.entra.update" }).first()).toBeVisible();
});
