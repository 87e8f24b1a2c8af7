import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bin, quietEnv } from "./lib/boot";

// `npm run bench`: the portal's performance figures, measured against the sandbox cloud.
// Setup checklist (issue 6): every upstream call gets 100 ms of injected latency; for each step the
// wall time and the number of upstream calls it made (by service), then the whole run.

const LATENCY_MS = 100;

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.IB_LOG_LEVEL ??= "error";
  fs.mkdirSync("data", { recursive: true });
  const file = path.join("data", `bench-${Date.now()}.db`);
  const databaseUrl = `file:./${file}`;
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { env: { ...process.env, ...quietEnv, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);

  const [{ startSandbox }, { createAwsModule }, { createEntraModule }] = await Promise.all([
    import("../sandbox/core/server"),
    import("../sandbox/aws"),
    import("../sandbox/entra"),
  ]);
  const server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  process.env.SANDBOX_URL = server.url;
  process.env.IB_MODE = "sandbox";
  const [{ createDatabase }, { driveChecklist }] = await Promise.all([import("../lib/db"), import("../lib/setup/testing/drive-checklist")]);
  const database = createDatabase(databaseUrl);

  const call = async (method: string, p: string, body?: unknown) => {
    const response = await fetch(`${server.url}${p}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<Record<string, unknown>>;
  };
  try {
    await call("POST", "/_sandbox/aws/settings", { asyncDelayMs: 0, rateLimits: { identitycenter: null } });
    await call("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    await call("POST", "/_sandbox/faults", { latencyMs: LATENCY_MS });
    await call("DELETE", "/_sandbox/requests");

    const rows: { step: string; ok: boolean; ms: number; calls: Record<string, number> }[] = [];
    const started = performance.now();
    await driveChecklist(database, {
      federationId: "bench",
      sandboxUrl: server.url,
      onStep: async (step, result, ms) => {
        const { requests } = (await call("GET", "/_sandbox/requests")) as { requests: Record<string, number> };
        await call("DELETE", "/_sandbox/requests");
        rows.push({ step, ok: result.ok, ms, calls: requests });
      },
    });
    const total = performance.now() - started;

    const services = ["/graph", "/login", "/aws", "/scim", "/awsapps"];
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    process.stdout.write(`\nSetup checklist, ${LATENCY_MS} ms injected latency per upstream call (sandbox cloud)\n\n`);
    process.stdout.write(`${"step".padEnd(26)}${pad("wall ms", 9)}${pad("calls", 7)}${services.map((s) => pad(s, 9)).join("")}${pad("ms/call", 9)}\n`);
    let allCalls = 0;
    for (const row of rows) {
      const count = Object.values(row.calls).reduce((a, b) => a + b, 0);
      allCalls += count;
      process.stdout.write(
        `${(row.ok ? row.step : `${row.step} (FAILED)`).padEnd(26)}${pad(row.ms.toFixed(0), 9)}${pad(count, 7)}${services.map((s) => pad(row.calls[s] ?? 0, 9)).join("")}${pad(count ? (row.ms / count).toFixed(0) : "-", 9)}\n`,
      );
    }
    process.stdout.write(`${"whole run".padEnd(26)}${pad(total.toFixed(0), 9)}${pad(allCalls, 7)}\n`);
    process.stdout.write(
      `\n/scim counts the sandbox provisioning engine's own SCIM calls during on-demand provisioning as well as the portal's token checks.\n` +
        `If calls were made strictly one at a time, each would cost at least ${LATENCY_MS} ms; ms/call under ${LATENCY_MS} means calls overlapped.\n`,
    );
    if (rows.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await database.$disconnect();
    await server.close();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
