import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { SANDBOX } from "../../sandbox/fixtures";
import { idpInitiated, spInitiated } from "../../sandbox/sign-in-testing";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import { driveChecklist } from "./testing/drive-checklist";
import { loadFacts } from "./store";

// Issue 16, sandbox half: after the portal's own setup (the whole checklist and one provisioning cycle, nothing
// configured by hand), the SAML sign-in works for an assigned, provisioned user and fails where the real services
// fail for the seeded cases.
const database = testDatabase();
let server: SandboxServer;
const FEDERATION = "it-sign-in";
const DOMAIN = "contoso-sandbox.onmicrosoft.com";

beforeAll(async () => {
  server = await startPortalSandbox();
  await fetch(`${server.url}/_sandbox/aws/settings`, { method: "POST", body: JSON.stringify({ asyncDelayMs: 10 }) });
  await fetch(`${server.url}/_sandbox/entra/config`, { method: "POST", body: JSON.stringify({ replicationDelayMs: 10 }) });
  const results = await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url });
  expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
  const cycle = await fetch(`${server.url}/_sandbox/entra/provisioning/run`, { method: "POST", body: "{}" });
  expect(cycle.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await server.close();
});

const accountsOf = (html: string) => [...html.matchAll(/data-account-id="(\d+)"/g)].map((m) => m[1]).sort();

describe("sign-in after the portal's setup", () => {
  it("a project user reaches the access portal with exactly the accounts and permission set Setup gave their group", async () => {
    const flow = await spInitiated(server, `jane.doe@${DOMAIN}`);
    expect(flow.aws?.status).toBe(200);
    expect(accountsOf(flow.aws?.html ?? "")).toEqual([...SANDBOX.aws.memberAccountIds].sort());
    expect([...new Set([...(flow.aws?.html ?? "").matchAll(/data-permission-set="([^"]+)"/g)].map((m) => m[1]))]).toEqual(["ProjectUser"]);
    const facts = await loadFacts(database, FEDERATION);
    const appId = facts.app?.appId ?? "";
    expect(appId).not.toBe("");
    expect((await idpInitiated(server, appId, `jane.doe@${DOMAIN}`)).aws?.status).toBe(200);
  });

  it("the seeded failures fail where the real services fail", async () => {
    const notAssigned = await spInitiated(server, `nick.unassigned@${DOMAIN}`);
    expect(notAssigned.entra.html).toContain("AADSTS50105");
    const nested = await spInitiated(server, `nina.nested@${DOMAIN}`);
    expect(nested.entra.html).toContain("AADSTS50105");
    const disabled = await spInitiated(server, `ben.disabled@${DOMAIN}`);
    expect(disabled.entra.html).toContain("AADSTS50057");
  });
});
