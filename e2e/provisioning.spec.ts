import { driveSetup, expect, SANDBOX_URL, sandboxApi, signIn, test } from "./fixtures";

// The status page of a configured federation updates by itself when a provisioning cycle finishes, without a
// reload: server-sent events say a snapshot landed, and the page swaps in the job status and chart it renders. The setup is driven outside the browser (setup.spec.ts
// covers it through the screen), on its own federation so it never meets that test's data.
const FEDERATION = "e2e-provisioning";

test.setTimeout(180_000);

// One configured federation for every test in this file, set up once (the tests never depend on each other's order).
test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  const request = await playwright.request.newContext();
  try {
    await sandboxApi(request, "/_sandbox/reset");
    await sandboxApi(request, "/_sandbox/aws/settings", { asyncDelayMs: 50 });
    // Cycles run when a test says so (plus the one the start step triggers).
    await sandboxApi(request, "/_sandbox/entra/config", { replicationDelayMs: 300, cycleIntervalMs: 3_600_000 });
    driveSetup(FEDERATION);
    await sandboxApi(request, "/_sandbox/entra/provisioning/run");
  } finally {
    await request.dispose();
  }
});

test("the status page shows the job and updates by itself when a cycle finishes", async ({ page, request }) => {
  await signIn(page, "auditor", `/provisioning?federation=${FEDERATION}`);
  await expect(page.getByRole("heading", { name: "Provisioning", level: 1 })).toBeVisible();
  // The first read happens in the background as soon as the page listens; the page picks it up by itself.
  const health = page.getByTestId("job-health");
  await expect(health).toBeVisible({ timeout: 30_000 });
  await expect(health).toHaveAttribute("data-health", /healthy|warnings/);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-connected", "true");
  await expect(page.getByRole("table")).toContainText(/create|update/);
  // Read-only roles see no actions.
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);

  const lastCycle = page.getByTestId("last-cycle");
  const before = await lastCycle.textContent();
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  // A re-render of the whole page (router.refresh) fetches it again as a React Server Components payload (?_rsc=…);
  // the live update must not: only the changed parts are rendered, by a server action (POST).
  const pageFetches: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/provisioning" && r.method() === "GET") pageFetches.push(url.search);
  });
  await sandboxApi(request, "/_sandbox/entra/provisioning/run");
  // Within a couple of active polls (one a second). A page that started listening while a poll was under way used to
  // lose its wake-up, and the poller then slept its idle back-off (30 s or more) with the page open: lib/provisioning/poller.test.ts.
  await expect(lastCycle).not.toHaveText(before ?? "", { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(pageFetches).toEqual([]);
  await expect(page.getByTestId("cycle-chart")).toBeVisible();
  await expect(page.getByTestId("cycle-chart")).toContainText("entries per cycle");
});

test("an admin pauses provisioning after confirming, and the page shows it", async ({ page }) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  const health = page.getByTestId("job-health");
  await expect(health).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByText(/nothing is sent to AWS until it is started again/i).first()).toBeVisible();
  await page.getByRole("button", { name: "Confirm: pause" }).click();
  await expect(page.getByText("Provisioning paused.", { exact: false })).toBeVisible({ timeout: 20_000 });
  await expect(health).toHaveAttribute("data-health", "paused", { timeout: 20_000 });
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await page.getByRole("button", { name: "Confirm: start" }).click();
  await expect(health).not.toHaveAttribute("data-health", "paused", { timeout: 20_000 });
});

test("a wrong SCIM token shows as quarantine on the open page; rotating the token from the portal heals it", async ({ page, request }) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  const health = page.getByTestId("job-health");
  await expect(health).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("expiry-scim-token")).toHaveAttribute("data-level", "ok");
  await expect(page.getByTestId("expiry-scim-token")).toContainText(/36[45] days/);

  // Someone deletes the token in the AWS console: cycles fail, then the job goes into quarantine.
  const tokens = await request.get(`${SANDBOX_URL}/_sandbox/aws/provisioning/tokens`);
  for (const token of ((await tokens.json()) as { tokens: { tokenId: string }[] }).tokens)
    expect((await request.delete(`${SANDBOX_URL}/_sandbox/aws/provisioning/tokens/${token.tokenId}`)).ok()).toBe(true);
  for (let i = 0; i < 4; i++) await sandboxApi(request, "/_sandbox/entra/provisioning/run");
  await expect(health).toHaveAttribute("data-health", "quarantined", { timeout: 30_000 });
  await expect(page.getByText(/Quarantined: .*SCIM access token/)).toBeVisible();

  // A token AWS never issued is refused and nothing changes.
  const rotation = page.getByRole("form", { name: "Rotate the SCIM access token" });
  await rotation.getByLabel("New access token").fill("this-is-not-a-token-aws-issued-0123456789");
  await rotation.getByRole("button", { name: "Check and use this token…" }).click();
  await rotation.getByRole("button", { name: "Confirm: switch to the new token" }).click();
  await expect(page.getByText(/Nothing was changed\. AWS refused the access token/)).toBeVisible({ timeout: 20_000 });
  await expect(health).toHaveAttribute("data-health", "quarantined");

  // The admin generates a new token in the AWS console and pastes it.
  const fresh = await sandboxApi<{ accessToken: string }>(request, "/_sandbox/aws/provisioning/tokens");
  await rotation.getByLabel("New access token").fill(fresh.accessToken);
  await rotation.getByRole("button", { name: "Check and use this token…" }).click();
  await rotation.getByRole("button", { name: "Confirm: switch to the new token" }).click();
  await expect(page.getByText(/the quarantine was lifted and provisioning restarted/)).toBeVisible({ timeout: 30_000 });
  await expect(health).not.toHaveAttribute("data-health", "quarantined", { timeout: 20_000 });
  await sandboxApi(request, "/_sandbox/entra/provisioning/run");
  await expect(health).toHaveAttribute("data-health", /healthy|warnings/, { timeout: 30_000 });
  // The old token is already gone in AWS, so the last stage confirms at once.
  await page.getByRole("button", { name: "Check: old token refused, new token accepted" }).click();
  await expect(page.getByText("Rotation complete: AWS refuses the old token and accepts the new one.")).toBeVisible({ timeout: 20_000 });
  // The token never reaches the page.
  expect(await page.content()).not.toContain(fresh.accessToken);
});

