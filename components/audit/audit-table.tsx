import type { AuditEventView } from "@/lib/audit/list";
import { Badge, type Tone } from "../ui/badge";

const resultTone: Record<string, Tone> = { success: "good", failure: "bad", denied: "warn" };

function Change({ before, after }: { before: string | null; after: string | null }) {
  if (!before && !after) return <span className="text-slate-400">—</span>;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-sky-700">Show change</summary>
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        <pre className="overflow-x-auto rounded bg-slate-50 p-2 ring-1 ring-slate-200">
          <span className="font-semibold text-slate-500">before </span>
          {before ?? "—"}
        </pre>
        <pre className="overflow-x-auto rounded bg-slate-50 p-2 ring-1 ring-slate-200">
          <span className="font-semibold text-slate-500">after </span>
          {after ?? "—"}
        </pre>
      </div>
    </details>
  );
}

export function AuditTable({ events }: { events: AuditEventView[] }) {
  if (events.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        No events yet. Every change made through the portal will appear here.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5">
              #
            </th>
            <th scope="col" className="px-4 py-2.5">
              When (UTC)
            </th>
            <th scope="col" className="px-4 py-2.5">
              Who
            </th>
            <th scope="col" className="px-4 py-2.5">
              Action
            </th>
            <th scope="col" className="px-4 py-2.5">
              Target
            </th>
            <th scope="col" className="px-4 py-2.5">
              Result
            </th>
            <th scope="col" className="px-4 py-2.5">
              Change
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => (
            <tr key={event.id} className="align-top">
              <td className="px-4 py-2.5 font-mono text-xs text-slate-500">{event.seq}</td>
              <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                <time dateTime={event.at.toISOString()}>{event.at.toISOString().replace("T", " ").slice(0, 19)}</time>
              </td>
              <td className="px-4 py-2.5">
                <div className="text-slate-800">{event.actor}</div>
                <div className="text-xs text-slate-500">{event.role}</div>
              </td>
              <td className="px-4 py-2.5 font-mono text-xs text-slate-800">{event.action}</td>
              <td className="px-4 py-2.5 text-slate-700">{event.target ?? "—"}</td>
              <td className="px-4 py-2.5">
                <Badge tone={resultTone[event.result] ?? "neutral"}>{event.result}</Badge>
                {event.error ? <div className="mt-1 max-w-xs text-xs text-slate-600">{event.error}</div> : null}
                {event.requestIds.length ? <div className="mt-1 font-mono text-[11px] text-slate-500">req {event.requestIds.join(", ")}</div> : null}
              </td>
              <td className="px-4 py-2.5">
                <Change before={event.before} after={event.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
