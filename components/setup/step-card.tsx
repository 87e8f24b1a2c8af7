import type { ReactNode } from "react";
import { ATTENTION_KEY, attentionOf } from "@/lib/setup/attention";
import type { ChecklistStep } from "@/lib/setup/store";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import { Notice } from "../ui/notice";
import { STATUS_LABEL, STATUS_TONE } from "./status";

const SIDE_TONE = { Entra: "info", AWS: "warn", Both: "neutral" } as const;
const HOW_LABEL = {
  automated: "The portal does this",
  manual: "You do this in the AWS console; the portal checks it",
  input: "The portal needs something from you",
} as const;

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  // What needs attention is shown on its own, above the evidence.
  const entries = Object.entries(evidence).filter(([key]) => key !== ATTENTION_KEY);
  if (!entries.length) return null;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-medium text-slate-500">{key}</dt>
          <dd className="font-mono break-all text-slate-800">
            {Array.isArray(value) ? value.join(" · ") : typeof value === "object" ? JSON.stringify(value) : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One checklist step: what the guide says, the console screen, how it is done and verified, the evidence.
 * `waitingFor` names the unfinished prerequisites ("2. Create the … app"). A step done whose check found
 * problems (users the lint flags) is done in amber, with what needs attention listed.
 */
export function StepCard({
  step,
  waitingFor,
  screens,
  actions,
  extra,
}: {
  step: ChecklistStep;
  waitingFor: string[];
  screens?: ReactNode;
  actions?: ReactNode;
  extra?: ReactNode;
}) {
  const { state } = step;
  const attention = state.status === "done" ? attentionOf(state.evidence) : null;
  return (
    <article
      id={`step-${step.id}`}
      aria-labelledby={`step-${step.id}-title`}
      className={cn(
        "scroll-mt-36 rounded-xl border bg-white shadow-sm",
        attention ? "border-amber-300" : state.status === "done" ? "border-emerald-200" : state.status === "failed" ? "border-red-200" : "border-slate-200",
      )}
    >
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-3">
        <span
          className={cn(
            "grid size-8 place-items-center rounded-full text-sm font-semibold",
            attention ? "bg-amber-100 text-amber-900" : state.status === "done" ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700",
          )}
        >
          {attention ? "!" : state.status === "done" ? "✓" : step.number}
        </span>
        <h2 id={`step-${step.id}-title`} className="flex-1 text-base font-semibold text-slate-900">
          {step.number}. {step.title}
        </h2>
        <Badge tone={SIDE_TONE[step.side]}>{step.side}</Badge>
        <Badge tone={attention ? "warn" : STATUS_TONE[state.status]}>{STATUS_LABEL[state.status]}</Badge>
        {attention ? <Badge tone="warn">{attention.summary}</Badge> : null}
      </header>
      <div className="grid gap-5 px-5 py-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <div className="space-y-3 text-sm">
          <p className="text-slate-700">
            <span className="font-medium text-slate-900">The guide: </span>
            {step.guide}
          </p>
          <p className="text-slate-600">
            <span className="font-medium text-slate-900">How: </span>
            {HOW_LABEL[step.how]}.
          </p>
          <p className="text-slate-600">
            <span className="font-medium text-slate-900">Verified by: </span>
            {step.verifiedBy}
          </p>
          {waitingFor.length && state.status !== "done" ? <Notice tone="neutral">Waiting for {waitingFor.join("; ")}.</Notice> : null}
          {attention ? (
            <Notice tone="warn" title={`Done — ${attention.summary}`}>
              <ul className="list-disc pl-5">
                {attention.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          {state.status === "interrupted" ? (
            <Notice tone="warn" title="Interrupted">
              The attempt started by {state.attempt?.by ?? "someone"} stopped before it finished (its server went away).
              {state.attempt?.created.length ? ` It may already have created: ${state.attempt.created.join("; ")}. Running the step again adopts it.` : " Run the step again."}
            </Notice>
          ) : null}
          {state.lastCheck && state.lastCheck.result !== "ok" ? (
            <Notice tone="warn" title={state.lastCheck.result === "could-not-verify" ? "Could not verify" : "The last check found a problem"}>
              {state.lastCheck.message} (checked by {state.lastCheck.by ?? "someone"}; the step stays {STATUS_LABEL[state.status]} until an admin runs it again.)
            </Notice>
          ) : null}
          {state.status === "failed" && state.error ? (
            <Notice tone="bad" title="Last attempt failed">
              {state.error}
            </Notice>
          ) : null}
          {extra}
          {actions}
          {state.evidence ? (
            <details open={state.status === "done"} className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
              <summary className="cursor-pointer text-xs font-semibold text-slate-700">Evidence</summary>
              <div className="mt-2">
                <Evidence evidence={state.evidence} />
              </div>
            </details>
          ) : null}
          {state.verifiedAt ? (
            <p className="text-xs text-slate-500">
              {state.status === "done" && state.doneBy ? `Done by ${state.doneBy} · ` : ""}
              last checked <time dateTime={state.verifiedAt.toISOString()}>{state.verifiedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</time> ·{" "}
              {state.attempts} attempt{state.attempts === 1 ? "" : "s"}
              {state.requestIds.length ? ` · request ${state.requestIds[state.requestIds.length - 1]}` : ""}
            </p>
          ) : null}
        </div>
        <div className="min-w-0 space-y-3">{screens}</div>
      </div>
    </article>
  );
}
