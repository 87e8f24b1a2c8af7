import "server-only";
import { EventEmitter } from "node:events";
import type { AwsJobProgress } from "./store";

/**
 * Job progress in this process, for an open page's live stream (the provisioning stream's pattern,
 * lib/provisioning/events.ts). Other replicas' progress is in the database: readAwsJobProgress.
 */
const globalForEvents = globalThis as unknown as { identityBridgeAwsJobEvents?: EventEmitter };

export function awsJobEvents(): EventEmitter {
  if (!globalForEvents.identityBridgeAwsJobEvents) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    globalForEvents.identityBridgeAwsJobEvents = emitter;
  }
  return globalForEvents.identityBridgeAwsJobEvents;
}

export const emitAwsJobProgress = (progress: AwsJobProgress) => awsJobEvents().emit("progress", progress);

/** Calls `listener` with each progress of `jobId` (or every job); returns the unsubscribe. */
export function onAwsJobProgress(jobId: string | null, listener: (progress: AwsJobProgress) => void): () => void {
  const wrapped = (p: AwsJobProgress) => {
    if (!jobId || p.jobId === jobId) listener(p);
  };
  awsJobEvents().on("progress", wrapped);
  return () => awsJobEvents().off("progress", wrapped);
}
