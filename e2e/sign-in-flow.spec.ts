import { spawnSync } from "node:child_process";
import type { APIRequestContext } from "@playwright/test";
import { SANDBOX } from "../sandbox/fixtures";
import { expect, SANDBOX_DOMAIN, test } from "./fixtures";

// A person signs in to AWS the way they would after Setup: the AWS access portal's start URL sends them to the
// sandbox Entra (SAML, HTTP-Redirect), they pick their account, Entra posts a signed assertion to Identity
// Center's ACS and the access portal lists exactly the accounts and permission sets Setup gave them. The
// federation is set up outside the browser on its own id (the same driver as the helpdesk tests).
const SANDBOX_URL = process.env.E2E_SANDBOX_URL ?? "";
const FEDERATION = "e2e-sign-in";
const START_URL = `${SANDBOX_URL}/awsapps/${SANDBOX.aws.identityStoreId}/start`;

test.setTimeout(180_000);
test.describe.configure({ mode: "serial" });

async function sandboxApi(request: APIRequestContext, path: string, body: unknown = {}) {
  const response = await request.post(`${SANDBOX_URL}${path}`, { data: body });
  expect(response.ok(), `POST ${path}: ${response.status()}`).toBe(true);
}

test.beforeAll(async ({ request }) => {
  // A hook gets the project timeout (30 s) unless it sets its own; driving a setup takes about that long under load.
  test.setTimeout(180_000);
  await sandboxApi(request, "/_sandbox/reset");
  await sandboxApi(request, "/_sandbox/aws/settings", { asyncDelayMs: 20 });
  await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 100, cycleIntervalMs: 3_600_000 });
  const drive = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "e2e/support/helpdesk-setup.ts", FEDERATION], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      IB_MODE: "sandbox",
      SANDBOX_URL,
      IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    encoding: "utf8",
    timeout: 150_000,
  });
  expect(drive.status, drive.stderr).toBe(0);
});

test("a project user opens the access portal, signs in through Entra and sees exactly their accounts and permission sets", async ({ page }) => {
  await page.goto(START_URL);
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
  await page.locator(`button[data-upn="jane.doe@${SANDBOX_DOMAIN}"]`).click();
  await expect(page.getByRole("heading", { name: "AWS access portal" })).toBeVisible();
  await expect(page.locator("#signed-in-as")).toHaveAttribute("data-user-name", `jane.doe@${SANDBOX_DOMAIN}`);
  const accounts = page.locator("[data-account-id]");
  expect((await accounts.evaluateAll((items) => items.map((i) => i.getAttribute("data-account-id")))).sort()).toEqual([...SANDBOX.aws.memberAccountIds].sort());
  for (const id of SANDBOX.aws.memberAccountIds) {
    const sets = page.locator(`[data-account-id="${id}"] [data-permission-set]`);
    expect(await sets.evaluateAll((items) => items.map((i) => i.getAttribute("data-permission-set")))).toEqual(["ProjectUser"]);
  }
});

test("a user not assigned to the app (only the project groups are) is stopped by Entra with AADSTS50105", async ({ request }) => {
  // Through the same pages without the browser: Entra answers its error page with HTTP 400, which Chromium
  // logs as a console error (that the e2e fixture rightly refuses on the portal's own pages).
  const start = await request.get(START_URL, { maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const picker = await (await request.get(start.headers().location ?? "")).text();
  const hidden = Object.fromEntries([...picker.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]?.replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c)))]));
  const oid = new RegExp(`value="([^"]+)" data-upn="nick.unassigned@${SANDBOX_DOMAIN}"`).exec(picker)?.[1] ?? "";
  const answer = await request.post(`${SANDBOX_URL}/login/${SANDBOX.entra.tenantId}/saml2/continue`, { form: { ...hidden, user_oid: oid } });
  expect(answer.status()).toBe(400);
  expect(await answer.text()).toContain("AADSTS50105");
});

test("IdP-initiated from Entra's launch URL lands on the same portal", async ({ page, request }) => {
  // The app's id, read from the sign-in log entry the first test wrote (its only SAML app).
  const state = await request.get(`${SANDBOX_URL}/_sandbox/entra/sign-ins`);
  expect(state.ok()).toBe(true);
  const { value } = (await state.json()) as { value: { appId: string; status: { errorCode: number } }[] };
  const appId = value.find((e) => e.status.errorCode === 0)?.appId ?? "";
  expect(appId).not.toBe("");
  await page.goto(`${SANDBOX_URL}/login/${SANDBOX.entra.tenantId}/saml2/launch?appId=${appId}`);
  await page.locator(`button[data-upn="jane.doe@${SANDBOX_DOMAIN}"]`).click();
  await expect(page.locator("[data-account-id]")).toHaveCount(SANDBOX.aws.memberAccountIds.length);
});
