import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { expect, signIn, test } from "./fixtures";
import { createThrowawayDatabase } from "../scripts/lib/postgres";

// Two app processes (the production build, `npm start`) against one PostgreSQL database: exactly one holds
// the provisioning poller's advisory lock and polls, both serve the same stored status, and when the leader
// stops the other takes over. Its own sandbox cloud and database, so it never meets the other specs' data.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110) + 2;
const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
const replicaUrl = (i: number) => `http://127.0.0.1:${BASE_PORT + i}`;

interface Health {
  status: string;
  database: { provider: string };
  poller: { state: "leader" | "standby" | "off"; polls: number };
}

const children: ChildProcess[] = [];
let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
let replicas: ChildProcess[] = [];

function start(command: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], detached: false });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on("exit", (code) => {
    if (code && code !== 0 && code !== 143) process.stderr.write(`[replicas] ${args.join(" ")} exited ${code}: ${stderr}\n`);
  });
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const health = async (i: number): Promise<Health> => (await (await fetch(`${replicaUrl(i)}/api/health`, { cache: "no-store" })).json()) as Health;

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const tsx = "node_modules/.bin/tsx";
  start(tsx, ["sandbox/main.ts"], { SANDBOX_PORT: String(SANDBOX_PORT) });
  await waitFor("the sandbox", async () => ((await fetch(`${SANDBOX_URL}/_sandbox/health`)).ok ? true : undefined));
  const post = (path: string, body: unknown) => fetch(`${SANDBOX_URL}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await post("/_sandbox/aws/settings", { asyncDelayMs: 50 });
  await post("/_sandbox/entra/config", { replicationDelayMs: 300, cycleIntervalMs: 3_600_000 });

  database = await createThrowawayDatabase("e2e_replicas");
  const env = {
    DATABASE_URL: database.url,
    IB_MODE: "sandbox",
    SANDBOX_URL,
    IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
    IB_SESSION_KEYS: process.env.E2E_SESSION_KEYS,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    IB_LOG_LEVEL: "warn",
  };
  const migrate = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, ...env }, encoding: "utf8" });
  expect(migrate.status, migrate.stderr).toBe(0);
  const drive = spawnSync(tsx, ["--conditions=react-server", "e2e/support/drive-setup.ts", "default"], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 150_000 });
  expect(drive.status, drive.stderr).toBe(0);

  replicas = [0, 1].map((i) =>
    start(tsx, ["scripts/start.ts"], { ...env, PORT: String(BASE_PORT + i), HOST: "127.0.0.1", IB_POLLER_STANDBY_MS: "500", NEXT_TELEMETRY_DISABLED: "1" }),
  );
  for (const i of [0, 1]) await waitFor(`replica ${i}`, async () => ((await health(i)).status === "ok" ? true : undefined));
});

test.afterAll(async () => {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1_000));
  await database?.drop();
});

test("exactly one replica polls, both serve the same status, and the other takes over when the leader stops", async ({ browser }) => {
  // Both processes run a poller; the advisory lock lets one poll.
  const roles = await waitFor("a leader", async () => {
    const both = await Promise.all([health(0), health(1)]);
    return both.some((h) => h.poller.state === "leader" && h.poller.polls > 0) ? both : undefined;
  });
  expect(roles.map((h) => h.database.provider)).toEqual(["PostgreSQL", "PostgreSQL"]);
  expect(roles.map((h) => h.poller.state).sort()).toEqual(["leader", "standby"]);
  const leader = roles.findIndex((h) => h.poller.state === "leader");
  const standby = 1 - leader;
  // A few standby rounds later the standby still has not polled once.
  await new Promise((r) => setTimeout(r, 2_000));
  expect((await health(standby)).poller).toEqual({ state: "standby", polls: 0 });

  // Both replicas render the same stored snapshot.
  const shown: string[] = [];
  for (const i of [leader, standby]) {
    const context = await browser.newContext({ baseURL: replicaUrl(i) });
    const page = await context.newPage();
    await signIn(page, "auditor", "/provisioning");
    await expect(page.getByTestId("job-health")).toBeVisible({ timeout: 30_000 });
    shown.push(`${await page.getByTestId("job-health").getAttribute("data-health")} | ${await page.getByTestId("last-cycle").textContent()}`);
    await context.close();
  }
  expect(shown[1]).toBe(shown[0]);

  // The leader goes away; the standby takes the lock and polls.
  replicas[leader]?.kill("SIGTERM");
  const takeover = await waitFor("the standby to take over", async () => {
    const h = await health(standby);
    return h.poller.state === "leader" && h.poller.polls > 0 ? h : undefined;
  }, 30_000);
  expect(takeover.poller.state).toBe("leader");
});
