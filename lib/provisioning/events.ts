import "server-only";
import { EventEmitter } from "node:events";

/** A snapshot was stored in this process. Other replicas notice through the database (see watch.ts). */
export interface SnapshotStored {
  federationId: string;
  snapshotId: number;
}

const globalForEvents = globalThis as unknown as { identityBridgeProvisioningEvents?: EventEmitter };

/** One emitter per process (Next.js may load this module more than once). */
export function provisioningEvents(): EventEmitter {
  if (!globalForEvents.identityBridgeProvisioningEvents) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    globalForEvents.identityBridgeProvisioningEvents = emitter;
  }
  return globalForEvents.identityBridgeProvisioningEvents;
}

export const emitSnapshotStored = (event: SnapshotStored) => provisioningEvents().emit("snapshot", event);
