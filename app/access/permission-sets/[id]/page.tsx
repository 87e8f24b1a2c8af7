import Link from "next/link";
import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
import { BulkAssignments } from "@/components/access/bulk-assignments-client";
import { DeletePermissionSetButton, PermissionSetEditForm } from "@/components/access/permission-set-edit-client";
import { ReprovisionButton } from "@/components/access/reprovision-client";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { withAccessContext } from "@/lib/access/context";
import { formOptions, loadOverviewForPage, MANAGEMENT_ACCOUNT_NOTE } from "@/lib/access/page-data";
import { readPermissionSetForEdit } from "@/lib/access/permission-set-edit";
import { findProtected } from "@/lib/access/protected-principals";
import { getProtectedPrincipals } from "@/lib/access/protected-store";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { toProblem } from "@/lib/problems/problem";
import { applyAssignmentsAction, deletePermissionSetAction, editPermissionSetAction, previewAssignmentsAction, reprovisionPermissionSetAction } from "../../actions";

export const metadata = { title: "Access — permission set" };
export const dynamic = "force-dynamic";

export default async function PermissionSetPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const { id } = await params;
  const mayManage = can(access.session.role, "access.manage");
  const [loaded, protectedList] = await Promise.all([loadOverviewForPage(db()), getProtectedPrincipals(db())]);
  const shell = (body: React.ReactNode) => (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/permission-sets" />
      <p className="mb-3 text-sm">
        <Link href="/access/permission-sets" className="text-sky-800 underline">
          ← All permission sets
        </Link>
      </p>
      {body}
    </AreaPage>
  );
  if (!loaded.ok) return shell(<AccessUnavailable message={loaded.message} />);
  const overview = loaded.overview;
  const ps = overview.permissionSets.find((p) => p.permissionSetArn.split("/").pop() === id);
  if (!ps) return shell(<AccessUnavailable message={`No permission set ${id} in IAM Identity Center: it may have been deleted.`} />);
  let current;
  try {
    current = await withAccessContext(db(), (context) => readPermissionSetForEdit(context, ps.permissionSetArn));
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    return shell(<AccessUnavailable message={problem.message} />);
  }
  const accountName = new Map(overview.tree.accounts.map((a) => [a.accountId, a.name]));
  const groupName = new Map(overview.groups.map((g) => [g.groupId, g.displayName]));
  const userName = new Map(overview.users.map((u) => [u.userId, u.userName]));
  const nameOf = (type: string, pid: string) => (type === "GROUP" ? groupName.get(pid) : userName.get(pid)) ?? pid;
  const assignments = overview.assignments.filter((a) => a.permissionSetArn === ps.permissionSetArn);
  const outdated = overview.accounts.filter((a) => a.outdated.includes(ps.permissionSetArn));
  const inManagement = overview.accounts.some((a) => a.accountId === overview.tree.managementAccountId && a.provisioned.includes(ps.permissionSetArn));
  const protectedAssignments = assignments.filter((a) => findProtected(protectedList, { type: a.principalType as "GROUP" | "USER", name: nameOf(a.principalType, a.principalId) }));
  const options = formOptions(overview);

  return shell(
    <div className="space-y-5">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{ps.name}</h2>
        {ps.description ? <p className="text-sm text-slate-600">{ps.description}</p> : null}
        <p className="mt-1 text-xs text-slate-500 break-all">{ps.permissionSetArn}</p>
      </div>
      {inManagement ? (
        <p className="rounded bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="management-note">
          Provisioned to the management account. {MANAGEMENT_ACCOUNT_NOTE} A delegated administrator cannot edit, re-provision or delete a permission set provisioned there: AWS refuses it.
        </p>
      ) : null}
      {/* Rendered while the set is provisioned anywhere, so the re-provision result stays on screen after the page re-reads AWS. */}
      {outdated.length || (mayManage && overview.accounts.some((a) => a.provisioned.includes(ps.permissionSetArn))) ? (
        <div className={outdated.length ? "rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" : "text-sm"} data-testid="provisioning">
          {outdated.length ? (
            <p data-testid="outdated">
              <Badge tone="warn">Latest version not provisioned</Badge> in {outdated.map((a) => accountName.get(a.accountId) ?? a.accountId).join(", ")}: those accounts still have the previous
              version.
            </p>
          ) : null}
          {mayManage ? <ReprovisionButton permissionSetArn={ps.permissionSetArn} name={ps.name} accounts={outdated.length} action={reprovisionPermissionSetAction} /> : null}
        </div>
      ) : null}
      {mayManage ? (
        <PermissionSetEditForm
          values={{
            permissionSetArn: ps.permissionSetArn,
            name: ps.name,
            description: current.description ?? "",
            sessionDuration: current.sessionDuration ?? "PT1H",
            relayState: current.relayState ?? "",
            managedPolicyArns: current.managedPolicyArns,
            inlinePolicy: current.inlinePolicy,
          }}
          action={editPermissionSetAction}
        />
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <p>Session duration: {current.sessionDuration ?? "PT1H"}</p>
          <p>Relay state: {current.relayState || "none"}</p>
          <p>Managed policies: {current.managedPolicyArns.join(", ") || "none"}</p>
          <p>Inline policy: {current.inlinePolicy ? "yes" : "none"}</p>
        </div>
      )}
      <section aria-label="Assignments of this permission set" className="space-y-2">
        <h2 className="text-base font-semibold text-slate-900">Assignments ({assignments.length})</h2>
        {assignments.length ? (
          <AccessTable
            label={`Assignments of ${ps.name}`}
            columns={[
              { label: "Account", width: "w-[40%]" },
              { label: "Principal", width: "w-[60%]" },
            ]}
          >
            {assignments.map((a) => (
              <tr key={`${a.accountId}:${a.principalType}:${a.principalId}`} className="border-t border-slate-100">
                <td className={cellClass}>
                  {accountName.get(a.accountId) ?? a.accountId} <span className="text-xs text-slate-500">{a.accountId}</span>
                </td>
                <td className={`${cellClass} break-words`}>
                  {a.principalType === "GROUP" ? "Group" : "User"} {nameOf(a.principalType, a.principalId)}
                </td>
              </tr>
            ))}
          </AccessTable>
        ) : (
          <p className="text-sm text-slate-500">No account assignments.</p>
        )}
      </section>
      {mayManage ? (
        <section aria-label="Delete this permission set" className="space-y-2 rounded-lg border border-red-200 bg-white p-4">
          <h2 className="text-base font-semibold text-slate-900">Delete</h2>
          {assignments.length ? (
            <>
              <p className="text-sm text-slate-700">
                AWS deletes only a permission set no account assignment uses, so deleting is refused while the {assignments.length} assignment{assignments.length === 1 ? "" : "s"} above exist. Remove them
                first: the preview below shows each one, the removal runs as a job (audited per assignment), then delete.
                {protectedAssignments.length
                  ? ` ${protectedAssignments.length} of them belong to protected principals: the portal refuses to remove those, so this permission set cannot be deleted from here.`
                  : ""}
              </p>
              <BulkAssignments
                title={`Remove every assignment of ${ps.name}`}
                ous={options.ous}
                accounts={options.accounts}
                groups={options.groups}
                users={options.users}
                permissionSets={options.permissionSets}
                previewAction={previewAssignmentsAction}
                applyAction={applyAssignmentsAction}
                preset={{
                  mode: "remove",
                  permissionSetArn: ps.permissionSetArn,
                  targets: [...new Set(assignments.map((a) => a.accountId))],
                  principals: [...new Set(assignments.map((a) => `${a.principalType}:${a.principalId}`))],
                }}
              />
            </>
          ) : (
            <DeletePermissionSetButton permissionSetArn={ps.permissionSetArn} name={ps.name} action={deletePermissionSetAction} />
          )}
        </section>
      ) : null}
    </div>,
  );
}
