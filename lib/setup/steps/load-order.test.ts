import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

// Step modules name each other through step-ref, which reads the step catalog (plain data), not the modules: were it
// to read the modules, a process whose first import is a step's shared module would evaluate a step module before the
// shared constants it uses ("Cannot access … before initialization"). Checked in a fresh Node process (tsx, as the
// scripts run), whose module graph starts at that shared module: vitest's own module runner loads cycles differently.
it("a step's shared module can be the first module a process loads", () => {
  const root = path.resolve(__dirname, "../../..");
  const script = [
    'const shared = await import("./lib/setup/steps/identity-center/shared.ts");',
    'const { checklistFor } = await import("./lib/setup/checklists.ts");',
    'console.log(typeof shared.scimTokenOf, checklistFor("identity-center").length);',
  ].join("\n");
  const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "--input-type=module", "--eval", script], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.stderr).not.toMatch(/before initialization|ReferenceError/);
  expect(run.stdout.trim()).toBe("function 17");
}, 60_000);
