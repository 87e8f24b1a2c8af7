import { Fragment } from "react";
import { AccessNav, AccessUnavailable, cellClass, headClass, tableClass } from "@/components/access/access-nav";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { MANAGEMENT_ACCOUNT_NOTE, loadOverviewForPage } from "@/lib/access/page-data";
import { pageAccess } from "@/lib/auth/guard";
import { db } from "@/lib/db";

export const metadata = { title: "Access — account assignments" };
export const dynamic = "force-dynamic";

// Indentation by OU depth as classes, not style attributes (the CSP refuses those). AWS nests OUs at most five
// levels under the root (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const OU_INDENT = ["pl-3", "pl-7", "pl-11", "pl-15", "pl-19", "pl-23"];
const ACCOUNT_INDENT = ["pl-0", "pl-4", "pl-8", "pl-12", "pl-16", "pl-20"];

type Search = { account?: string; principal?: string; permissionSet?: string };

export default async function AccessAssignmentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const filter = await searchParams;
  const loaded = await loadOverviewForPage(db());
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access" />
      {loaded.ok ? <AssignmentsTable overview={loaded.overview} filter={filter} /> : <AccessUnavailable message={loaded.message} />}
    </AreaPage>
  );
}

function AssignmentsTable({ overview, filter }: { overview: Extract<Awaited<ReturnType<typeof loadOverviewForPage>>, { ok: true }>["overview"]; filter: Search }) {
  const lower = (s?: string) => s?.trim().toLowerCase() ?? "";
  const fAccount = lower(filter.account);
  const fPrincipal = lower(filter.principal);
  const fPs = lower(filter.permissionSet);
  const groupNames = new Map(overview.groups.map((g) => [g.groupId, g.displayName]));
  const userNames = new Map(overview.users.map((u) => [u.userId, u.userName]));
  const psNames = new Map(overview.permissionSets.map((p) => [p.permissionSetArn, p.name]));
  const states = new Map(overview.accounts.map((a) => [a.accountId, a]));
  const ouPaths = ["", ...overview.tree.ous.map((o) => o.path).sort()];
  const accountsIn = (path: string) =>
    overview.tree.accounts
      .filter((a) => a.ouPath === path)
      .filter((a) => !fAccount || a.accountId === fAccount || a.name.toLowerCase().includes(fAccount) || a.ouPath.toLowerCase().startsWith(fAccount))
      .sort((a, b) => a.name.localeCompare(b.name));
  const principalName = (type: string, id: string) => (type === "GROUP" ? (groupNames.get(id) ?? id) : (userNames.get(id) ?? id));
  const rowsOf = (accountId: string) =>
    (states.get(accountId)?.assignments ?? [])
      .map((a) => ({ ...a, principal: principalName(a.principalType, a.principalId), ps: psNames.get(a.permissionSetArn) ?? a.permissionSetArn }))
      .filter((a) => (!fPrincipal || a.principal.toLowerCase().includes(fPrincipal)) && (!fPs || a.ps.toLowerCase().includes(fPs)))
      .sort((a, b) => a.principal.localeCompare(b.principal) || a.ps.localeCompare(b.ps));
  const filtering = Boolean(fPrincipal || fPs);

  return (
    <>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2 text-sm" aria-label="Filter assignments">
        <label>
          <span className="block text-xs text-slate-600">Account or OU</span>
          <input name="account" defaultValue={filter.account} className="w-56 rounded-md border border-slate-300 px-2 py-1" placeholder="id, name or OU path" />
        </label>
        <label>
          <span className="block text-xs text-slate-600">Principal</span>
          <input name="principal" defaultValue={filter.principal} className="w-56 rounded-md border border-slate-300 px-2 py-1" placeholder="group or user name" />
        </label>
        <label>
          <span className="block text-xs text-slate-600">Permission set</span>
          <input name="permissionSet" defaultValue={filter.permissionSet} className="w-56 rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md bg-white px-3 py-1.5 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          Filter
        </button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={tableClass} aria-label="Account assignments">
          <colgroup>
            <col className="w-[30%]" />
            <col className="w-[30%]" />
            <col className="w-[22%]" />
            <col className="w-[18%]" />
          </colgroup>
          <thead className="border-b border-slate-200 bg-slate-50">
            <tr>
              <th className={headClass}>Account</th>
              <th className={headClass}>Principal</th>
              <th className={headClass}>Permission set</th>
              <th className={headClass}>Status</th>
            </tr>
          </thead>
          <tbody>
            {ouPaths.map((path) => {
              const accounts = accountsIn(path);
              if (!accounts.length) return null;
              const depth = path ? path.split("/").length : 0;
              return (
                <Fragment key={`ou:${path}`}>
                  <tr className="bg-slate-100">
                    <th colSpan={4} scope="rowgroup" className={cn("py-1.5 pr-3 text-left text-xs font-semibold text-slate-700", OU_INDENT[Math.min(depth, OU_INDENT.length - 1)])}>
                      {path ? `OU ${path}` : "Root"}
                    </th>
                  </tr>
                  {accounts.map((account) => {
                    const state = states.get(account.accountId);
                    const rows = rowsOf(account.accountId);
                    if (filtering && !rows.length) return null;
                    const label = (
                      <div className={ACCOUNT_INDENT[Math.min(depth, ACCOUNT_INDENT.length - 1)]}>
                        <div className="font-medium text-slate-900">{account.name}</div>
                        <div className="text-xs text-slate-500">{account.accountId}</div>
                        {account.isManagement ? (
                          <p className="mt-1 rounded bg-sky-50 px-2 py-1 text-xs text-sky-900" data-testid="management-note">
                            {MANAGEMENT_ACCOUNT_NOTE}
                          </p>
                        ) : null}
                      </div>
                    );
                    if (state?.problem)
                      return (
                        <tr key={account.accountId} className="border-t border-slate-100" data-account={account.accountId}>
                          <td className={cellClass}>{label}</td>
                          <td colSpan={3} className={`${cellClass} text-red-800`}>
                            Could not read this account&apos;s assignments: {state.problem}
                          </td>
                        </tr>
                      );
                    if (!rows.length)
                      return (
                        <tr key={account.accountId} className="border-t border-slate-100" data-account={account.accountId}>
                          <td className={cellClass}>{label}</td>
                          <td colSpan={3} className={`${cellClass} text-slate-500`}>
                            No account assignments.
                          </td>
                        </tr>
                      );
                    return rows.map((row, index) => {
                      const outdated = state?.outdated.includes(row.permissionSetArn);
                      return (
                        <tr key={`${account.accountId}:${row.principalType}:${row.principalId}:${row.permissionSetArn}`} className="border-t border-slate-100" data-account={account.accountId}>
                          <td className={cellClass}>{index === 0 ? label : null}</td>
                          <td className={`${cellClass} break-words`}>
                            <Badge tone="neutral">{row.principalType === "GROUP" ? "Group" : "User"}</Badge> {row.principal}
                          </td>
                          <td className={`${cellClass} break-words`}>{row.ps}</td>
                          <td className={cellClass}>
                            {outdated ? <Badge tone="warn">Latest version not provisioned</Badge> : <Badge tone="good">Provisioned</Badge>}
                          </td>
                        </tr>
                      );
                    });
                  })}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="mt-3 text-xs text-slate-500">
        Read live from AWS Organizations and IAM Identity Center. This view is read-only: adding and removing assignments from this page is not built yet.
      </p>
    </>
  );
}
