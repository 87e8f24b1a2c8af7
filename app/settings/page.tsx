import { AreaPage } from "@/components/shell/area-states";
import { AwsConnectionForm, EntraConnectionForm } from "@/components/settings/connection-forms-client";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { isSandboxMode } from "@/lib/config/env";
import { db } from "@/lib/db";
import { getAwsConnection, getEntraConnection } from "@/lib/settings/connections";
import { SANDBOX } from "@/sandbox/fixtures";
import { saveAwsConnectionAction, saveEntraConnectionAction } from "./actions";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const access = await pageAccess("settings.view");
  if (access.state !== "allowed") return <AreaPage href="/settings" access={access} />;
  const [entra, aws] = await Promise.all([getEntraConnection(db()), getAwsConnection(db())]);
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
    </AreaPage>
  );
}
