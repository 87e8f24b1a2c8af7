import { AccessNav, AccessUnavailable } from "@/components/access/access-nav";
import { AddMemberForm, ProtectedMemberNote, RemoveMemberButton } from "@/components/access/membership-client";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { loadGroupsForPage } from "@/lib/access/page-data";
import { findProtected } from "@/lib/access/protected-principals";
import { getProtectedPrincipals } from "@/lib/access/protected-store";
import { isScimOwned, SCIM_OWNED_REASON } from "@/lib/access/scim-owned";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { addGroupMemberAction, removeGroupMemberAction } from "../actions";

export const metadata = { title: "Access — group memberships" };
export const dynamic = "force-dynamic";

export default async function AccessGroupsPage() {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const mayManage = can(access.session.role, "access.manage");
  const [loaded, protectedList] = await Promise.all([loadGroupsForPage(db()), getProtectedPrincipals(db())]);
  if (!loaded.ok)
    return (
      <AreaPage href="/access" access={access} title="Access">
        <AccessNav current="/access/groups" />
        <AccessUnavailable message={loaded.message} />
      </AreaPage>
    );
  const { groups, users, memberships: membersOf } = loaded.directory;
  const userNames = new Map(users.map((u) => [u.userId, u.userName]));
  const sorted = [...groups].sort((a, b) => a.displayName.localeCompare(b.displayName));

  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/groups" />
      <p className="mb-4 text-sm text-slate-600">
        Members of each group in the AWS identity store. Groups created in AWS are edited here; groups Entra ID provisions (SCIM) are read-only.
        {mayManage ? null : " Your role can read these, not change them."}
      </p>
      <ul className="space-y-3">
        {sorted.map((group) => {
          const scim = isScimOwned(group);
          const guarded = findProtected(protectedList, { type: "GROUP", name: group.displayName });
          const members = (membersOf.get(group.groupId) ?? []).map((m) => ({ ...m, userName: userNames.get(m.userId) ?? m.userId })).sort((a, b) => a.userName.localeCompare(b.userName));
          const editable = mayManage && !scim && !guarded;
          return (
            <li key={group.groupId} className="rounded-lg border border-slate-200 bg-white p-4" data-group={group.displayName} aria-label={`Group ${group.displayName}`}>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-base font-semibold text-slate-900">{group.displayName}</h2>
                {scim ? <Badge tone="info">From Entra (SCIM)</Badge> : <Badge tone="neutral">Created in AWS</Badge>}
                {guarded ? <Badge tone="warn">Protected</Badge> : null}
                <span className="text-xs text-slate-500">
                  {members.length} member{members.length === 1 ? "" : "s"}
                </span>
              </div>
              {scim ? (
                <p className="mt-2 rounded bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="scim-reason">
                  Read-only: {SCIM_OWNED_REASON}
                </p>
              ) : null}
              {guarded ? (
                <p className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
                  Protected principal{guarded.note ? ` (${guarded.note})` : ""}: no portal action changes its members.
                </p>
              ) : null}
              {members.length ? (
                <ul className="mt-2 divide-y divide-slate-100 text-sm">
                  {members.map((m) => {
                    const userGuarded = findProtected(protectedList, { type: "USER", name: m.userName });
                    return (
                      <li key={m.membershipId} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                        <span>
                          {m.userName} {userGuarded ? <Badge tone="warn">Protected</Badge> : null}
                        </span>
                        {/* A protected group or user gets no working button, only the reason; the server refuses (and audits) anyway. */}
                        {mayManage && !scim ? (
                          guarded || userGuarded ? (
                            <ProtectedMemberNote userName={m.userName} groupName={group.displayName} reason={guarded ? `group ${group.displayName} is protected` : `${m.userName} is a protected user`} />
                          ) : (
                            <RemoveMemberButton membershipId={m.membershipId} userName={m.userName} groupName={group.displayName} action={removeGroupMemberAction} />
                          )
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <p className="mt-2 text-sm text-slate-500">No members.</p>
              )}
              {/* SCIM-owned and protected groups get no form; the server refuses them anyway (lib/access/memberships.ts). */}
              {editable ? <AddMemberForm groupId={group.groupId} groupName={group.displayName} action={addGroupMemberAction} /> : null}
            </li>
          );
        })}
      </ul>
    </AreaPage>
  );
}
