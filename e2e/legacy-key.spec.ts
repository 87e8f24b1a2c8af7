import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, runSupportScript, sandboxApi, signIn, test } from "./fixtures";

// Legacy mode, role import's access key as an admin sees it: a key typed with a wrong secret fails Entra's Test
// Connection (the sandbox Entra signs IAM ListRoles with it, SigV4, and the AWS sandbox refuses the signature) with
// words, not a trace; then the guided rotation replaces the key and retires the old one, stage by stage.
test.setTimeout(180_000);

const card = (page: Page) => page.locator("#step-role-import");

test.afterAll(() => {
  // The default federation goes back to not existing: the Identity Center spec sets it up from scratch.
  runSupportScript("forget-federation", ["default"]);
});

test("a wrong secret key fails Test Connection with a clear message; the guided rotation replaces the key and deletes the old one", async ({ page, request }) => {
  await sandboxApi(request, "/_sandbox/reset");
  await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 0 });
  runSupportScript("drive-legacy", ["default", "role-import"]);
  await signIn(page, "admin", "/setup");
  const step = card(page);
  await expect(step.locator("header").getByText("Done", { exact: true })).toBeVisible();

  const rotation = step.getByRole("region", { name: "Rotate the role-manager access key" });
  await expect(rotation).toContainText(/Entra uses AKIA[A-Z0-9]+/);
  const oldKey = /Entra uses (AKIA[A-Z0-9]+)/.exec((await rotation.textContent()) ?? "")?.[1] ?? "";
  expect(oldKey).not.toBe("");

  // The key the portal holds, typed with a wrong secret: refused beside the field, the step stays done.
  await step.getByText("Use an access key you already created in IAM (optional)").click();
  await step.getByRole("textbox", { name: /^Access key ID/ }).fill(oldKey);
  await step.getByRole("textbox", { name: /^Secret access key/ }).fill("wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY00");
  await step.getByRole("button", { name: "Set up the role import" }).click();
  const refusal = `AWS refused the access key ${oldKey}: the signature does not match — check the secret key`;
  await expect(step.getByText(refusal).first()).toBeVisible({ timeout: 60_000 });
  await expect(step.getByRole("textbox", { name: /^Secret access key/ })).toHaveAttribute("aria-invalid", "true");
  await expect(step).not.toContainText(/Something went wrong|Error:|at \w+ \(/);
  await expect(step.locator("header").getByText("Done", { exact: true })).toBeVisible();
  await step.screenshot({ path: "test-results/legacy-wrong-secret.png" });

  // The rotation: confirm, then the new key is in use (stages 1–3 done) and the old one waits to be retired.
  await page.reload();
  await rotation.getByRole("button", { name: "Rotate the key…" }).click();
  await rotation.getByRole("button", { name: "Confirm: rotate the key" }).click();
  await expect(rotation.getByText(/now uses the new key AKIA[A-Z0-9]+, and Test Connection with the saved credentials passed/)).toBeVisible({ timeout: 60_000 });
  for (const n of [1, 2, 3]) await expect(rotation.getByTestId(`key-rotation-stage-${n}`)).toHaveAttribute("data-state", "done");
  await expect(rotation.getByTestId("key-rotation-stage-4")).toHaveAttribute("data-state", "current");
  await expect(rotation).not.toContainText(`Entra uses ${oldKey}`);
  const accessibility = await new AxeBuilder({ page }).include("#step-role-import").withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(accessibility.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await rotation.getByRole("button", { name: `Retire the old key ${oldKey}…` }).click();
  await rotation.getByRole("button", { name: "Confirm: retire the old key" }).click();
  await expect(rotation.getByText(new RegExp(`Rotation complete: the old key ${oldKey} is deleted in IAM`))).toBeVisible({ timeout: 60_000 });
  await expect(rotation).toHaveAttribute("data-phase", "none");

  // The step verifies with Entra's saved key: the new one.
  await step.getByRole("button", { name: "Verify again" }).click();
  await expect(step.getByRole("status").or(step.getByText(/done and verified|verified\./)).first()).toBeVisible({ timeout: 60_000 });
  await expect(step.locator("header").getByText("Done", { exact: true })).toBeVisible();
});
