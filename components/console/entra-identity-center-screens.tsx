import { AzButton, AzCheckbox, AzLink, AzMessage, AzPairs, AzSegmented, AzTable } from "./azure-ui";
import { AssignmentBlade, basicSamlPanel, ClaimsBlade, GalleryBlade, ProvisioningPage, SamlPage } from "./entra-blades";
import { EnterpriseAppBlade } from "./enterprise-app-blade";
import { Glyph } from "./glyph";
import { Highlight } from "./highlight";
import { ScreenSequence, type ScreenProps } from "./screen";
import { V } from "./shown";
import { fillValues, type ProvisioningStatus } from "./values";
import { BarFill } from "@/components/ui/bar-fill";

// Step 2 — Enterprise applications → New application → the gallery tile → Create.
export function EntraGalleryScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <GalleryBlade
      f={f}
      app="identity-center"
      highlight={highlight}
      caption={`Enterprise applications → New application, search "AWS", pick "AWS IAM Identity Center (successor to AWS Single Sign-On)" (the guides' "AWS Single Sign-on"), name it, Create.`}
    />
  );
}

// Step 3 — Getting started tiles, then the single sign-on method: SAML.
export function EntraSsoMethodScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const tiles = [
    ["1. Assign users and groups", "Provide specific users and groups access to the applications"],
    ["2. Set up single sign on", "Enable users to sign into their application using their Microsoft Entra credentials"],
    ["3. Provision User Accounts", "Automatically create and delete user accounts in the application"],
    ["4. Conditional Access", "Secure access to this application with a customizable access policy."],
    ["5. Self service", "Enable users to request access to the application using their Microsoft Entra credentials"],
  ] as const;
  const methods = [
    ["Disabled", "Single sign-on is not enabled. The user won't be able to launch the app from My Apps."],
    ["SAML", "Rich and secure authentication to applications using the SAML (Security Assertion Markup Language) protocol."],
    ["Password-based", "Password storage and replay using a web browser extension or mobile app."],
    ["Linked", "Link to an application in My Apps and/or Office 365 application launcher."],
  ] as const;
  return (
    <ScreenSequence>
      <EnterpriseAppBlade
        f={f}
        menu="Overview"
        label={`Azure portal, enterprise application ${f.appDisplayName.text} Overview: Properties and the Getting Started tiles, with "2. Set up single sign on" marked.`}
        caption="The app's Overview → Getting Started → 2. Set up single sign on."
      >
        <div className="mb-1 font-semibold text-[#201f1e]">Properties</div>
        <AzPairs
          rows={[
            { label: "Name", value: <V s={f.appDisplayName} /> },
            { label: "Application ID", value: <V s={f.appId} /> },
          ]}
        />
        <div className="mt-3 mb-1.5 font-semibold text-[#201f1e]">Getting Started</div>
        <div className="grid grid-cols-1 gap-2 @md:grid-cols-2 @2xl:grid-cols-3">
          {tiles.map(([title, text]) => {
            const tile = (
              <div className="h-full rounded-sm border border-[#edebe9] p-2 shadow-sm">
                <div className="font-semibold text-[#201f1e]">{title}</div>
                <div className="mt-0.5 text-[10.5px] text-[#605e5c]">{text}</div>
                <div className="mt-1">
                  <AzLink>{title.startsWith("2.") ? "Get started" : title.startsWith("1.") ? "Assign users and groups" : "Get started"}</AzLink>
                </div>
              </div>
            );
            return title.startsWith("2.") ? (
              <Highlight key={title} name="set-up-sso" n={1} current={highlight} block>
                {tile}
              </Highlight>
            ) : (
              <div key={title}>{tile}</div>
            );
          })}
        </div>
      </EnterpriseAppBlade>
      <EnterpriseAppBlade
        f={f}
        menu="Single sign-on"
        label={`Azure portal, ${f.appDisplayName.text} Single sign-on: Select a single sign-on method, with the SAML tile marked.`}
        caption="Select a single sign-on method → SAML."
      >
        <div className="mb-2 font-semibold text-[#201f1e]">Select a single sign-on method</div>
        <div className="grid grid-cols-2 gap-2 @2xl:grid-cols-4">
          {methods.map(([title, text]) => {
            const tile = (
              <div className="h-full rounded-sm border border-[#edebe9] p-2 text-center shadow-sm">
                <div className="mx-auto mb-1 grid size-7 place-items-center rounded-full bg-[#deecf9] text-[#0078d4]">
                  <Glyph name={title === "Disabled" ? "stop" : title === "SAML" ? "file" : title === "Linked" ? "external" : "key"} />
                </div>
                <div className="font-semibold text-[#201f1e]">{title}</div>
                <div className="mt-0.5 text-[10px] text-[#605e5c]">{text}</div>
              </div>
            );
            return title === "SAML" ? (
              <Highlight key={title} name="saml" n={2} current={highlight} block>
                {tile}
              </Highlight>
            ) : (
              <div key={title}>{tile}</div>
            );
          })}
        </div>
      </EnterpriseAppBlade>
    </ScreenSequence>
  );
}

