import fs from "node:fs";
import { out, pad, withHarness } from "./harness";

// Setup checklist (issue 6): every upstream call gets 100 ms of injected latency; for each step the
// wall time and the number of upstream calls it made (by service), then the whole run.

const LATENCY_MS = 100;
/** Issue 18: the whole Identity Center checklist in at most this many portal actions. */
const PORTAL_ACTIONS_TARGET = 8;
/** Written by e2e/setup.spec.ts (e2e/support/action-count.ts), which counts every action it performs as it sets up. */
const ACTIONS_FILE = "data/bench/setup-actions.json";

/** The human actions the setup e2e counted on its last run; a run that has not happened is a miss, not a pass. */
function humanActions(): boolean {
  if (!fs.existsSync(ACTIONS_FILE)) {
    out(`\nhuman actions: not measured (target portal ≤ ${PORTAL_ACTIONS_TARGET}): run \`npx playwright test e2e/setup.spec.ts\` first, it counts them`);
    return false;
  }
  const counted = JSON.parse(fs.readFileSync(ACTIONS_FILE, "utf8")) as { portal: number; console: number; log: string[]; at: string };
  out(`\nhuman actions: portal ${counted.portal}, console ${counted.console}   (target portal ≤ ${PORTAL_ACTIONS_TARGET}; counted by the setup e2e at ${counted.at})`);
  for (const line of counted.log) out(`  ${line}`);
  out("  (console actions are the sandbox console API calls the e2e makes, one per console task; the real console takes more clicks per task)");
  return counted.portal <= PORTAL_ACTIONS_TARGET;
}

export function benchSetup(): Promise<boolean> {
  return withHarness("setup", async ({ sandbox, database, call }) => {
    const { driveChecklist } = await import("../../lib/setup/testing/drive-checklist");
    await call("POST", "/_sandbox/aws/settings", { asyncDelayMs: 0, rateLimits: { identitycenter: null } });
    await call("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    await call("POST", "/_sandbox/faults", { latencyMs: LATENCY_MS });
    await call("DELETE", "/_sandbox/requests");

    const rows: { step: string; ok: boolean; ms: number; calls: Record<string, number> }[] = [];
    const started = performance.now();
    await driveChecklist(database, {
      federationId: "bench",
      sandboxUrl: sandbox.url,
      onStep: async (step, result, ms) => {
        const { requests } = await call<{ requests: Record<string, number> }>("GET", "/_sandbox/requests");
        await call("DELETE", "/_sandbox/requests");
        rows.push({ step, ok: result.ok, ms, calls: requests });
      },
    });
    const total = performance.now() - started;

    const services = ["/graph", "/login", "/aws", "/scim", "/awsapps"];
    out(`\nSetup checklist, ${LATENCY_MS} ms injected latency per upstream call (sandbox cloud)\n`);
    out(`${"step".padEnd(26)}${pad("wall ms", 9)}${pad("calls", 7)}${services.map((s) => pad(s, 9)).join("")}${pad("ms/call", 9)}`);
    let allCalls = 0;
    for (const row of rows) {
      const count = Object.values(row.calls).reduce((a, b) => a + b, 0);
      allCalls += count;
      out(
        `${(row.ok ? row.step : `${row.step} (FAILED)`).padEnd(26)}${pad(row.ms.toFixed(0), 9)}${pad(count, 7)}${services.map((s) => pad(row.calls[s] ?? 0, 9)).join("")}${pad(count ? (row.ms / count).toFixed(0) : "-", 9)}`,
      );
    }
    out(`${"whole run".padEnd(26)}${pad(total.toFixed(0), 9)}${pad(allCalls, 7)}`);
    out(
      `\n/scim counts the sandbox provisioning engine's own SCIM calls during on-demand provisioning as well as the portal's token checks.\n` +
        `If calls were made strictly one at a time, each would cost at least ${LATENCY_MS} ms; ms/call under ${LATENCY_MS} means calls overlapped.`,
    );
    const actionsOk = humanActions();
    return rows.every((r) => r.ok) && actionsOk;
  });
}
