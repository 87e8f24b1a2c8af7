import Link from "next/link";
import { AUDIT_FAMILIES, AUDIT_RESULTS, type AuditFilter } from "@/lib/audit/list";
import { ROLES } from "@/lib/auth/permissions";

const field = "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";
const label = "block text-xs font-medium text-slate-700";

/**
 * The filters as a plain GET form: the URL is the state, so a filtered view can be bookmarked, shared and
 * paged, and applying a filter changes nothing anywhere.
 */
export function AuditFilters({ filter }: { filter: AuditFilter }) {
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter audit events"
      className="mb-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <label className={`${label} col-span-2`}>
          Search
          <input className={field} type="search" name="q" defaultValue={filter.q} placeholder="Any text: a URL, an e-mail, an error…" />
        </label>
        <label className={label}>
          From (UTC day)
          <input className={field} type="date" name="from" defaultValue={filter.from} />
        </label>
        <label className={label}>
          To (UTC day)
          <input className={field} type="date" name="to" defaultValue={filter.to} />
        </label>
        <label className={label}>
          Actor (exact e-mail)
          <input className={field} type="text" name="actor" defaultValue={filter.actor} autoComplete="off" />
        </label>
        <label className={label}>
          Role
          <select className={field} name="role" defaultValue={filter.role ?? ""}>
            <option value="">Any</option>
            {[...ROLES, "none"].map((role) => (
              <option key={role} value={role}>
                {role === "none" ? "none (not signed in)" : role}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Action family
          <select className={field} name="family" defaultValue={filter.family ?? ""}>
            <option value="">Any</option>
            {AUDIT_FAMILIES.map((family) => (
              <option key={family} value={family}>
                {family}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Result
          <select className={field} name="result" defaultValue={filter.result ?? ""}>
            <option value="">Any</option>
            {AUDIT_RESULTS.map((result) => (
              <option key={result} value={result}>
                {result}
              </option>
            ))}
          </select>
        </label>
        <label className={`${label} col-span-2`}>
          Target contains
          <input className={field} type="text" name="target" defaultValue={filter.target} autoComplete="off" />
        </label>
        <div className="col-span-2 flex items-end gap-2">
          <button type="submit" className="rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-sky-800">
            Apply filters
          </button>
          <Link href="/audit" className="rounded-md px-3.5 py-2 text-sm text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
            Clear
          </Link>
        </div>
      </div>
    </form>
  );
}