// Step 5 — Upload metadata file; Basic SAML Configuration filled from it; Sign on URL; Save.
export function EntraSamlUploadScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const rings = { "upload-metadata": 1, identifier: 2, "reply-url": 3, "sign-on-url": 4, save: 5 };
  return (
    <ScreenSequence>
      <SamlPage
        f={f}
        highlight={highlight}
        rings={rings}
        label={`Azure portal, ${f.appDisplayName.text} SAML-based Sign-on: the Upload metadata file button in the toolbar.`}
        caption="Single sign-on → SAML → Upload metadata file: pick the metadata file downloaded from the AWS console earlier."
      />
      <SamlPage
        f={f}
        highlight={highlight}
        rings={{}}
        label={`Azure portal, Basic SAML Configuration pane: Identifier (Entity ID) ${f.spEntityId.text} and Reply URL ${f.acsUrl.text} filled from the AWS metadata, Sign on URL ${f.signOnUrl.text}, Save.`}
        caption="The Identifier and Reply URL come from the file; enter the AWS access portal URL as Sign on URL and Save."
        panel={basicSamlPanel({ f, highlight, rings })}
      />
    </ScreenSequence>
  );
}

// Step 6 — SAML Certificates: the token signing certificate and Federation Metadata XML → Download.
export function EntraSamlCertificateScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <SamlPage
      f={f}
      highlight={highlight}
      rings={{ "federation-metadata-xml": 1 }}
      label={`Azure portal, ${f.appDisplayName.text} SAML-based Sign-on: the SAML Certificates card with status, thumbprint ${f.certificateThumbprint.text}, expiry ${f.certificateExpiry.text}, notification email and the Federation Metadata XML Download link.`}
      caption={`SAML Certificates → Federation Metadata XML → Download (the guides' "IdP SAML metadata"); it saves as "${f.federationMetadataFileName.text}".`}
    />
  );
}

// Step 9 — Provisioning: mode Automatic, Tenant URL, Secret Token, Test Connection, Save.
export function EntraProvisioningCredentialsScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ProvisioningPage
      f={f}
      highlight={highlight}
      open="credentials"
      rings={{ mode: 1, "tenant-url": 2, "secret-token": 3, "test-connection": 4, save: 5 }}
      label={`Azure portal, ${f.appDisplayName.text} Provisioning: Provisioning Mode Automatic, Admin Credentials with Tenant URL ${f.scimEndpoint.text} and the Secret Token, Test Connection and Save.`}
      caption="Provisioning → Get started: Provisioning Mode Automatic; Tenant URL = the SCIM endpoint, Secret Token = the access token from AWS; Test Connection, then Save."
    />
  );
}

// Step 10 — Mappings: the users and groups mappings; group sync can be disabled.
export function EntraProvisioningMappingsScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ProvisioningPage
      f={f}
      highlight={highlight}
      open="mappings"
      rings={{ "groups-mapping": 1, "users-mapping": 2 }}
      label={`Azure portal, ${f.appDisplayName.text} Provisioning, Mappings: Provision Microsoft Entra ID Groups (enabled: ${f.groupSyncEnabled ? "Yes" : "No"}) and Provision Microsoft Entra ID Users (enabled: Yes).`}
      caption='Mappings: "Provision Microsoft Entra ID Groups" (formerly "Synchronize Azure Active Directory Groups") can be disabled when groups are managed elsewhere; open "Provision Microsoft Entra ID Users" for the attribute mapping.'
    />
  );
}

