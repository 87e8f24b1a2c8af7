import { test as base, expect, type Page } from "@playwright/test";

export type Role = "admin" | "helpdesk" | "auditor";

/** Every test fails if a page logged a console error, threw, or reported a CSP violation. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`${message.text()} @ ${message.location().url}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await page.exposeFunction("reportCspViolation", (text: string) => errors.push(`CSP violation: ${text}`));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
          report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${document.location.pathname}`);
        });
      });
      await use(errors);
      expect(errors, "console errors or CSP violations on the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const SANDBOX_DOMAIN = "contoso-sandbox.onmicrosoft.com";
export const STAFF: Record<Role | "none", string> = {
  admin: `portal.admin@${SANDBOX_DOMAIN}`,
  helpdesk: `portal.helpdesk@${SANDBOX_DOMAIN}`,
  auditor: `portal.auditor@${SANDBOX_DOMAIN}`,
  none: `portal.norole@${SANDBOX_DOMAIN}`,
};

/**
 * Signs in through the real flow: the portal's sign-in route, the sandbox authority's account picker,
 * the callback with PKCE, state and nonce. No back door.
 */
export async function signIn(page: Page, who: Role | "none", returnTo = "/") {
  await page.goto(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.locator(`button[data-upn="${STAFF[who]}"]`).click();
  if (who === "none") await expect(page).toHaveURL(/\/no-access$/);
  else await expect(page.getByTestId("signed-in-user")).toBeVisible();
}
