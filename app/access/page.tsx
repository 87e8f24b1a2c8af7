import Link from "next/link";
import { Fragment } from "react";
import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
import { BulkAssignments } from "@/components/access/bulk-assignments-client";
import { DiffTable, diffSummary } from "@/components/access/diff-table";
import { JobProgress } from "@/components/access/job-progress-client";
import { ApplyOuRulesButton } from "@/components/access/ou-rules-client";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { reconcileOuRules } from "@/lib/access/assignment-plan";
import { recentAccessJobs } from "@/lib/access/jobs";
import { listOuRules } from "@/lib/access/ou-rules";
import { MANAGEMENT_ACCOUNT_NOTE, formOptions, loadOverviewForPage } from "@/lib/access/page-data";
import { getProtectedPrincipals } from "@/lib/access/protected-store";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { applyAssignmentsAction, applyOuRulesAction, previewAssignmentsAction, resumeAccessJobAction } from "./actions";

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
  const mayManage = can(access.session.role, "access.manage");
  const [loaded, rules, protectedList, jobs] = await Promise.all([loadOverviewForPage(db()), listOuRules(db()), getProtectedPrincipals(db()), recentAccessJobs(db(), 3)]);
  if (!loaded.ok)
    return (
      <AreaPage href="/access" access={access} title="Access">
        <AccessNav current="/access" />
        <AccessUnavailable message={loaded.message} />
      </AreaPage>
    );
  const overview = loaded.overview;
  // OU rules are reconciled on every read: accounts that joined or moved into a rule's OU and lack its assignment are
  // offered as a diff here; nothing is created until an admin confirms (never silent).
  const reconciled = rules.length ? reconcileOuRules(overview, protectedList, rules) : null;
  const options = formOptions(overview);
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access" />
      <div className="space-y-6">
        {jobs.length ? (
          <section aria-label="Recent assignment jobs" className="space-y-2">
            <h2 className="text-base font-semibold text-slate-900">Recent jobs</h2>
            {jobs.map((job) => (
              <JobProgress
                key={job.jobId}
                initial={{ jobId: job.jobId, title: job.title, status: job.status, total: job.total, byStatus: job.byStatus, failures: job.failures }}
                resumable={mayManage && job.resumable}
                resumeAction={resumeAccessJobAction}
              />
            ))}
          </section>
        ) : null}
        {reconciled ? (
          <section aria-label="OU rules reconciliation" className="space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-4">
            <h2 className="text-base font-semibold text-slate-900">OU rules</h2>
            {reconciled.plan.rows.length ? (
              <>
                <p className="text-sm text-slate-700" role="status" data-testid="ou-rules-status">
                  Accounts joined or moved into a rule&apos;s OU without its assignment: {diffSummary(reconciled.plan.counts)}. Nothing is created until an admin confirms.
                </p>
                <DiffTable rows={reconciled.plan.rows} label="OU rules: missing assignments" />
                {mayManage && reconciled.plan.counts.create ? <ApplyOuRulesButton digest={reconciled.plan.digest} count={reconciled.plan.counts.create} action={applyOuRulesAction} /> : null}
              </>
            ) : (
              <p className="text-sm text-slate-700" role="status" data-testid="ou-rules-status">
                Every account matches the {rules.length} OU rule{rules.length === 1 ? "" : "s"}.
              </p>
            )}
            {reconciled.statuses
              .filter((s) => s.problem)
              .map((s) => (
                <p key={s.rule.id} className="text-sm text-amber-900">
                  Rule {s.rule.groupName} → {s.rule.permissionSetName} in {s.rule.ouPath || "Root"}: {s.problem}
                </p>
              ))}
            <p className="text-xs text-slate-500">
              <Link className="underline" href="/access/rules">
                Manage OU rules
              </Link>
            </p>
          </section>
        ) : null}
        {mayManage ? (
          <BulkAssignments
            ous={options.ous}
            accounts={options.accounts}
            groups={options.groups}
            users={options.users}
            permissionSets={options.permissionSets}
            previewAction={previewAssignmentsAction}
            applyAction={applyAssignmentsAction}
          />
        ) : null}
        <section aria-label="Current assignments">
          <AssignmentsTable overview={overview} filter={filter} />
        </section>
      </div>
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
      <AccessTable label="Account assignments" columns={[{ label: "Account", width: "w-[30%]" }, { label: "Principal", width: "w-[30%]" }, { label: "Permission set", width: "w-[22%]" }, { label: "Status", width: "w-[18%]" }]}>
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
          </AccessTable>
      <p className="mt-3 text-xs text-slate-500">
        Read live from AWS Organizations and IAM Identity Center. Admins add and remove assignments above (previewed, run as a job); helpdesk and auditors read.
      </p>
    </>
  );
}
