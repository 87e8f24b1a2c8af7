import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { createEntraModule } from "./index";
import { recordSignIn } from "./graph/sign-ins";
import { CASES } from "./seed";
import type { EntraState } from "./state";
import { startSandbox } from "../core/server";
import { admin, advance, apiForLink, appGraphClient, graphFailure as failure } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A sandbox whose Entra state the test can write sign-ins into directly. */
async function start(): Promise<{ server: SandboxServer; state: () => EntraState }> {
  const entra = createEntraModule();
  const s = await startSandbox({ port: 0, modules: [entra] });
  return { server: s, state: () => entra.env().state };
}

function seed(state: EntraState, base: number) {
  const jane = state.findUser(CASES.healthy);
  if (!jane) throw new Error("seed user missing");
  for (let i = 0; i < 6; i++) {
    recordSignIn(state, {
      at: new Date(base + i * 60_000),
      user: i % 2 === 0 ? jane : null,
      attemptedUpn: "Someone.Else@contoso-sandbox.onmicrosoft.com",
      app: i < 4 ? { appId: "app-a", displayName: "AWS IAM Identity Center" } : { appId: "app-b", displayName: "Other" },
      errorCode: i === 2 ? 50105 : 0,
      failureReason: i === 2 ? "The signed in user is not assigned to a role for the application." : undefined,
    });
  }
  return jane;
}

describe("Graph: /auditLogs/signIns", () => {
  it("serves entries written through the admin fixture (a Conditional Access block the flow cannot produce)", async () => {
    const started = await start();
    server = started.server;
    const appId = [...started.state().applications.values()][0]?.appId ?? "";
    const made = await admin(server, "POST", "/_sandbox/entra/sign-ins", { userPrincipalName: CASES.healthy, appId, errorCode: 53003, failureReason: "Access has been blocked by Conditional Access policies.", conditionalAccessStatus: "failure" });
    expect(made.status).toBe(201);
    expect((await admin(server, "POST", "/_sandbox/entra/sign-ins", { appId: "nope", errorCode: 0 })).status).toBe(404);
    const { client } = await appGraphClient(server);
    const found = (await client.api("/auditLogs/signIns").filter(`appId eq '${appId}' and status/errorCode eq 53003`).get()) as { value: Record<string, unknown>[] };
    expect(found.value).toHaveLength(1);
    expect(found.value[0]).toMatchObject({ conditionalAccessStatus: "failure", userPrincipalName: CASES.healthy.toLowerCase(), status: { errorCode: 53003 } });
  });

  it("lists newest first with the signIn shape and filters by appId, userPrincipalName, userId, createdDateTime and status/errorCode", async () => {
    const started = await start();
    server = started.server;
    const base = Date.parse("2026-11-30T08:00:00Z");
    const jane = seed(started.state(), base);
    await admin(server, "POST", "/_sandbox/entra/config", { throttles: { signIns: { limit: 100, windowMs: 10_000 } } });
    const { client } = await appGraphClient(server);
    const all = (await client.api("/auditLogs/signIns").get()) as { value: Record<string, unknown>[] };
    expect(all.value).toHaveLength(6);
    expect(all.value[0]?.createdDateTime).toBe("2026-11-30T08:05:00Z");
    expect(all.value[0]).toMatchObject({ appId: "app-b", clientAppUsed: "Browser", conditionalAccessStatus: "notApplied", status: { errorCode: 0, failureReason: null } });
    expect(all.value[0]).not.toHaveProperty("signInEventTypes");
    const failed = all.value.find((e) => (e.status as { errorCode: number }).errorCode === 50105);
    expect(failed).toMatchObject({ userPrincipalName: CASES.healthy.toLowerCase(), userId: jane.id, status: { failureReason: expect.stringContaining("not assigned") } });

    const filtered = (await client
      .api("/auditLogs/signIns")
      .filter(`appId eq 'app-a' and userPrincipalName eq '${CASES.healthy.toUpperCase()}' and createdDateTime ge 2026-11-30T08:01:00Z`)
      .get()) as { value: { createdDateTime: string }[] };
    expect(filtered.value.map((e) => e.createdDateTime)).toEqual(["2026-11-30T08:02:00Z"]);
    const byId = (await client.api("/auditLogs/signIns").filter(`userId eq '${jane.id}' and createdDateTime le 2026-11-30T08:02:00Z`).get()) as { value: unknown[] };
    expect(byId.value).toHaveLength(2);
    const errors = (await client.api("/auditLogs/signIns").filter("status/errorCode eq 50105").get()) as { value: unknown[] };
    expect(errors.value).toHaveLength(1);
    expect((await failure(client.api("/auditLogs/signIns").filter("deviceDetail/browser eq 'Chrome'").get())).statusCode).toBe(400);
    const beta = (await client.api("/auditLogs/signIns").version("beta").top(1).get()) as { value: Record<string, unknown>[] };
    expect(beta.value[0]).toMatchObject({ signInEventTypes: ["interactiveUser"], authenticationProtocol: "saml20" });
  });

  it("pages with $top and @odata.nextLink, and sorts ascending when asked", async () => {
    const started = await start();
    server = started.server;
    seed(started.state(), Date.parse("2026-11-30T08:00:00Z"));
    const { client } = await appGraphClient(server);
    const first = (await client.api("/auditLogs/signIns").top(4).get()) as { value: unknown[]; "@odata.nextLink"?: string };
    expect(first.value).toHaveLength(4);
    expect(first["@odata.nextLink"]).toContain("$skiptoken=");
    const second = (await apiForLink(client, server, first["@odata.nextLink"] ?? "").get()) as { value: { createdDateTime: string }[]; "@odata.nextLink"?: string };
    expect(second.value.map((e) => e.createdDateTime)).toEqual(["2026-11-30T08:01:00Z", "2026-11-30T08:00:00Z"]);
    expect(second["@odata.nextLink"]).toBeUndefined();
    const asc = (await client.api("/auditLogs/signIns").orderby("createdDateTime").top(1).get()) as { value: { createdDateTime: string }[] };
    expect(asc.value[0]?.createdDateTime).toBe("2026-11-30T08:00:00Z");
  });

  it("needs AuditLog.Read.All and Directory.Read.All, a premium licence, and throttles at 5 requests per 10 s", async () => {
    const started = await start();
    server = started.server;
    await admin(server, "POST", "/_sandbox/entra/permissions", { revoke: ["Directory.Read.All"] });
    const { client: fresh } = await appGraphClient(server);
    const denied = await failure(fresh.api("/auditLogs/signIns").get());
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe("Authorization_RequestDenied");
    await admin(server, "POST", "/_sandbox/entra/permissions", { grant: ["Directory.Read.All"] });
    await admin(server, "POST", "/_sandbox/entra/config", { premiumLicense: false });
    const { client: again } = await appGraphClient(server);
    const unlicensed = await failure(again.api("/auditLogs/signIns").get());
    expect(unlicensed.statusCode).toBe(403);
    expect(unlicensed.code).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    expect(unlicensed.message).toBe("Neither tenant is B2C or tenant doesn't have premium license");
    await admin(server, "POST", "/_sandbox/entra/config", { premiumLicense: true });
    await advance(server, 10_000);
    for (let i = 0; i < 5; i++) await again.api("/auditLogs/signIns").get();
    const res = await fetch(`${server.url}/graph/v1.0/auditLogs/signIns`, { headers: { authorization: await tokenOf(server) } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

async function tokenOf(s: SandboxServer): Promise<string> {
  const { msal } = await appGraphClient(s);
  const result = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
  return `Bearer ${result?.accessToken ?? ""}`;
}
