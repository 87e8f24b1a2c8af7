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
  "setup.role-manager-key.rotate",
  "setup.role-manager-key.retire",
  "setup.role-manager-key.delete-other",
  "provisioning.certificate.add",
  "provisioning.certificate.activate",
  "helpdesk.on-demand",
  "access.membership.add",
  "access.membership.remove",
  "access.permission-set.reprovision",
]);

/** Per federation: the change waiting for a snapshot, and the snapshot being taken. */
const pending = new Map<string, { queued: { reason: string; actor: string | null } | null; running: Promise<void> | null }>();

/**
 * Records the configuration after a portal change, in the background of the request that made it: the change is
 * already audited, and a slow or failed read must not turn it into an error. Changes that land while a snapshot runs
 * are folded into one more snapshot after it. Returns the work, for callers (tests) that want to wait.
 */
export function snapshotAfterChange(database: Database, reason: string, actor: string | null, federationId = DEFAULT_FEDERATION): Promise<void> {
  const state = pending.get(federationId) ?? { queued: null, running: null };
  pending.set(federationId, state);
  state.queued = { reason, actor };
  if (!state.running) drain(database, federationId, state);
  return state.running ?? Promise.resolve();
}

/** The federation an action changed: its input's `federationId` (or `federation`, as the setup actions name it), else the default one. */
export function federationOfInput(input: unknown): string {
  const fields = input && typeof input === "object" ? (input as { federationId?: unknown; federation?: unknown }) : undefined;
  const id = fields?.federationId ?? fields?.federation;
  return typeof id === "string" && id ? id : DEFAULT_FEDERATION;
}

function drain(database: Database, federationId: string, state: { queued: { reason: string; actor: string | null } | null; running: Promise<void> | null }) {
  state.running = (async () => {
    while (state.queued) {
      const next = state.queued;
      state.queued = null;
      try {
        await takeSnapshot(database, federationId, { trigger: "change", reason: next.reason, actor: next.actor });
      } catch (error) {
        log("warn", "configuration snapshot after a change failed", { federationId, reason: next.reason, error: error instanceof Error ? error.message : String(error) });
      }
    }
  })().finally(() => {
    state.running = null;
    // A change that arrived between the loop's last look and here.
    if (state.queued) drain(database, federationId, state);
  });
}
