import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { pgAdminUrl } from "./postgres";

const isRoot = () => process.getuid?.() === 0;

function aptInstall(packages: string[]) {
  if (!isRoot()) throw new Error(`missing ${packages.join(", ")}: install with apt-get install -y ${packages.join(" ")}`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...packages], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** Debian's Chromium for Playwright; never a downloaded browser. */
export function ensureChromium(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(path)) aptInstall(["chromium"]);
  return path;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgAdminUrl(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The local PostgreSQL server: started if it is down, installed if it is missing. */
export async function ensurePostgres(): Promise<void> {
  if (await postgresAnswers()) return;
  if (!fs.existsSync("/etc/postgresql")) aptInstall(["postgresql"]);
  const version = fs.readdirSync("/etc/postgresql")[0];
  if (!version) throw new Error("PostgreSQL is installed but has no cluster in /etc/postgresql");
  spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
  for (let i = 0; i < 20 && !(await postgresAnswers()); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await postgresAnswers())) throw new Error(`PostgreSQL does not answer at ${pgAdminUrl()}`);
}
