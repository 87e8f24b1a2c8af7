import type { Tone } from "../ui/badge";

/** "interrupted": an attempt whose process stopped before it recorded an outcome (its lease ran out). */
export type StepStatus = "not-started" | "running" | "interrupted" | "done" | "failed";

export const STATUS_LABEL: Record<StepStatus, string> = { "not-started": "To do", running: "Running", interrupted: "Interrupted", done: "Done", failed: "Failed" };
export const STATUS_TONE: Record<StepStatus, Tone> = { "not-started": "neutral", running: "info", interrupted: "warn", done: "good", failed: "bad" };
export const STATUS_DOT: Record<StepStatus, string> = {
  "not-started": "bg-slate-300",
  running: "bg-sky-500 animate-pulse",
  interrupted: "bg-amber-500",
  done: "bg-emerald-500",
  failed: "bg-red-500",
};
