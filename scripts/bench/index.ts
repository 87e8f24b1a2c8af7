import { benchAccess } from "./access";
import { benchAudit } from "./audit";
import { benchHelpdesk } from "./helpdesk";
import { benchSetup } from "./setup";
import { benchStatus } from "./status";

// `npm run bench`: the portal's performance figures, measured against the sandbox cloud. Each section
// prints its own table and returns false when a figure misses its target; `npm run bench -- setup`
// runs one section.

const SECTIONS: Record<string, () => Promise<boolean>> = {
  setup: benchSetup,
  status: benchStatus,
  helpdesk: benchHelpdesk,
  access: benchAccess,
  audit: benchAudit,
};

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in SECTIONS));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${Object.keys(SECTIONS).join(", ")}`);
  let ok = true;
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    ok = (await run()) && ok;
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
