import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
import { AreaPage } from "@/components/shell/area-states";
import { filterEffectiveAccess, viaLabel } from "@/lib/access/effective-access";
import { loadOverviewForPage } from "@/lib/access/page-data";
import { pageAccess } from "@/lib/auth/guard";
import { db } from "@/lib/db";

export const metadata = { title: "Access — effective access" };
export const dynamic = "force-dynamic";

type Search = { user?: string; account?: string; permissionSet?: string };

export default async function EffectiveAccessPage({ searchParams }: { searchParams: Promise<Search> }) {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const filter = await searchParams;
  const loaded = await loadOverviewForPage(db());
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/effective" />
      <p className="mb-3 text-sm text-slate-600">
        Who can reach which account with which permission set: each user assignment, and each group assignment expanded to the group&apos;s members in AWS (AWS user → groups → assignments → permission sets). Entra users reach AWS as the user with their UPN as user name.
      </p>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2 text-sm" aria-label="Filter effective access">
        <label>
          <span className="block text-xs text-slate-600">User (UPN)</span>
          <input name="user" defaultValue={filter.user} className="w-72 rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <label>
          <span className="block text-xs text-slate-600">Account (id or name)</span>
          <input name="account" defaultValue={filter.account} className="w-48 rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <label>
          <span className="block text-xs text-slate-600">Permission set</span>
          <input name="permissionSet" defaultValue={filter.permissionSet} className="w-48 rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md bg-white px-3 py-1.5 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Show
        </button>
        <a className="rounded-md bg-white px-3 py-1.5 font-medium ring-1 ring-slate-300 hover:bg-slate-50" href={`/access/effective/csv${query ? `?${query}` : ""}`} download>
          Download CSV
        </a>
      </form>
      {loaded.ok ? <Table rows={filterEffectiveAccess(loaded.overview.effective, filter)} filtered={Boolean(query)} user={filter.user} /> : <AccessUnavailable message={loaded.message} />}
    </AreaPage>
  );
}

function Table({ rows, filtered, user }: { rows: ReturnType<typeof filterEffectiveAccess>; filtered: boolean; user?: string }) {
  if (!rows.length)
    return (
      <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" role="status">
        {user ? `${user} reaches no AWS account: no permission set is assigned to them or to any of their AWS groups.` : filtered ? "Nothing matches these filters." : "No one reaches any account yet."}
      </p>
    );
  return (
    <AccessTable label="Effective access" columns={[{ label: "User", width: "w-[30%]" }, { label: "Account", width: "w-[24%]" }, { label: "Permission set", width: "w-[22%]" }, { label: "Through", width: "w-[24%]" }]}>
          {rows.map((r) => (
            <tr key={`${r.userId}:${r.accountId}:${r.permissionSetArn}:${viaLabel(r)}`} className="border-t border-slate-100">
              <td className={`${cellClass} break-words`}>{r.userName}</td>
              <td className={cellClass}>
                <div>{r.accountName}</div>
                <div className="text-xs text-slate-500">{r.accountId}</div>
              </td>
              <td className={`${cellClass} break-words`}>{r.permissionSetName}</td>
              <td className={`${cellClass} break-words`}>{viaLabel(r)}</td>
            </tr>
          ))}
        </AccessTable>
  );
}
