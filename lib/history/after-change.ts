import "server-only";
import type { Database } from "../db";
import { log } from "../log";
import { DEFAULT_FEDERATION } from "../setup/store";
import { takeSnapshot } from "./store";

/**
 * Portal actions that change the federation in Entra or AWS: each success is followed by a snapshot
 * (issue 14: "a snapshot is taken after every change the portal makes"). Read-only lookups, checks and the
 * portal's own settings are not here.
 */
export const FEDERATION_CHANGING_ACTIONS: ReadonlySet<string> = new Set([
  "setup.step.run",
  "provisioning.job.start",
  "provisioning.job.pause",
  "provisioning.job.restart",
  "provisioning.on-demand",
  "provisioning.scim-token.rotate",
  "provisioning.scim-token.retire",
  "provisioning.certificate.add",
  "provisioning.certificate.activate",
  "helpdesk.on-demand",
  "access.membership.add",
  "access.membership.remove",
  "access.permission-set.reprovision",
]);

let queued: { reason: string; actor: string | null } | null = null;
let running: Promise<void> | null = null;

/**
 * Records the configuration after a portal change, in the background of the request that made it: the change is
 * already audited, and a slow or failed read must not turn it into an error. Changes that land while a snapshot runs
 * are folded into one more snapshot after it. Returns the work, for callers (tests) that want to wait.
 */
export function snapshotAfterChange(database: Database, reason: string, actor: string | null, federationId = DEFAULT_FEDERATION): Promise<void> {
  queued = { reason, actor };
  if (!running) drain(database, federationId);
  return running ?? Promise.resolve();
}

function drain(database: Database, federationId: string) {
  running = (async () => {
    while (queued) {
      const next = queued;
      queued = null;
      try {
        await takeSnapshot(database, federationId, { trigger: "change", reason: next.reason, actor: next.actor });
      } catch (error) {
        log("warn", "configuration snapshot after a change failed", { reason: next.reason, error: error instanceof Error ? error.message : String(error) });
      }
    }
  })().finally(() => {
    running = null;
    // A change that arrived between the loop's last look and here.
    if (queued) drain(database, federationId);
  });
}
