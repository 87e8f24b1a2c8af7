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

  // A retry policy with short waits: what is under test is which answers are retried and what is said after.
  const waits: number[] = [];
  const quick = { policy: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20, budgetMs: 60_000 }, sleep: async (ms: number) => void waits.push(ms) };
  const fault = (rule: Record<string, unknown>) => fetch(`${s.server.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ pathPrefix: "/scim", ...rule }) });

  it("says unreachable when nothing listens; an endpoint that hangs once is tried again", async () => {
    const closed = await checkScimToken("http://127.0.0.1:9/scim/abc/scim/v2/", token, { sandbox: true, timeoutMs: 2_000, retry: quick });
    expect(closed.status).toBe("unreachable");
    await fault({ timeoutMs: 1_000, times: 1 });
    expect(await checkScimToken(endpoint, token, { sandbox: true, timeoutMs: 150, retry: quick })).toMatchObject({ status: "ok" });
  });

  // Changed with issue 12: a passing 5xx or 429 used to be reported at once (and read as "check what you pasted").
  it("retries a 5xx, and when AWS keeps failing says it is a fault, not the pasted values", async () => {
    await fault({ status: 500, times: 1 });
    expect(await checkScimToken(endpoint, token, { sandbox: true, retry: quick })).toMatchObject({ status: "ok" });
    await fault({ status: 503, times: 3 });
    const down = await checkScimToken(endpoint, token, { sandbox: true, retry: quick });
    expect(down).toMatchObject({ status: "unavailable", httpStatus: 503, message: expect.stringMatching(/throttling or unavailable.*3 tries.*not a problem with what you pasted/) });
  });

  it("waits what AWS asks for in Retry-After before trying again", async () => {
    waits.length = 0;
    await fault({ throttleRetryAfterSeconds: 2, times: 2 });
    expect(await checkScimToken(endpoint, token, { sandbox: true, retry: quick })).toMatchObject({ status: "ok" });
    expect(waits).toEqual([2_000, 2_000]);
    // A Retry-After past the budget ends the retries rather than being cut short.
    waits.length = 0;
    await fault({ throttleRetryAfterSeconds: 120, times: 1 });
    expect(await checkScimToken(endpoint, token, { sandbox: true, retry: quick })).toMatchObject({ status: "unavailable", httpStatus: 429 });
    expect(waits).toEqual([]);
    await fetch(`${s.server.url}/_sandbox/faults`, { method: "DELETE" });
  });

  it("says unauthorized once the token has expired after a year", async () => {
    await s.advance(YEAR_MS + 60_000);
    const result = await checkScimToken(endpoint, token, { sandbox: true });
    expect(result).toMatchObject({ status: "unauthorized", message: expect.stringMatching(/expired/) });
  });
});
