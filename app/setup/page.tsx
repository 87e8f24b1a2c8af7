import { AreaPage } from "@/components/shell/area-states";
import { NotBuiltYet } from "@/components/shell/not-built-yet";
import { Badge } from "@/components/ui/badge";
import { pageAccess } from "@/lib/auth/guard";

export const metadata = { title: "Setup" };

// The checklist the Setup area will run (DESIGN.md §3). Listed so an admin can see the whole path now;
// none of these steps can be run from the portal yet.
const STEPS: { side: "Entra" | "AWS" | "Both"; title: string }[] = [
  { side: "Both", title: "Connect the Entra tenant and the AWS organization" },
  { side: "AWS", title: "Enable IAM Identity Center" },
  { side: "Entra", title: "Create the AWS IAM Identity Center enterprise app from the gallery" },
  { side: "Entra", title: "Choose SAML as the single sign-on method" },
  { side: "AWS", title: "Change the identity source to an external IdP and download the AWS SAML metadata" },
  { side: "Entra", title: "Basic SAML configuration from the AWS metadata, signing certificate, notification email" },
  { side: "Entra", title: "Download the Entra federation metadata XML" },
  { side: "AWS", title: "Upload the IdP metadata to AWS and type ACCEPT" },
  { side: "AWS", title: "Enable automatic provisioning: SCIM endpoint and access token" },
  { side: "Entra", title: "Provisioning credentials and Test Connection" },
  { side: "Entra", title: "Attribute mappings: userPrincipalName → userName, optional group sync" },
  { side: "Entra", title: "Scope: only assigned users and groups; assign them" },
  { side: "Entra", title: "Start provisioning" },
  { side: "Both", title: "Provision one user on demand and find them in AWS" },
  { side: "AWS", title: "Permission sets: Project Admin, Project User, Project Reader" },
  { side: "AWS", title: "Assign groups to accounts with permission sets" },
];

const sideTone = { Entra: "info", AWS: "warn", Both: "neutral" } as const;

export default async function SetupPage() {
  const access = await pageAccess("setup.view");
  return (
    <AreaPage href="/setup" access={access}>
      <NotBuiltYet summary="The guided checklist is not available yet. It will run and verify these steps against both clouds:">
        <ol className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
          {STEPS.map((step, index) => (
            <li key={step.title} className="flex items-center gap-3 px-4 py-2.5 text-sm">
              <span className="grid size-6 shrink-0 place-items-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600">{index}</span>
              <span className="flex-1 text-slate-800">{step.title}</span>
              <Badge tone={sideTone[step.side]}>{step.side}</Badge>
            </li>
          ))}
        </ol>
      </NotBuiltYet>
    </AreaPage>
  );
}
