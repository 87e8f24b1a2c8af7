import { test as base, expect, type Page } from "@playwright/test";

export type Role = "admin" | "helpdesk" | "auditor";

/** Every test fails if the page logged a console error or threw. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${message.text()} @ ${message.location().url}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, "console errors on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

const OPERATOR_NAMES: Record<Role, string> = { admin: "Avery Admin", helpdesk: "Harper Helpdesk", auditor: "Ari Auditor" };

/** Acts as a sandbox operator of the given role through the header's role switcher. */
export async function actAs(page: Page, role: Role) {
  await page.goto("/setup");
  const switcher = page.getByLabel("Acting as");
  if ((await switcher.inputValue()) === role) return;
  await switcher.selectOption(role);
  // The switch is a server action; done once the header greets the sandbox operator of that role.
  await expect(page.getByRole("banner").getByText(OPERATOR_NAMES[role])).toBeVisible();
}
