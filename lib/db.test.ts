import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "./db";

// The SQLite file holds the audit log and encrypted secrets: readable by the portal's user only, like the key files.
const made: string[] = [];
const scratch = (label: string) => {
  const file = path.join("data", `db-mode-${label}-${Date.now()}-${process.pid}.db`);
  made.push(file);
  return file;
};
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

afterAll(() => {
  for (const file of made) for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
});

describe("the SQLite database file", () => {
  it("is created 0600 when the portal opens a database that does not exist yet", async () => {
    const file = scratch("open");
    const database = createDatabase(`file:./${file}`);
    try {
      await database.$queryRaw`SELECT 1`;
    } finally {
      await database.$disconnect();
    }
    expect(modeOf(file).toString(8)).toBe("600");
  });

  it("is created 0600 by the migrations that `npm run dev` and `npm start` run first", () => {
    const file = scratch("migrate");
    const result = spawnSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:./${file}`, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(modeOf(file).toString(8)).toBe("600");
  }, 60_000);

  it("left world-readable by an older version is tightened to 0600 when opened", async () => {
    const file = scratch("old");
    fs.mkdirSync("data", { recursive: true });
    fs.writeFileSync(file, "", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const database = createDatabase(`file:./${file}`);
    try {
      await database.$queryRaw`SELECT 1`;
    } finally {
      await database.$disconnect();
    }
    expect(modeOf(file).toString(8)).toBe("600");
  });
});