test("a rotation whose new token was deleted in AWS by mistake starts over from the page, and ends only when the old token is gone", async ({
  page,
  request,
}) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  await expect(page.getByTestId("job-health")).toBeVisible({ timeout: 30_000 });
  const tokens = async () =>
    ((await (await request.get(`${SANDBOX_URL}/_sandbox/aws/provisioning/tokens`)).json()) as { tokens: { tokenId: string }[] }).tokens;
  const generate = () => sandboxApi<{ accessToken: string; tokenId: string }>(request, "/_sandbox/aws/provisioning/tokens");
  const deleteToken = async (tokenId: string) => expect((await request.delete(`${SANDBOX_URL}/_sandbox/aws/provisioning/tokens/${tokenId}`)).ok()).toBe(true);
  const paste = async (token: string) => {
    const rotation = page.getByRole("form", { name: "Rotate the SCIM access token" });
    await rotation.getByLabel("New access token").fill(token);
    await rotation.getByRole("button", { name: "Check and use this token…" }).click();
    await rotation.getByRole("button", { name: "Confirm: switch to the new token" }).click();
  };
  const confirm = () => page.getByRole("button", { name: "Check: old token refused, new token accepted" }).click();

  // A known start whatever ran before: one token in AWS (A), the portal on it, no rotation pending.
  for (const token of await tokens()) await deleteToken(token.tokenId);
  const startOver = page.getByRole("button", { name: "Start over with a new token…" });
  if (await startOver.isVisible()) await startOver.click();
  const a = await generate();
  await paste(a.accessToken);
  await expect(page.getByText(/The new token works and Entra uses it now/)).toBeVisible({ timeout: 30_000 });
  await confirm();
  await expect(page.getByText("Rotation complete: AWS refuses the old token and accepts the new one.")).toBeVisible({ timeout: 20_000 });

  // Rotate to B, then delete B (the wrong one) in AWS instead of A.
  await page.reload();
  const b = await generate();
  await paste(b.accessToken);
  await expect(page.getByText(/Next: delete the old token in the AWS console/)).toBeVisible({ timeout: 30_000 });
  await deleteToken(b.tokenId);
  await confirm();
  await expect(page.getByText(/The new token no longer works: .*deleted the wrong token/)).toBeVisible({ timeout: 20_000 });

  // The way forward is on the page, also after a reload: start over with a new token C.
  await page.reload();
  await startOver.click();
  const c = await generate();
  await paste(c.accessToken);
  await expect(page.getByText(/Next: delete the old token in the AWS console/)).toBeVisible({ timeout: 30_000 });
  // A still works in AWS, so the rotation is not complete yet…
  await confirm();
  await expect(page.getByText(/AWS still accepts the old token/)).toBeVisible({ timeout: 20_000 });
  // …until A is deleted.
  await deleteToken(a.tokenId);
  await confirm();
  await expect(page.getByText("Rotation complete: AWS refuses the old token and accepts the new one.")).toBeVisible({ timeout: 20_000 });
  expect(await page.content()).not.toContain(c.accessToken);
});

test("an admin provisions a group on demand and sees the step-by-step result", async ({ page }) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  await expect(page.getByTestId("job-health")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("radio", { name: "A group" }).check();
  await page.getByLabel("Group (start of its name)").fill("project us");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  const matches = page.getByRole("list", { name: "Matching groups" });
  await expect(matches).toContainText("Project Users");
  await matches
    .getByRole("listitem")
    .filter({ hasText: /^Project Users\s*Choose$/ })
    .getByRole("button", { name: "Choose" })
    .click();
  await expect(page.getByText(/Provision the group Project Users to AWS now/)).toBeVisible();
  await page.getByRole("button", { name: "Confirm: provision now" }).click();
  await expect(page.getByText(/Project Users was provisioned/)).toBeVisible({ timeout: 30_000 });
});

test("a user AWS refuses is a red failure, and the next cycle is estimated from the job's own interval", async ({ page }) => {
  await signIn(page, "admin", `/provisioning?federation=${FEDERATION}`);
  await expect(page.getByTestId("job-health")).toBeVisible({ timeout: 30_000 });
  // This spec's sandbox runs a cycle every hour (cycleIntervalMs above), and the job says so in schedule.interval.
  await expect(page.getByText("Next cycle (about every 1 hour)")).toBeVisible();

  // mia.nogiven has no given name (the sandbox's seed): AWS refuses to create her.
  await page.getByRole("radio", { name: "A user" }).check();
  await page.getByLabel("User (name or UPN)").fill("mia.nog");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  const matches = page.getByRole("list", { name: "Matching users" });
  await expect(matches).toContainText("mia.nogiven@");
  await matches.getByRole("button", { name: "Choose" }).first().click();
  await page.getByRole("button", { name: "Confirm: provision now" }).click();
  const failure = page.getByRole("alert").filter({ hasText: /Provisioning mia\.nogiven@.* failed: .*givenName/ });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: /Provisioning mia\.nogiven@/ })).toHaveCount(0);
});