const USER_ATTRIBUTE_MAPPINGS = [
  ["userPrincipalName", "userName", "1"],
  ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', "active", ""],
  ["displayName", "displayName", ""],
  ["jobTitle", "title", ""],
  ["mail", 'emails[type eq "work"].value', ""],
  ["preferredLanguage", "preferredLanguage", ""],
  ["givenName", "name.givenName", ""],
  ["surname", "name.familyName", ""],
  ['Join(" ", [givenName], [surname])', "name.formatted", ""],
] as const;

// Step 10 — the users' attribute mapping: userPrincipalName → userName is the matching attribute and cannot go.
export function EntraUserAttributeMappingScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Provisioning"
      crumbs={["Provisioning", "Attribute Mapping"]}
      title="Attribute Mapping"
      label={`Azure portal, Attribute Mapping for Provision Microsoft Entra ID Users: userPrincipalName maps to userName as the matching attribute (precedence 1) and its Delete is unavailable.`}
      caption={`userPrincipalName → userName is the matching attribute and cannot be deleted: AWS finds users only by userName, so each user's UPN (e.g. ${f.exampleUser.text}) must equal their euid.`}
      toolbar={[
        { label: "Save", icon: "save" },
        { label: "Discard", icon: "close" },
      ]}
    >
      <AzPairs
        rows={[
          { label: "Name", value: "Provision Microsoft Entra ID Users" },
          { label: "Enabled", value: <AzSegmented options={["Yes", "No"]} value="Yes" /> },
          { label: "Source Object", value: "User" },
          {
            label: "Target Object Actions",
            value: (
              <span className="flex flex-wrap gap-3">
                <AzCheckbox checked label="Create" />
                <AzCheckbox checked label="Update" />
                <AzCheckbox checked label="Delete" />
              </span>
            ),
          },
        ]}
      />
      <div className="mt-3 mb-1 font-semibold text-[#201f1e]">Attribute Mappings</div>
      <AzTable
        columns={["Microsoft Entra ID Attribute", "customappsso Attribute", "Matching precedence", "Remove"]}
        rows={USER_ATTRIBUTE_MAPPINGS.map(([source, target, precedence]) => ({
          key: target,
          cells: [
            <span key="s" className="text-[#0078d4]">
              {source}
            </span>,
            target,
            precedence,
            source === "userPrincipalName" ? (
              <span key="d" className="text-[#a19f9d]">
                Delete
              </span>
            ) : (
              <AzLink key="d">Delete</AzLink>
            ),
          ],
          wrap:
            source === "userPrincipalName"
              ? (row) => (
                  <Highlight name="upn-mapping" n={1} current={highlight} block>
                    {row}
                  </Highlight>
                )
              : undefined,
        }))}
      />
      <div className="mt-1.5">
        <AzLink>Add New Mapping</AzLink>
      </div>
    </EnterpriseAppBlade>
  );
}

// Step 10 (alternative) — SAML Attributes & Claims with the unique user identifier set to user.mail.
export function EntraEmailClaimScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ClaimsBlade
      f={f}
      highlight={highlight}
      rings={{ "name-id": 1 }}
      nameId="user.mail [nameid-format:emailAddress]"
      claims={[
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", value: "user.mail" },
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", value: "user.givenname" },
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", value: "user.userprincipalname" },
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", value: "user.surname" },
      ]}
      label="Azure portal, Attributes & Claims: the required claim Unique User Identifier (Name ID) set to user.mail."
      caption="The alternative the guide mentions: Name ID = user.mail lets sign-in work by email, but SCIM still writes userName = UPN, so users whose mail differs from their UPN sign in as nobody. The portal keeps the UPN rule instead."
    />
  );
}

// Step 11 — Provisioning → Settings: scope and notification email.
export function EntraProvisioningScopeScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ProvisioningPage
      f={f}
      highlight={highlight}
      open="settings"
      rings={{ "notification-email": 1, scope: 2, save: 3 }}
      label={`Azure portal, ${f.appDisplayName.text} Provisioning, Settings: Notification Email ${f.notificationEmail.text} and Scope "${f.syncScope === "all" ? "Sync all users and groups" : "Sync only assigned users and groups"}".`}
      caption='Settings: a notification email for failures, and Scope. "Sync only assigned users and groups" keeps the sync to the people you assign; one guide says "Sync all users and groups" — that pushes the whole tenant.'
    />
  );
}

