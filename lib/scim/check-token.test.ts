import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableScim, startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { checkScimToken, parseScimEndpoint } from "./check-token";

const YEAR_MS = 365 * 86_400_000;

describe("parseScimEndpoint", () => {
  it("accepts AWS endpoints, and the sandbox's only when asked", () => {
    expect(parseScimEndpoint("https://scim.us-east-1.amazonaws.com/311ce970-dce2-4736-8a22-773e5f8586bf/scim/v2")).toEqual({
      ok: true,
      endpoint: {
        url: "https://scim.us-east-1.amazonaws.com/311ce970-dce2-4736-8a22-773e5f8586bf/scim/v2/",
        region: "us-east-1",
        tenantId: "311ce970-dce2-4736-8a22-773e5f8586bf",
      },
    });
    expect(parseScimEndpoint("https://scim.us-gov-west-1.amazonaws.com/Hw59fdecb43-083d/scim/v2/").ok).toBe(true);
    const sandbox = "http://127.0.0.1:4010/scim/3a5f1e7c-9b2d-4c68-a0e4-7d1f6b8c2e95/scim/v2/";
    expect(parseScimEndpoint(sandbox).ok).toBe(false);
    expect(parseScimEndpoint(sandbox, { sandbox: true }).ok).toBe(true);
    for (const bad of [
      "http://scim.us-east-1.amazonaws.com/t/scim/v2/",
      "https://scim.us-east-1.amazonaws.com.evil.example/t/scim/v2/",
      "https://evil.example/scim/v2/",
      "not a url",
    ])
      expect(parseScimEndpoint(bad, { sandbox: true }).ok).toBe(false);
  });
});

describe("checkScimToken against the sandbox", () => {
  let s: AwsSandbox;
  let endpoint: string;
  let token: string;
  beforeAll(async () => {
    s = await startAws();
    ({ endpoint, token } = await enableScim(s));
  });
  afterAll(() => s.close());

  it("says ok for the right token and never echoes it", async () => {
    const result = await checkScimToken(endpoint, token, { sandbox: true });
    expect(result.status).toBe("ok");
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("says unauthorized for a wrong token", async () => {
    const result = await checkScimToken(endpoint, `${token}x`, { sandbox: true });
    expect(result).toMatchObject({ status: "unauthorized", httpStatus: 401 });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it("refuses the sandbox endpoint outside sandbox mode without calling it", async () => {
    let called = false;
    const result = await checkScimToken(endpoint, token, { fetch: () => ((called = true), Promise.reject(new Error("no"))) });
    expect(result.status).toBe("invalid-endpoint");
    expect(called).toBe(false);
  });

  it("says unreachable when nothing listens, or the endpoint hangs", async () => {
    const closed = await checkScimToken("http://127.0.0.1:9/scim/abc/scim/v2/", token, { sandbox: true, timeoutMs: 2_000 });
    expect(closed.status).toBe("unreachable");
    await fetch(`${s.server.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ pathPrefix: "/scim", timeoutMs: 1_000, times: 1 }) });
    const hung = await checkScimToken(endpoint, token, { sandbox: true, timeoutMs: 150 });
    expect(hung).toMatchObject({ status: "unreachable", message: expect.stringMatching(/in time/) });
  });

  it("says unexpected for a server error", async () => {
    await fetch(`${s.server.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ pathPrefix: "/scim", status: 500, times: 1 }) });
    expect(await checkScimToken(endpoint, token, { sandbox: true })).toMatchObject({ status: "unexpected", httpStatus: 500 });
  });

  it("says unauthorized once the token has expired after a year", async () => {
    await s.advance(YEAR_MS + 60_000);
    const result = await checkScimToken(endpoint, token, { sandbox: true });
    expect(result).toMatchObject({ status: "unauthorized", message: expect.stringMatching(/expired/) });
  });
});
