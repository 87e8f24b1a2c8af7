import { AreaPage } from "@/components/shell/area-states";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { pageAccess } from "@/lib/auth/guard";

export const metadata = { title: "Helpdesk" };

export default async function HelpdeskPage() {
  const access = await pageAccess("helpdesk.view");
  return (
    <AreaPage href="/helpdesk" access={access}>
      <NotBuiltYet
        summary="The helpdesk check is not available yet. Search a user by UPN, mail or name and get one page of checks:"
        items={[
          "Exists in Entra and enabled, with the required attributes",
          "UPN equals the euid AWS expects (AWS finds users only by userName)",
          "Assigned to the app directly or through a group (a nested group does not count)",
          "Last provisioning result, translated, and whether the job is quarantined",
          "Exists in the AWS identity store, group memberships, account assignments",
          "A shareable diagnosis link, and provision on demand for admins",
        ]}
      />
    </AreaPage>
  );
}
