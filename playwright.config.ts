import fs from "node:fs";
import { defineConfig } from "@playwright/test";

// e2e runs the production build (npm test builds it first) on its own ports, its own sandbox cloud
// and its own fresh database, in Debian's Chromium; Playwright never downloads a browser here.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4110);
const LIVE_PORT = PORT + 1;
process.env.E2E_DATABASE_URL ??= `file:./data/e2e-${Date.now()}.db`;
const databaseUrl = process.env.E2E_DATABASE_URL;
// Exported to the tests: the second server runs in live mode (no cloud is contacted in these tests).
process.env.E2E_LIVE_URL = `http://127.0.0.1:${LIVE_PORT}`;
process.env.E2E_SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
// Known keys, so the session tests can seal cookies exactly as the server does (e.g. an expired one). The live
// server below is given the SAME encryption and session keys: a sandbox sign-in must still not work there.
process.env.E2E_ENCRYPTION_KEYS ??= `1:${Buffer.alloc(32, 7).toString("base64")}`;
process.env.E2E_SESSION_KEYS ??= `1:${Buffer.alloc(32, 9).toString("base64")}`;
// How often a session's app role is re-read from the sandbox Entra (the default is 300 s).
process.env.E2E_ROLE_CHECK_SECONDS ??= "3";
if (!/^file:\.\/data\/e2e-|ib_e2e_/.test(databaseUrl)) throw new Error("e2e refuses to run against a database that is not a throwaway e2e database");
if (!fs.existsSync(".next/BUILD_ID")) throw new Error("e2e serves the production build: run `npm run build` first (npm test does)");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: "node_modules/.bin/tsx scripts/start.ts",
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        HOST: "127.0.0.1",
        IB_MODE: "sandbox",
        IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
        IB_SESSION_KEYS: process.env.E2E_SESSION_KEYS,
        IB_SESSION_ROLE_CHECK_SECONDS: process.env.E2E_ROLE_CHECK_SECONDS,
        DATABASE_URL: databaseUrl,
        SANDBOX_URL: `http://127.0.0.1:${SANDBOX_PORT}`,
        // E2E_LOG_LEVEL=debug shows each poll of the provisioning poller (what it read, how long it took).
        IB_LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
    {
      command: "node_modules/.bin/tsx scripts/start.ts",
      url: `http://127.0.0.1:${LIVE_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(LIVE_PORT),
        HOST: "127.0.0.1",
        IB_MODE: "live",
        // Live mode requires its public URL (plain http on loopback here, so its cookies are not Secure).
        IB_PUBLIC_URL: `http://127.0.0.1:${LIVE_PORT}`,
        IB_ENCRYPTION_KEYS: process.env.E2E_ENCRYPTION_KEYS,
        IB_SESSION_KEYS: process.env.E2E_SESSION_KEYS,
        IB_AUDIT_KEYS: `1:${Buffer.alloc(32, 2).toString("base64")}`,
        // A live sign-in app whose authority (an unroutable documentation address) nobody answers.
        ENTRA_SIGNIN_TENANT_ID: "00000000-0000-4000-8000-000000000001",
        ENTRA_SIGNIN_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
        ENTRA_SIGNIN_CLIENT_SECRET: "live-e2e-secret-never-used",
        ENTRA_AUTHORITY_HOST: "https://192.0.2.1",
        DATABASE_URL: databaseUrl.replace(".db", "-live.db"),
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
