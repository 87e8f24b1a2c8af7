import type { AuditEventView } from "@/lib/audit/list";
import { Badge, type Tone } from "../ui/badge";
import { ChangeDiff } from "./change-diff";

const resultTone: Record<string, Tone> = { success: "good", failure: "bad", denied: "warn", intent: "neutral" };

/**
 * The events, newest first, one block each: what happened on the first line, who and on what on the
 * second, then the change and the upstream request ids folded away. No fixed-width columns, so it fits
 * any window from 1,024 px up without a horizontal scroll, and an opened change gets the full width.
 */
export function AuditTable({ events, filtered = false }: { events: AuditEventView[]; filtered?: boolean }) {
  if (events.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        {filtered ? "No events match these filters." : "No events yet. Every change made through the portal will appear here."}
      </p>
    );
  }
  return (
    <ol aria-label="Audit events, newest first" className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
      {events.map((event) => (
        <li key={event.id} className="min-w-0 px-4 py-3" aria-label={`Event ${event.seq}: ${event.action}`}>
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-mono text-xs text-slate-600">#{event.seq}</span>
            <time className="text-sm whitespace-nowrap text-slate-700" dateTime={event.at.toISOString()}>
              {event.at.toISOString().replace("T", " ").slice(0, 19)} UTC
            </time>
            <span className="font-mono text-sm font-medium [overflow-wrap:anywhere] text-slate-900">{event.action}</span>
            <Badge tone={resultTone[event.result] ?? "neutral"}>{event.result}</Badge>
            {event.outcomeMissing ? <Badge tone="warn">no outcome recorded (interrupted?)</Badge> : null}
          </div>
          <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <div className="flex min-w-0 gap-1">
              <dt className="text-slate-600">By</dt>
              <dd className="[overflow-wrap:anywhere] text-slate-800">
                {event.actor} <span className="text-slate-600">({event.role})</span>
              </dd>
            </div>
            {event.target ? (
              <div className="flex min-w-0 gap-1">
                <dt className="text-slate-600">Target</dt>
                <dd className="font-mono text-xs leading-5 [overflow-wrap:anywhere] text-slate-800">{event.target}</dd>
              </div>
            ) : null}
          </dl>
          {event.error ? <p className="mt-1 text-sm [overflow-wrap:anywhere] text-red-800">{event.error}</p> : null}
          <ChangeDiff seq={event.seq} before={event.before} after={event.after} />
          {event.requestIds.length ? (
            <details className="mt-1 text-xs text-slate-600">
              <summary className="cursor-pointer">
                {event.requestIds.length} upstream request id{event.requestIds.length === 1 ? "" : "s"}
              </summary>
              <ul className="mt-1 font-mono [overflow-wrap:anywhere]">
                {event.requestIds.map((id) => (
                  <li key={id}>{id}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
