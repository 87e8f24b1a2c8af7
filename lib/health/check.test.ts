import fs from "node:fs";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type * as Check from "./check";

// /api/health is public: however many requests arrive, the sandbox (the upstream) is probed at most once per
// cache window, and every reply is released. A stand-in sandbox counts the probes and the open connections.
const file = path.join("data", `health-${Date.now()}-${process.pid}.db`);
let server: http.Server;
let probes = 0;
const sockets = new Set<Socket>();
let check: typeof Check;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    probes++;
    // A reply with a body nobody needs: an unread body would keep the connection and its buffers alive.
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true, padding: "x".repeat(64 * 1024) }));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.IB_MODE = "sandbox";
  process.env.DATABASE_URL = `file:./${file}`;
  process.env.SANDBOX_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  check = await import("./check");
});

beforeEach(() => {
  check.resetHealthCache();
  probes = 0;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
});

describe("health check", () => {
  it("50 concurrent requests make one probe, and requests within the cache window reuse it", async () => {
    const reports = await Promise.all(Array.from({ length: 50 }, () => check.checkHealth()));
    expect(probes).toBe(1);
    expect(new Set(reports.map((r) => r.checkedAt)).size).toBe(1);
    expect(reports[0]).toMatchObject({ status: "ok", mode: "sandbox", database: { ok: true }, sandbox: { ok: true } });
    await Promise.all(Array.from({ length: 20 }, () => check.checkHealth(Date.now() + check.PROBE_CACHE_MS - 100)));
    expect(probes).toBe(1);
  });

  it("probes again once the cached result is older than the window", async () => {
    await check.checkHealth();
    const later = await check.checkHealth(Date.now() + check.PROBE_CACHE_MS + 1);
    expect(probes).toBe(2);
    expect(later.sandbox?.ok).toBe(true);
  });

  it("releases each reply: no connection stays open with an unread body", async () => {
    for (let i = 0; i < 10; i++) await check.checkHealth(Date.now() + i * (check.PROBE_CACHE_MS + 1));
    expect(probes).toBe(10);
    // Read replies go back to the keep-alive pool (a socket or two); unread ones each hold their own (13 here before).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets.size).toBeLessThanOrEqual(2);
  });
});
