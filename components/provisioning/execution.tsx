import type { TaskExecution } from "@/lib/entra/provisioning-job";
import { cycleKind } from "@/lib/provisioning/job-state";
import { formatDuration, formatUtc } from "./format";

const STATE_WORDS: Record<string, string> = { Succeeded: "succeeded", EntryLevelErrors: "finished with entry errors", Failed: "failed" };

/** One cycle in a line: when, how long, how it ended, initial or incremental, and what it processed. */
export function Execution({ execution }: { execution: TaskExecution | null }) {
  if (!execution) return <>never</>;
  const kind = cycleKind(execution);
  return (
    <>
      {formatUtc(execution.timeBegan)}
      {execution.timeEnded ? ` · took ${formatDuration(execution.timeBegan, execution.timeEnded)}` : ""} · {STATE_WORDS[execution.state] ?? "unknown"}
      {kind === "unknown" ? "" : ` · ${kind} cycle`}
      {" · "}
      {execution.countImported} processed, {execution.countExported} exported
    </>
  );
}
