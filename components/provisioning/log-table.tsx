import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { encodeLogKey, LOG_ACTIONS, LOG_RESULTS, type LogPage } from "@/lib/provisioning/status";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";
import { LogError } from "./log-error";

const TONE: Record<string, "good" | "warn" | "bad" | "neutral"> = { success: "good", warning: "warn", failure: "bad", skipped: "neutral" };

/** What a job's log entries are about: users and groups (provisioning) or IAM roles (a legacy app's role import). */
const SUBJECTS = {
  user: { title: "Provisioning log", label: "User", placeholder: "UPN or its beginning" },
  role: { title: "Role import log", label: "Role", placeholder: "Role name or its beginning" },
};

/** The provisioning log copied from Graph: filters (a plain GET form), one page of rows, and links to the others. */
export function LogTable({
  page,
  oldest,
  filters,
  federationId,
  subject = "user",
}: {
  page: LogPage;
  oldest: boolean;
  filters: Record<string, string>;
  federationId: string;
  subject?: keyof typeof SUBJECTS;
}) {
  const words = SUBJECTS[subject];
  const { rows, total, more, newer, older } = page;
  const link = (to: Record<string, string>) => {
    const q = new URLSearchParams({ ...filters, ...to });
    if (federationId !== DEFAULT_FEDERATION) q.set("federation", federationId);
    return `/provisioning?${q.toString()}#log`;
  };
  return (
    <Card title={words.title} description="Copied from Microsoft Graph as cycles run (Graph keeps entries only briefly). Newest first.">
      <form method="get" action="/provisioning#log" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the provisioning log">
        {federationId !== DEFAULT_FEDERATION ? <input type="hidden" name="federation" value={federationId} /> : null}
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">{words.label}</span>
          <input name="user" defaultValue={filters.user} className="mt-1 w-56 rounded-md px-2 py-1.5 ring-1 ring-slate-300" placeholder={words.placeholder} />
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">Action</span>
          <select name="action" defaultValue={filters.action ?? ""} className="mt-1 rounded-md px-2 py-1.5 ring-1 ring-slate-300">
            <option value="">any</option>
            {LOG_ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">Result</span>
          <select name="result" defaultValue={filters.result ?? ""} className="mt-1 rounded-md px-2 py-1.5 ring-1 ring-slate-300">
            <option value="">any</option>
            {LOG_RESULTS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Filter
        </button>
      </form>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No entries{Object.values(filters).some(Boolean) ? " match these filters" : " copied yet"}.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" id="log">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">When (UTC)</th>
                <th className="py-2 pr-3">Who</th>
                <th className="py-2 pr-3">Action</th>
                <th className="py-2 pr-3">Result</th>
                <th className="py-2">What went wrong</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="py-2 pr-3 whitespace-nowrap">{r.at.replace("T", " ").slice(0, 19)}</td>
                  <td className="py-2 pr-3">
                    {r.who}
                    {r.target && r.target !== r.who ? <span className="block text-xs text-slate-500">{r.target}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{r.action}</td>
                  <td className="py-2 pr-3">
                    <Badge tone={TONE[r.status] ?? "neutral"}>{r.status}</Badge>
                  </td>
                  <td className="py-2 text-slate-700">
                    <LogError row={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="mt-3 flex items-center justify-between text-sm" aria-label="Log pages">
        <span className="text-slate-600">
          {more ? "more than " : ""}
          {total.toLocaleString("en")} entries{oldest ? " · the oldest ones" : newer ? "" : " · the newest ones"}
        </span>
        <span className="flex gap-3">
          {newer ? <Link href={link({})}>Newest</Link> : null}
          {newer ? <Link href={link({ before: encodeLogKey(newer) })}>Newer</Link> : null}
          {older ? <Link href={link({ after: encodeLogKey(older) })}>Older</Link> : null}
          {older ? <Link href={link({ last: "1" })}>Oldest</Link> : null}
        </span>
      </nav>
    </Card>
  );
}
