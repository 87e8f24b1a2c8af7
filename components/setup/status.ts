import type { Tone } from "../ui/badge";

export type StepStatus = "not-started" | "running" | "done" | "failed";

export const STATUS_LABEL: Record<StepStatus, string> = { "not-started": "To do", running: "Running", done: "Done", failed: "Failed" };
export const STATUS_TONE: Record<StepStatus, Tone> = { "not-started": "neutral", running: "info", done: "good", failed: "bad" };
export const STATUS_DOT: Record<StepStatus, string> = {
  "not-started": "bg-slate-300",
  running: "bg-sky-500 animate-pulse",
  done: "bg-emerald-500",
  failed: "bg-red-500",
};
