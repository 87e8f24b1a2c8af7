import { AreaPage } from "@/components/shell/area-states";
import { AwsConnectionForm, EntraConnectionForm } from "@/components/settings/connection-forms-client";
import { EndSessionsButton } from "@/components/settings/sessions-client";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can, ROLE_LABELS, isRole } from "@/lib/auth/permissions";
import { sessionPolicy } from "@/lib/auth/session";
import { listOpenSessions } from "@/lib/auth/session-store";
import { isSandboxMode } from "@/lib/config/env";
import { db } from "@/lib/db";
import { getAwsConnection, getEntraConnection } from "@/lib/settings/connections";
import { SANDBOX } from "@/sandbox/fixtures";
import { endUserSessionsAction, saveAwsConnectionAction, saveEntraConnectionAction } from "./actions";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const access = await pageAccess("settings.view");
  if (access.state !== "allowed") return <AreaPage href="/settings" access={access} />;
  const [entra, aws, sessions] = await Promise.all([getEntraConnection(db()), getAwsConnection(db()), listOpenSessions(db(), sessionPolicy())]);
  const canEndSessions = can(access.session.role, "sessions.end");
  // One row per user: ending is per user (every browser they are signed in with).
  const users = [...new Map(sessions.map((s) => [s.userId, { ...s, count: sessions.filter((t) => t.userId === s.userId).length }])).values()];
  const sandboxMode = isSandboxMode();
  const canEdit = can(access.session.role, "settings.connections.update");
  const sandbox = {
    tenantId: SANDBOX.entra.tenantId,
    clientId: SANDBOX.entra.portalGraph.clientId,
    region: SANDBOX.aws.region,
    identityStoreId: SANDBOX.aws.identityStoreId,
  };
  return (
    <AreaPage href="/settings" access={access} title="Settings · Connections">
      {sandboxMode && (!entra.useSandbox || !aws.useSandbox) ? (
        <Notice tone="warn" className="mb-6" title="Saved, but not used while the portal runs in sandbox mode">
          Your own tenant or account is stored for later. The portal keeps talking to the sandbox cloud until it is started with IB_MODE=live.
        </Notice>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <EntraConnectionForm current={entra} action={saveEntraConnectionAction} sandbox={sandbox} sandboxAllowed={sandboxMode} canEdit={canEdit} />
        <AwsConnectionForm current={aws} action={saveAwsConnectionAction} sandbox={sandbox} sandboxAllowed={sandboxMode} canEdit={canEdit} />
      </div>
      <section className="mt-8" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Signed-in users
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Open portal sessions. Ending them signs the user out everywhere at once; their role is also re-read from Entra ID every few minutes.
        </p>
        <table className="mt-3 w-full text-left text-sm" data-testid="open-sessions">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">User</th>
              <th className="py-1 font-medium">Role</th>
              <th className="py-1 font-medium">Sessions</th>
              <th className="py-1 font-medium">Last active</th>
              {canEndSessions ? (
                <th className="py-1">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.userId} className="border-t border-slate-200">
                <td className="py-2">
                  {u.name} <span className="text-slate-500">{u.email}</span>
                </td>
                <td className="py-2">{isRole(u.role) ? ROLE_LABELS[u.role] : u.role}</td>
                <td className="py-2">{u.count}</td>
                <td className="py-2">{u.lastActiveAt.toISOString().replace("T", " ").slice(0, 16)} UTC</td>
                {canEndSessions ? (
                  <td className="py-2">
                    <EndSessionsButton userId={u.userId} email={u.email} action={endUserSessionsAction} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </AreaPage>
  );
}
