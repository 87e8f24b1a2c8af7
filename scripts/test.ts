import { spawn } from "node:child_process";
import { bin, quietEnv } from "./lib/boot";
import { ensureChromium, ensurePostgres } from "./lib/prerequisites";

// `npm test`: every check the project has, in order, each stage timed; one closing summary line.
interface Stage {
  name: string;
  command: string;
  args: string[];
  /** Skip when one of these stages failed (e2e needs the build). */
  needs?: string[];
}

const stages: Stage[] = [
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "types", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "migrations", command: bin("tsx"), args: ["scripts/check-migrations.ts"] },
  { name: "unit", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "integration:sqlite", command: bin("tsx"), args: ["scripts/integration.ts", "sqlite"] },
  { name: "integration:postgres", command: bin("tsx"), args: ["scripts/integration.ts", "postgres"] },
  { name: "build", command: bin("next"), args: ["build"] },
  { name: "e2e", command: bin("playwright"), args: ["test"], needs: ["build"] },
];

const only = process.argv.slice(2);
const selected = only.length ? stages.filter((s) => only.includes(s.name)) : stages;

try {
  ensureChromium();
  await ensurePostgres();
} catch (error) {
  process.stderr.write(`npm test cannot run: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const results: { name: string; status: "passed" | "failed" | "skipped"; seconds: number; failures?: string[] }[] = [];

// A failing test's name is printed far above the summary (a CI log often shows only its tail), so the lines that name
// failures (vitest's "FAIL" and "×", Playwright's "✘") are also kept and repeated under the summary.
const ANSI = /\x1b\[[0-9;]*m/g;
const FAILURE_LINE = /^\s*(FAIL\s|✘|×\s)/;
function runStage(stage: Stage): Promise<{ code: number | null; failures: string[] }> {
  return new Promise((resolve) => {
    const failures = new Set<string>();
    const child = spawn(stage.command, stage.args, {
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, ...quietEnv, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}) },
    });
    const watch = (into: NodeJS.WriteStream) => {
      let partial = "";
      return (chunk: Buffer) => {
        into.write(chunk);
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          const plain = line.replace(ANSI, "").trim();
          if (FAILURE_LINE.test(plain) && failures.size < 30) failures.add(plain);
        }
      };
    };
    child.stdout.on("data", watch(process.stdout));
    child.stderr.on("data", watch(process.stderr));
    child.on("close", (code) => resolve({ code, failures: [...failures] }));
  });
}
const started = performance.now();
for (const stage of selected) {
  const failedNeed = stage.needs?.find((need) => results.some((r) => r.name === need && r.status !== "passed"));
  if (failedNeed) {
    results.push({ name: stage.name, status: "skipped", seconds: 0 });
    continue;
  }
  process.stdout.write(`\n\x1b[1m▶ ${stage.name}\x1b[0m\n`);
  const t0 = performance.now();
  const { code, failures } = await runStage(stage);
  results.push({ name: stage.name, status: code === 0 ? "passed" : "failed", seconds: (performance.now() - t0) / 1000, failures });
}

const mark = { passed: "\x1b[32m✓\x1b[0m", failed: "\x1b[31m✗\x1b[0m", skipped: "\x1b[33m-\x1b[0m" };
process.stdout.write("\nSummary\n");
for (const r of results) process.stdout.write(`  ${mark[r.status]} ${r.name.padEnd(22)} ${r.status === "skipped" ? "skipped" : `${r.seconds.toFixed(1)} s`}\n`);
for (const r of results) {
  if (r.status === "failed" && r.failures?.length) process.stdout.write(`\n${r.name} failures:\n${r.failures.map((line) => `    ${line}`).join("\n")}\n`);
}
const passed = results.filter((r) => r.status === "passed").length;
const total = (performance.now() - started) / 1000;
const failed = results.filter((r) => r.status !== "passed").map((r) => r.name);
process.stdout.write(
  failed.length
    ? `\nnpm test: FAILED — ${passed}/${results.length} stages passed in ${total.toFixed(0)} s; failed: ${failed.join(", ")}\n`
    : `\nnpm test: OK — ${passed}/${results.length} stages passed in ${total.toFixed(0)} s\n`,
);
process.exit(failed.length ? 1 : 0);
