import { spawnSync } from "node:child_process";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

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

/** The sandbox cloud the e2e server talks to. */
export const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";

/** A POST to the sandbox's own admin API (`/_sandbox/...`); the test fails unless it answers 2xx. Returns its JSON, if any. */
export async function sandboxApi<T = Record<string, unknown>>(request: APIRequestContext, path: string, body: unknown = {}): Promise<T> {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body });
  expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs a script of e2e/support against the e2e database and the sandbox, outside the browser; the test fails if it fails. */
export function runSupportScript(script: string, args: string[], timeout = 150_000) {
  const run = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", `e2e/support/${script}.ts`, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      IB_MODE: "sandbox",
      SANDBOX_URL,
      IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    encoding: "utf8",
    timeout,
  });
  expect(run.status, run.stderr).toBe(0);
}

/** Sets a federation up through every checklist step (e2e/support/drive-setup.ts, or another driver script). */
export const driveSetup = (federationId: string, script = "drive-setup") => runSupportScript(script, [federationId]);
