import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type SandboxServer } from "./server";
import type { SandboxModule } from "./types";

const echo: SandboxModule = {
  name: "echo",
  prefixes: ["/echo"],
  handle: (req) => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: req.path }) }),
  reset: () => undefined,
  summary: () => ({ echoes: 0 }),
  faultResponse: (_req, fault) => ({ status: fault.status, body: JSON.stringify({ shaped: true }) }),
};

let sandbox: SandboxServer | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("sandbox server", () => {
  it("routes by prefix, strips it, and answers 404 elsewhere", async () => {
    sandbox = await startSandbox({ port: 0, modules: [echo] });
    const hit = await fetch(`${sandbox.url}/echo/a/b`);
    expect(await hit.json()).toEqual({ path: "/a/b" });
    expect((await fetch(`${sandbox.url}/echoes`)).status).toBe(404);
  });

  it("injects throttling shaped by the module, with Retry-After, for a limited number of requests", async () => {
    sandbox = await startSandbox({ port: 0, modules: [echo] });
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ pathPrefix: "/echo", throttleRetryAfterSeconds: 3, times: 1 }) });
    const throttled = await fetch(`${sandbox.url}/echo/x`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(await throttled.json()).toEqual({ shaped: true });
    expect((await fetch(`${sandbox.url}/echo/x`)).status).toBe(200);
  });

  it("advances the clock and reports module state", async () => {
    sandbox = await startSandbox({ port: 0, modules: [echo] });
    await fetch(`${sandbox.url}/_sandbox/clock/advance`, { method: "POST", body: JSON.stringify({ ms: 86_400_000 }) });
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { clockOffsetMs: number; modules: unknown };
    expect(state.clockOffsetMs).toBe(86_400_000);
    expect(state.modules).toEqual({ echo: { echoes: 0 } });
  });
});

describe("sandbox request counts", () => {
  it("counts emulated calls by prefix and resets", async () => {
    sandbox = await startSandbox({ port: 0, modules: [echo] });
    await fetch(`${sandbox.url}/echo/a`);
    await fetch(`${sandbox.url}/echo/b`);
    expect(await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()).toEqual({ requests: { "/echo": 2 } });
    await fetch(`${sandbox.url}/_sandbox/requests`, { method: "DELETE" });
    expect(await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()).toEqual({ requests: {} });
  });
});
