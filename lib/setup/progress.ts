import "server-only";
import { EventEmitter } from "node:events";
import type { StepProgress } from "./context";
import type { StepId } from "./steps";

/**
 * What the open Setup page is told as it happens: a step's attempt started, what a long step waits for (with the
 * attempt and what is left), a step settled, the run of automated steps moved on or stopped. In this process only:
 * the page's stream (app/setup/events) also re-reads the stored step states, so a change made by another replica
 * still reaches it, only without the waiting detail.
 */
export type SetupEvent =
  | ({ type: "progress"; federationId: string; step: StepId; startedAt: string } & StepProgress)
  | { type: "step"; federationId: string; step: StepId; status: "running" | "done" | "failed" }
  /** Long work that is not a checklist step (SCIM token rotation), for the page that started it. */
  | ({ type: "task"; federationId: string; task: "scim-token-rotation" | "role-manager-key-rotation"; startedAt: string } & StepProgress)
  | { type: "run"; federationId: string; status: "running" | "stopped" | "failed" | "finished"; step?: StepId; message?: string };

// On globalThis: Next.js bundles each route and action separately, so a module-level emitter would be one per bundle.
const globalForEvents = globalThis as unknown as { identityBridgeSetupEvents?: EventEmitter };

function bus(): EventEmitter {
  if (!globalForEvents.identityBridgeSetupEvents) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    globalForEvents.identityBridgeSetupEvents = emitter;
  }
  return globalForEvents.identityBridgeSetupEvents;
}

export function publishSetupEvent(event: SetupEvent) {
  bus().emit("event", event);
}

/** Follows one federation's events; returns the unsubscribe. */
export function subscribeSetupEvents(federationId: string, listener: (event: SetupEvent) => void): () => void {
  const filtered = (event: SetupEvent) => {
    if (event.federationId === federationId) listener(event);
  };
  bus().on("event", filtered);
  return () => bus().off("event", filtered);
}
