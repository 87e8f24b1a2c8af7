import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const tsx = path.join("node_modules", ".bin", "tsx");

function start(env: Record<string, string>) {
  return spawnSync(tsx, ["scripts/start.ts"], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env }, encoding: "utf8", timeout: 30_000 });
}

describe("start-up configuration", () => {
  it("refuses live mode without an encryption key, before touching the database", () => {
    const result = start({ IB_MODE: "live", DATABASE_URL: "file:./data/never-created.db" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("IB_ENCRYPTION_KEYS: live mode refuses to start without an encryption key");
    expect(result.stdout).not.toContain("applying migrations");
  });

  it("names every invalid variable at once", () => {
    const result = start({ IB_MODE: "staging", DATABASE_URL: "mysql://db/x" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/IB_MODE: must be "sandbox" or "live"/);
    expect(result.stderr).toMatch(/DATABASE_URL: must start with file: \(SQLite\) or postgres:\/\//);
  });
});
