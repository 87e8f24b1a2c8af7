import { ReprovisionButton } from "@/components/access/reprovision-client";
import { AccessNav, AccessUnavailable, cellClass, headClass, tableClass } from "@/components/access/access-nav";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { loadOverviewForPage } from "@/lib/access/page-data";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { reprovisionPermissionSetAction } from "../actions";

export const metadata = { title: "Access — permission sets" };
export const dynamic = "force-dynamic";

export default async function PermissionSetsPage() {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const loaded = await loadOverviewForPage(db());
  const mayManage = can(access.session.role, "access.manage");
  if (!loaded.ok)
    return (
      <AreaPage href="/access" access={access} title="Access">
        <AccessNav current="/access/permission-sets" />
        <AccessUnavailable message={loaded.message} />
      </AreaPage>
    );
  const { permissionSets, accounts, tree, assignments } = loaded.overview;
  const accountName = new Map(tree.accounts.map((a) => [a.accountId, a.name]));
  const sorted = [...permissionSets].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/permission-sets" />
      <p className="mb-3 text-sm text-slate-600">
        Amber means an account still has an older version of the permission set: an admin re-provisions it to every account it is in. Editing and deleting permission sets from here is not built yet (use IAM Identity Center → Permission sets).
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={tableClass} aria-label="Permission sets">
          <colgroup>
            <col className="w-[26%]" />
            <col className="w-[12%]" />
            <col className="w-[12%]" />
            <col className="w-[50%]" />
          </colgroup>
          <thead className="border-b border-slate-200 bg-slate-50">
            <tr>
              <th className={headClass}>Permission set</th>
              <th className={headClass}>Session</th>
              <th className={headClass}>Assignments</th>
              <th className={headClass}>Provisioned to</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((ps) => {
              const provisioned = accounts.filter((a) => a.provisioned.includes(ps.permissionSetArn));
              const count = assignments.filter((a) => a.permissionSetArn === ps.permissionSetArn).length;
              const outdated = provisioned.filter((a) => a.outdated.includes(ps.permissionSetArn)).length;
              return (
                <tr key={ps.permissionSetArn} className="border-t border-slate-100" data-permission-set={ps.name}>
                  <td className={`${cellClass} break-words`}>
                    <div className="font-medium text-slate-900">{ps.name}</div>
                    {ps.description ? <div className="text-xs text-slate-500">{ps.description}</div> : null}
                  </td>
                  <td className={cellClass}>{ps.sessionDuration ?? "PT1H"}</td>
                  <td className={cellClass}>{count}</td>
                  <td className={cellClass}>
                    {provisioned.length ? (
                      <span className="flex flex-wrap gap-1">
                        {provisioned.map((a) =>
                          a.outdated.includes(ps.permissionSetArn) ? (
                            <Badge key={a.accountId} tone="warn">
                              {accountName.get(a.accountId) ?? a.accountId}: latest version not provisioned
                            </Badge>
                          ) : (
                            <Badge key={a.accountId} tone="good">
                              {accountName.get(a.accountId) ?? a.accountId}
                            </Badge>
                          ),
                        )}
                      </span>
                    ) : (
                      <span className="text-slate-500">No account</span>
                    )}
                    {provisioned.length && mayManage ? <ReprovisionButton permissionSetArn={ps.permissionSetArn} name={ps.name} accounts={outdated} action={reprovisionPermissionSetAction} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </AreaPage>
  );
}
