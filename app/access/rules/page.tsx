import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
import { AddOuRuleForm, RemoveOuRuleButton } from "@/components/access/ou-rules-client";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { MANAGEMENT_ROW_NOTE, reconcileOuRules } from "@/lib/access/assignment-plan";
import { listOuRules } from "@/lib/access/ou-rules";
import { formOptions, loadOverviewForPage } from "@/lib/access/page-data";
import { findProtected } from "@/lib/access/protected-principals";
import { getProtectedPrincipals } from "@/lib/access/protected-store";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { addOuRuleAction, removeOuRuleAction } from "../actions";

export const metadata = { title: "Access — OU rules" };
export const dynamic = "force-dynamic";

export default async function OuRulesPage() {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const mayManage = can(access.session.role, "access.manage");
  const [loaded, rules, protectedList] = await Promise.all([loadOverviewForPage(db()), listOuRules(db()), getProtectedPrincipals(db())]);
  if (!loaded.ok)
    return (
      <AreaPage href="/access" access={access} title="Access">
        <AccessNav current="/access/rules" />
        <AccessUnavailable message={loaded.message} />
      </AreaPage>
    );
  const overview = loaded.overview;
  const { statuses } = reconcileOuRules(overview, protectedList, rules);
  const options = formOptions(overview);
  const management = overview.tree.accounts.find((a) => a.isManagement);
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/rules" />
      <p className="mb-3 text-sm text-slate-600">
        A rule says &ldquo;every account in this OU (and its child OUs) gets this group with this permission set&rdquo;. Each time the assignments page is read, accounts that joined or moved into the OU
        without the assignment are offered there as a diff; nothing is created until an admin confirms. A rule never removes anything: an account that moves out keeps its assignment until it is
        removed in bulk.
      </p>
      {rules.length ? (
        <AccessTable
          label="OU rules"
          className="mb-4"
          columns={[
            { label: "OU", width: "w-[26%]" },
            { label: "Group", width: "w-[22%]" },
            { label: "Permission set", width: "w-[18%]" },
            { label: "Accounts", width: "w-[20%]" },
            { label: "", width: "w-[14%]" },
          ]}
        >
          {statuses.map(({ rule, accounts, satisfied, problem }) => {
            const label = `${rule.groupName} → ${rule.permissionSetName} in ${rule.ouPath || "Root"}`;
            const coversManagement = management && (rule.ouId === overview.tree.rootId || (rule.ouPath && (management.ouPath === rule.ouPath || management.ouPath.startsWith(`${rule.ouPath}/`))));
            return (
              <tr key={rule.id} className="border-t border-slate-100" data-rule={label}>
                <td className={`${cellClass} break-words`}>
                  {rule.ouPath ? `OU ${rule.ouPath}` : "Root (the whole organization)"}
                  {coversManagement ? <p className="mt-1 rounded bg-sky-50 px-2 py-1 text-xs text-sky-900">Includes the management account. {MANAGEMENT_ROW_NOTE}</p> : null}
                </td>
                <td className={`${cellClass} break-words`}>
                  {rule.groupName} {findProtected(protectedList, { type: "GROUP", name: rule.groupName }) ? <Badge tone="warn">Protected</Badge> : null}
                </td>
                <td className={`${cellClass} break-words`}>{rule.permissionSetName}</td>
                <td className={cellClass}>
                  {problem ? (
                    <span className="text-amber-900">{problem}</span>
                  ) : satisfied === accounts ? (
                    <Badge tone="good">
                      {satisfied} of {accounts} have it
                    </Badge>
                  ) : (
                    <Badge tone="warn">
                      {satisfied} of {accounts} have it
                    </Badge>
                  )}
                </td>
                <td className={cellClass}>{mayManage ? <RemoveOuRuleButton id={rule.id} label={label} action={removeOuRuleAction} /> : null}</td>
              </tr>
            );
          })}
        </AccessTable>
      ) : (
        <p className="mb-4 text-sm text-slate-500">No OU rules yet.</p>
      )}
      {mayManage ? (
        <AddOuRuleForm ous={options.ous} groups={options.groups.filter((g) => !findProtected(protectedList, { type: "GROUP", name: g.label })).map((g) => ({ ...g, value: g.value.replace(/^GROUP:/, "") }))} permissionSets={options.permissionSets} action={addOuRuleAction} />
      ) : null}
    </AreaPage>
  );
}
