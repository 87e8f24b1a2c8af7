import { AreaPage } from "@/components/shell/area-states";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { pageAccess } from "@/lib/auth/guard";

export const metadata = { title: "Provisioning" };

export default async function ProvisioningPage() {
  const access = await pageAccess("provisioning.view");
  return (
    <AreaPage href="/provisioning" access={access}>
      <NotBuiltYet
        summary="Provisioning status is not available yet. This page will show:"
        items={[
          "The synchronization job's state as colour: healthy, warnings, quarantined, paused",
          "The current cycle's progress and the next cycle's expected time",
          "Counts by object type, escrows and errors",
          "A chart of cycles over time and recent provisioning log entries",
          "Provision on demand, restart with a reset scope, pause and start",
          "Days left on the SAML signing certificate and the SCIM access token",
        ]}
      />
    </AreaPage>
  );
}