// Step 11 — Users and groups → Add user/group → Assign.
export function EntraAddAssignmentScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AssignmentBlade
      f={f}
      highlight={highlight}
      label={`Azure portal, ${f.appDisplayName.text} Users and groups with the Add Assignment pane: ${f.assignedPrincipals.length > 0 ? f.assignedPrincipals.join(", ") : "no users or groups"} selected, Assign.`}
      caption="Users and groups → Add user/group → pick the users and groups to provision → Assign. Members of nested groups are not assigned."
    />
  );
}

const CYCLE: Record<ProvisioningStatus, { text: string; percent: number; tone: "info" | "success" | "warning" | "error" }> = {
  "not-run": { text: "Initial cycle not run.", percent: 0, tone: "info" },
  running: { text: "Initial cycle in progress.", percent: 45, tone: "info" },
  completed: { text: "Incremental cycle completed.", percent: 100, tone: "success" },
  quarantined: { text: "The provisioning job is in quarantine after repeated failures.", percent: 100, tone: "error" },
  stopped: { text: "Provisioning is stopped.", percent: 0, tone: "warning" },
};

// Step 12 — the Provisioning overview: Start provisioning, then cycle status, Provision on demand, Restart.
export function EntraProvisioningOverviewScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const cycle = CYCLE[f.provisioningStatus];
  const users = f.provisionedUsers.length;
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Provisioning"
      label={`Azure portal, ${f.appDisplayName.text} Provisioning overview: Start provisioning, Restart provisioning and Provision on demand; current cycle status: ${cycle.text}`}
      caption="Start provisioning. The first cycle runs now, then about every 40 minutes; Provision on demand syncs one user at once, Restart provisioning starts a clean cycle."
      toolbar={[
        {
          label: "Start provisioning",
          icon: "play",
          disabled: f.provisioningStatus === "running" || f.provisioningStatus === "completed",
          wrap: (item) => (
            <Highlight name="start" n={1} current={highlight}>
              {item}
            </Highlight>
          ),
        },
        { label: "Stop provisioning", icon: "stop", disabled: f.provisioningStatus === "not-run" || f.provisioningStatus === "stopped" },
        {
          label: "Restart provisioning",
          icon: "refresh",
          wrap: (item) => (
            <Highlight name="restart" n={3} current={highlight}>
              {item}
            </Highlight>
          ),
        },
        { label: "Edit provisioning", icon: "pencil" },
        {
          label: "Provision on demand",
          icon: "user",
          wrap: (item) => (
            <Highlight name="provision-on-demand" n={2} current={highlight}>
              {item}
            </Highlight>
          ),
        },
        { label: "Refresh", icon: "refresh" },
      ]}
    >
      <div className="grid gap-4 @2xl:grid-cols-[1fr_12rem]">
        <div>
          <div className="mb-1.5 text-[13px] font-semibold text-[#201f1e]">Current cycle status</div>
          <AzMessage type={cycle.tone}>{cycle.text}</AzMessage>
          <div className="mb-1.5 text-[#605e5c]">
            Last cycle: <V s={f.lastCycle} />
          </div>
          <div className="mb-1 h-1.5 w-full max-w-80 overflow-hidden rounded-full bg-[#edebe9]">
            <BarFill percent={cycle.percent} fillClass={cycle.tone === "error" ? "fill-[#a80000]" : "fill-[#107c10]"} />
          </div>
          <div className="mb-2 text-[10.5px] text-[#605e5c]">{cycle.percent}% complete</div>
          <AzPairs
            rows={[
              { label: "Users", value: String(users) },
              { label: "Groups", value: f.groupSyncEnabled ? "—" : "0 (group sync off)" },
              { label: "Provisioning interval (fixed)", value: "40 minutes" },
            ]}
          />
          <div className="mt-2 flex gap-4">
            <AzLink>View provisioning details</AzLink>
            <AzLink>View technical information</AzLink>
          </div>
          <div className="mt-3 text-[13px] font-semibold text-[#201f1e]">Statistics to date</div>
          <div className="text-[#605e5c]">View provisioning logs</div>
        </div>
        <div className="rounded-sm border border-[#edebe9] p-2.5">
          <div className="mb-1.5 font-semibold text-[#201f1e]">Manage provisioning</div>
          {["Update credentials", "Edit attribute mappings", "Add scoping filters", "Provision on demand"].map((link) => (
            <div key={link} className="py-0.5">
              <AzLink>{link}</AzLink>
            </div>
          ))}
          <div className="mt-2">
            <AzButton>Provision on demand</AzButton>
          </div>
        </div>
      </div>
    </EnterpriseAppBlade>
  );
}
