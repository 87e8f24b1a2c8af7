import { ReprovisionButton } from "@/components/access/reprovision-client";
import Link from "next/link";
import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { MANAGEMENT_ACCOUNT_NOTE, loadOverviewForPage } from "@/lib/access/page-data";
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
        Amber means an account still has an older version of the permission set (after an edit, for example): an admin re-provisions it to every account it is in. Open a permission set to
        {mayManage ? " edit its policies, session duration and relay state, or delete it" : " see its policies and assignments"}.
      </p>
      <AccessTable
        label="Permission sets"
        columns={[
          { label: "Permission set", width: "w-[26%]" },
          { label: "Session", width: "w-[12%]" },
          { label: "Assignments", width: "w-[12%]" },
          { label: "Provisioned to", width: "w-[50%]" },
        ]}
      >
            {sorted.map((ps) => {
              const provisioned = accounts.filter((a) => a.provisioned.includes(ps.permissionSetArn));
              const count = assignments.filter((a) => a.permissionSetArn === ps.permissionSetArn).length;
              const outdated = provisioned.filter((a) => a.outdated.includes(ps.permissionSetArn)).length;
              return (
                <tr key={ps.permissionSetArn} className="border-t border-slate-100" data-permission-set={ps.name}>
                  <td className={`${cellClass} break-words`}>
                    <Link href={`/access/permission-sets/${ps.permissionSetArn.split("/").pop() ?? ""}`} className="font-medium text-sky-800 underline" aria-label={`Open ${ps.name}`}>
                      {ps.name}
                    </Link>
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
                    {provisioned.some((a) => a.accountId === tree.managementAccountId) ? (
                      <p className="mt-1 rounded bg-sky-50 px-2 py-1 text-xs text-sky-900" data-testid="management-note">
                        Provisioned to the management account. {MANAGEMENT_ACCOUNT_NOTE} A delegated administrator cannot edit, re-provision or delete a permission set provisioned there either.
                      </p>
                    ) : null}
                    {provisioned.length && mayManage ? <ReprovisionButton permissionSetArn={ps.permissionSetArn} name={ps.name} accounts={outdated} action={reprovisionPermissionSetAction} /> : null}
                  </td>
                </tr>
              );
            })}
      </AccessTable>
    </AreaPage>
  );
}
