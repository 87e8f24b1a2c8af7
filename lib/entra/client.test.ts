import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listAll } from "./call";
import { createGraphGateway, parseStoredEntraCredential, resolveEntraTarget } from "./client";
import { toGatewayError } from "./errors";
import { findUser } from "./find-user";
import { preflightEntra, REQUIRED_GRAPH_PERMISSIONS } from "./preflight-entra";
import { FIXTURE, startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";
import { collectRequestIds } from "../request-context";

describe("resolveEntraTarget", () => {
  const live = { IB_MODE: "live" as const, SANDBOX_URL: "http://127.0.0.1:4010" };
  const custom = { useSandbox: false, tenantId: "tid", clientId: "cid", credentialType: "secret" as const };

  it("uses the sandbox tenant and Graph app in sandbox mode, whatever is stored", () => {
    const target = resolveEntraTarget(custom, { IB_MODE: "sandbox", SANDBOX_URL: "http://127.0.0.1:4010/" }, undefined);
    expect(target).toMatchObject({
      kind: "sandbox",
      tenantId: FIXTURE.tenantId,
      clientId: FIXTURE.portalGraph.clientId,
      graphBaseUrl: "http://127.0.0.1:4010/graph",
      loginBaseUrl: "http://127.0.0.1:4010/login",
    });
  });

  it("refuses a sandbox connection, a missing field or a missing credential in live mode", () => {
    expect(() => resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, live, undefined)).toThrow(/sandbox/);
    expect(() => resolveEntraTarget({ ...custom, tenantId: undefined }, live, { kind: "secret", clientSecret: "s" })).toThrow(/tenant id/);
    expect(() => resolveEntraTarget(custom, live, undefined)).toThrow(/client secret or certificate/);
    const target = resolveEntraTarget(
      custom,
      { ...live, ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.com" },
      { kind: "secret", clientSecret: "s3cr3t-value" },
    );
    expect(target).toMatchObject({
      kind: "live",
      tenantId: "tid",
      clientId: "cid",
      graphBaseUrl: "https://graph.microsoft.com",
      loginBaseUrl: "https://login.microsoftonline.com",
    });
  });

  it("never shows the credential in JSON or inspection, but still uses it", () => {
    const credential = parseStoredEntraCredential(JSON.stringify({ clientSecret: "s3cr3t-value" }));
    const target = resolveEntraTarget(
      { useSandbox: false, tenantId: "t", clientId: "c", credentialType: "secret" },
      { IB_MODE: "live", SANDBOX_URL: "http://x" },
      credential,
    );
    expect(JSON.stringify(target)).not.toContain("s3cr3t");
    expect(inspect(target, { depth: 5 })).not.toContain("s3cr3t");
    expect(target.credential.kind === "secret" && target.credential.clientSecret).toBe("s3cr3t-value");
    expect(() => parseStoredEntraCredential("{}")).toThrow(/could not be read/);
  });
});

describe("toGatewayError", () => {
  it("classifies Graph errors by status and keeps vendor text out of the message", () => {
    const graph = (statusCode: number, code: string, message = "vendor text") => Object.assign(new Error(message), { statusCode, code, requestId: "rid-1" });
    const forbidden = toGatewayError(
      "PutSynchronizationSecrets",
      graph(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
    );
    expect(forbidden).toMatchObject({
      kind: "forbidden",
      requestId: "rid-1",
      graphCode: "Authorization_RequestDenied",
      permissions: ["Synchronization.ReadWrite.All"],
    });
    expect(forbidden.message).toContain("Synchronization.ReadWrite.All");
    expect(forbidden.message).not.toContain("Insufficient");
    const named = toGatewayError(
      "GetUser",
      graph(403, "Authorization_RequestDenied", "Missing role permissions on the request. API requires one of 'User.Read.All, Directory.Read.All'."),
    );
    expect(named.permissions).toEqual(["User.Read.All", "Directory.Read.All"]);
    expect(toGatewayError("x", graph(404, "Request_ResourceNotFound")).kind).toBe("not-found");
    expect(toGatewayError("x", graph(409, "Conflict")).kind).toBe("conflict");
    expect(toGatewayError("x", graph(400, "HostNameNotOnVerifiedDomain")).message).toMatch(/verified domain/);
    expect(toGatewayError("x", graph(503, "serviceNotAvailable")).kind).toBe("unavailable");
    expect(toGatewayError("x", graph(401, "InvalidAuthenticationToken")).kind).toBe("auth");
    expect(toGatewayError("x", Object.assign(new Error("fetch failed"), { cause: { code: "ECONNREFUSED" } })).kind).toBe("unavailable");
    expect(toGatewayError("x", new DOMException("The operation was aborted due to timeout", "TimeoutError")).kind).toBe("timeout");
    const msal = Object.assign(new Error("invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided."), {
      errorCode: "invalid_client",
    });
    expect(toGatewayError("AcquireToken", msal)).toMatchObject({ kind: "auth", graphCode: "AADSTS7000215" });
    expect(toGatewayError("x", "a string").kind).toBe("unknown");
  });
});

describe("the gateway against the sandbox", () => {
  let s: EntraGatewaySandbox;
  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
  });
  afterEach(() => s.clearFaults());
  afterAll(() => s.close());

  it("preflight: every required permission granted, then one revoked and named as missing", async () => {
    const all = await preflightEntra(s.gateway);
    expect(all.missing).toEqual([]);
    expect(all.granted).toEqual(expect.arrayContaining(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission)));
    expect(all.tenantId).toBe(FIXTURE.tenantId);
    await s.admin("POST", "/_sandbox/entra/permissions", { revoke: ["Synchronization.ReadWrite.All"] });
    try {
      const one = await preflightEntra(s.gateway);
      expect(one.missing.map((m) => m.permission)).toEqual(["Synchronization.ReadWrite.All"]);
      expect(one.missing[0]?.reason).toMatch(/provisioning job/);
    } finally {
      await s.admin("POST", "/_sandbox/entra/permissions", { grant: ["Synchronization.ReadWrite.All"] });
    }
  });

  it("wrong client secret → auth with the AADSTS code, from preflight and from any call", async () => {
    const wrong = s.gatewayWith({ clientSecret: "not-the-secret" });
    await expect(preflightEntra(wrong)).rejects.toMatchObject({ kind: "auth", graphCode: "AADSTS7000215", operation: "AcquireToken" });
    const error: unknown = await findUser(wrong, "jane.doe@contoso-sandbox.onmicrosoft.com").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", operation: "GetUser" });
    expect((error as Error).message).toMatch(/client secret/);
    expect((error as Error).message).not.toContain("not-the-secret");
  });

  it("records the request-id of every call", async () => {
    const { result: found, requestIds } = await collectRequestIds(() => findUser(s.gateway, "jane.doe@contoso-sandbox.onmicrosoft.com"));
    expect(found.user?.userPrincipalName).toBe("jane.doe@contoso-sandbox.onmicrosoft.com");
    expect(requestIds).toHaveLength(1);
    expect(requestIds[0]).toMatch(/\S{8,}/);
  });

  it("follows http @odata.nextLink pages through the same client", async () => {
    const {
      result: { items, truncated },
      requestIds,
    } = await collectRequestIds(() => listAll<{ id: string }>(s.gateway, "ListUsers", s.gateway.api("/users").top(7).select("id")));
    expect(truncated).toBe(false);
    expect(items.length).toBeGreaterThan(40);
    expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
    expect(requestIds.length).toBe(Math.ceil(items.length / 7));
    const cut = await listAll(s.gateway, "ListUsers", s.gateway.api("/users").top(5).select("id"), { maxItems: 12 });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.items).toHaveLength(12);
  });

  it("rewrites live-style absolute links onto the configured base", () => {
    const live = createGraphGateway(
      resolveEntraTarget(
        { useSandbox: false, tenantId: "t", clientId: "c", credentialType: "secret" },
        { IB_MODE: "live", SANDBOX_URL: "http://x" },
        { kind: "secret", clientSecret: "s" },
      ),
    );
    const request = live.requestForLink("https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=abc");
    expect((request as unknown as { buildFullUrl(): string }).buildFullUrl()).toBe("https://graph.microsoft.com/v1.0/users?$top=5&$skiptoken=abc");
    const sandboxed = s.gateway.requestForLink(`${s.url}/graph/beta/users?$skiptoken=x`);
    expect((sandboxed as unknown as { buildFullUrl(): string }).buildFullUrl()).toBe(`${s.url}/graph/beta/users?$skiptoken=x`);
  });

  it("retries 429 and succeeds; exhausted retries → throttled with the request id", async () => {
    await s.fault({ pathPrefix: "/graph", throttleRetryAfterSeconds: 0, times: 2 });
    const { result: ok, requestIds } = await collectRequestIds(() => findUser(s.gateway, "jane.doe@contoso-sandbox.onmicrosoft.com"));
    expect(ok.user).not.toBeNull();
    expect(requestIds).toHaveLength(3);
    await s.fault({ pathPrefix: "/graph", throttleRetryAfterSeconds: 0, times: 3 });
    const failed = await collectRequestIds(() => findUser(s.gateway, "jane.doe@contoso-sandbox.onmicrosoft.com").catch((error: unknown) => error));
    expect(failed.result).toMatchObject({
      kind: "throttled",
      httpStatus: 429,
      graphCode: "TooManyRequests",
      retryAfterSeconds: 0,
      requestId: expect.any(String),
    });
    // Every attempt is in the request context, the failing one last: audit rows and step records name it.
    expect(failed.requestIds).toHaveLength(3);
    expect(failed.requestIds.at(-1)).toBe((failed.result as { requestId: string }).requestId);
  });

  it("503 beyond the retries → unavailable", async () => {
    const quick = s.gatewayWith({ maxRetries: 1 });
    await s.fault({ pathPrefix: "/graph", status: 503, times: 2 });
    await expect(findUser(quick, "jane.doe@contoso-sandbox.onmicrosoft.com")).rejects.toMatchObject({ kind: "unavailable", httpStatus: 503 });
  });

  it("a hung request is cut at the request timeout → timeout", async () => {
    const quick = s.gatewayWith({ requestTimeoutMs: 200 });
    await quick.acquireToken();
    await s.fault({ pathPrefix: "/graph", timeoutMs: 1_500, times: 1 });
    const started = Date.now();
    await expect(findUser(quick, "jane.doe@contoso-sandbox.onmicrosoft.com")).rejects.toMatchObject({ kind: "timeout", operation: "GetUser" });
    expect(Date.now() - started).toBeLessThan(1_200);
  });

  it("a missing permission → forbidden, naming it", async () => {
    await s.admin("POST", "/_sandbox/entra/permissions", { revoke: ["User.Read.All", "Directory.Read.All"] });
    try {
      const fresh = s.gatewayWith({});
      const error: unknown = await findUser(fresh, "jane.doe@contoso-sandbox.onmicrosoft.com").catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "forbidden", httpStatus: 403, permissions: ["User.Read.All", "Directory.Read.All"] });
      expect((error as Error).message).toContain("User.Read.All");
    } finally {
      await s.admin("POST", "/_sandbox/entra/permissions", { grant: ["User.Read.All", "Directory.Read.All"] });
    }
  });
});

describe("unknown tenant", () => {
  let s: EntraGatewaySandbox;
  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
  });
  afterAll(() => s.close());

  it("→ auth naming AADSTS90002, before any Graph call", async () => {
    const target = resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: s.url }, undefined);
    const gateway = createGraphGateway({ ...target, tenantId: "00000000-0000-0000-0000-00000000dead" });
    await expect(preflightEntra(gateway)).rejects.toMatchObject({ kind: "auth", graphCode: "AADSTS90002", message: expect.stringMatching(/tenant/) });
  });
});
