import type { ReactNode } from "react";
import { AzurePortalFrame } from "./azure-portal-frame";
import {
  AzButton,
  AzCheckbox,
  AzDropdown,
  AzEdit,
  AzField,
  AzInput,
  AzLink,
  AzMessage,
  AzPairs,
  AzSamlCard,
  AzSection,
  AzSegmented,
  AzTable,
} from "./azure-ui";
import { EnterpriseAppBlade } from "./enterprise-app-blade";
import { AwsAppIcon, EntraIcon, Glyph } from "./glyph";
import { Ring } from "./highlight";
import { V } from "./shown";
import type { FilledValues } from "./values";

// Blades that several screens draw with different controls ringed (Identity Center mode and legacy mode).

type Rings = Partial<Record<string, number>>;

const GALLERY_APPS = {
  "identity-center": { name: "AWS IAM Identity Center (successor to AWS Single Sign-On)", formerly: "AWS Single Sign-on" },
  "single-account": { name: "AWS Single-Account Access", formerly: "Amazon Web Services (AWS)" },
} as const;

export function GalleryBlade({
  f,
  app,
  highlight,
  caption,
}: {
  f: FilledValues;
  app: keyof typeof GALLERY_APPS;
  highlight: string | undefined;
  caption: ReactNode;
}) {
  const chosen = GALLERY_APPS[app];
  const tiles = [
    GALLERY_APPS["identity-center"].name,
    GALLERY_APPS["single-account"].name,
    "AWS ClientVPN",
    "Amazon Business",
    "Amazon Managed Grafana",
    "AWS Console - Legacy",
  ];
  const name = app === "identity-center" ? f.appDisplayName : { text: chosen.name, known: f.appDisplayName.known };
  return (
    <AzurePortalFrame
      label={`Azure portal, Browse Microsoft Entra Gallery: "AWS" typed in the search box, the tile "${chosen.name}" selected, and its pane with the Name field set to ${name.text} and the Create button.`}
      caption={caption}
      tenantDomain={f.tenantDomain.known ? f.tenantDomain.text : undefined}
      breadcrumb={["Home", "Enterprise applications | All applications"]}
      title="Browse Microsoft Entra Gallery"
      icon={<EntraIcon className="mt-1" />}
      toolbar={[
        { label: "Create your own application", icon: "plus" },
        { label: "Got feedback?", icon: "feedback" },
      ]}
      panel={{
        title: chosen.name,
        children: (
          <div>
            <div className="mb-3 flex items-start gap-2.5">
              <AwsAppIcon className="size-10" />
              <div className="text-[10.5px] text-[#605e5c]">
                <div>
                  Publisher: <AzLink>Amazon Web Services, Inc.</AzLink>
                </div>
                <div>Single sign-on mode: SAML-based single sign-on</div>
                <div>{app === "identity-center" ? "User account management: Automatic user provisioning" : "User account management: Role import"}</div>
              </div>
            </div>
            <p className="m-0 mb-2.5 text-[#605e5c]">
              {app === "identity-center"
                ? "Connect AWS IAM Identity Center to Microsoft Entra ID: single sign-on to all your AWS accounts and applications."
                : "Single sign-on to one AWS account, with IAM roles imported from that account."}
            </p>
            <AzField label="Name" required info>
              <Ring rings={{ name: 3 }} name="name" current={highlight} block>
                <AzInput check>
                  <V s={name} />
                </AzInput>
              </Ring>
            </AzField>
          </div>
        ),
        footer: (
          <Ring rings={{ create: 4 }} name="create" current={highlight}>
            <AzButton variant="primary">Create</AzButton>
          </Ring>
        ),
      }}
    >
      <p className="m-0 mb-2 text-[#605e5c]">
        The Microsoft Entra App Gallery is a catalog of thousands of apps that make it easy to deploy and configure single sign-on.
      </p>
      <Ring rings={{ search: 1 }} name="search" current={highlight} block className="relative z-10 mb-2 max-w-56">
        <AzInput>
          <Glyph name="search" className="mr-1 inline size-3 text-[#605e5c]" />
          AWS
        </AzInput>
      </Ring>
      <div className="mb-2 flex flex-wrap gap-1.5 text-[10.5px]">
        {["Single Sign-on : All", "User Account Management : All", "Categories : All"].map((pill) => (
          <span key={pill} className="rounded-full bg-[#f3f2f1] px-2 py-0.5">
            {pill}
          </span>
        ))}
      </div>
      <div className="mb-1.5 text-[10.5px] text-[#605e5c]">Showing {tiles.length} of 6 results</div>
      <div className="grid grid-cols-1 gap-2 @md:grid-cols-2 @2xl:grid-cols-3">
        {tiles.map((tile) => {
          const card = (
            <div
              className={`flex h-full items-start gap-2 rounded-sm border p-2 ${tile === chosen.name ? "border-[#0078d4] bg-[#deecf9]" : "border-[#edebe9] bg-white"}`}
            >
              <AwsAppIcon />
              <div className="min-w-0">
                <div className="font-semibold text-[#201f1e]">{tile}</div>
                <div className="text-[10px] text-[#605e5c]">Amazon Web Services, Inc.</div>
              </div>
            </div>
          );
          return tile === chosen.name ? (
            <Ring key={tile} rings={{ tile: 2 }} name="tile" current={highlight} block className="relative z-10">
              {card}
            </Ring>
          ) : (
            <div key={tile}>{card}</div>
          );
        })}
      </div>
    </AzurePortalFrame>
  );
}

/** The "Set up Single Sign-On with SAML" page with its four numbered cards. */
export function SamlPage({
  f,
  highlight,
  rings,
  legacy = false,
  label,
  caption,
  panel,
}: {
  f: FilledValues;
  highlight: string | undefined;
  rings: Rings;
  legacy?: boolean;
  label: string;
  caption: ReactNode;
  panel?: Parameters<typeof EnterpriseAppBlade>[0]["panel"];
}) {
  const identifier = legacy ? f.legacyIdentifier : f.spEntityId;
  const replyUrl = legacy ? { text: "https://signin.aws.amazon.com/saml", known: true } : f.acsUrl;
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Single sign-on"
      section="SAML-based Sign-on"
      label={label}
      caption={caption}
      panel={panel}
      toolbar={[
        {
          label: "Upload metadata file",
          icon: "upload",
          wrap: (item) => (
            <Ring rings={rings} name="upload-metadata" current={highlight}>
              {item}
            </Ring>
          ),
        },
        { label: "Change single sign-on mode", icon: "refresh" },
        { label: "Test this application", icon: "beaker" },
        { label: "Got feedback?", icon: "feedback" },
      ]}
    >
      <div className="mb-1 text-[15px] font-semibold text-[#201f1e]">Set up Single Sign-On with SAML</div>
      <p className="m-0 mb-3 text-[#605e5c]">An SSO implementation based on federation protocols improves security, reliability, and end user experiences.</p>
      <AzSamlCard
        n={1}
        title="Basic SAML Configuration"
        edit={
          <Ring rings={rings} name="edit-basic" current={highlight}>
            <AzEdit />
          </Ring>
        }
      >
        <AzPairs
          rows={[
            { label: "Identifier (Entity ID)", value: <V s={identifier} /> },
            { label: "Reply URL (Assertion Consumer Service URL)", value: <V s={replyUrl} /> },
            { label: "Sign on URL", value: legacy ? "Optional" : <V s={f.signOnUrl} /> },
            { label: "Relay State (Optional)", value: "Optional" },
            { label: "Logout Url (Optional)", value: "Optional" },
          ]}
        />
      </AzSamlCard>
      <AzSamlCard n={2} title="Attributes & Claims" edit={<AzEdit />}>
        <AzPairs
          rows={
            legacy
              ? [
                  { label: "Role", value: "user.assignedroles" },
                  { label: "RoleSessionName", value: "user.userprincipalname" },
                  { label: "SessionDuration", value: "900" },
                  { label: "Unique User Identifier", value: "user.userprincipalname" },
                ]
              : [
                  { label: "givenname", value: "user.givenname" },
                  { label: "surname", value: "user.surname" },
                  { label: "emailaddress", value: "user.mail" },
                  { label: "Unique User Identifier", value: "user.userprincipalname" },
                ]
          }
        />
      </AzSamlCard>
      <AzSamlCard n={3} title="SAML Certificates" edit={<AzEdit />}>
        <div className="mb-1 font-semibold">Token signing certificate</div>
        {legacy && rings["add-certificate"] !== undefined ? (
          <div className="mb-2">
            <Ring rings={rings} name="add-certificate" current={highlight}>
              <AzLink>Add a certificate</AzLink>
            </Ring>
          </div>
        ) : null}
        <AzPairs
          rows={[
            { label: "Status", value: f.certificateThumbprint.known ? "Active" : <V s={{ text: "Active", known: false }} /> },
            { label: "Thumbprint", value: <V s={f.certificateThumbprint} /> },
            { label: "Expiration", value: <V s={f.certificateExpiry} /> },
            { label: "Notification Email", value: <V s={f.notificationEmail} /> },
            {
              label: "App Federation Metadata Url",
              value: (
                <AzInput copy className="text-[10.5px]">
                  <V s={f.appFederationMetadataUrl} />
                </AzInput>
              ),
            },
            { label: "Certificate (Base64)", value: <AzLink>Download</AzLink> },
            { label: "Certificate (Raw)", value: <AzLink>Download</AzLink> },
            {
              label: "Federation Metadata XML",
              value: (
                <Ring rings={rings} name="federation-metadata-xml" current={highlight}>
                  <AzLink>Download</AzLink>
                </Ring>
              ),
            },
          ]}
        />
      </AzSamlCard>
      <AzSamlCard n={4} title={`Set up ${legacy ? "AWS Single-Account Access" : f.appDisplayName.text}`}>
        <p className="m-0 mb-1.5 text-[#605e5c]">You&apos;ll need to configure the application to link with Microsoft Entra ID.</p>
        <Ring rings={rings} name="setup-urls" current={highlight} block className="p-1">
          <AzPairs
            rows={[
              {
                label: "Login URL",
                value: (
                  <AzInput copy>
                    <V s={f.entraLoginUrl} />
                  </AzInput>
                ),
              },
              {
                label: "Microsoft Entra Identifier",
                value: (
                  <AzInput copy>
                    <V s={f.entraIdentifier} />
                  </AzInput>
                ),
              },
              {
                label: "Logout URL",
                value: (
                  <AzInput copy>
                    <V s={f.entraLogoutUrl} />
                  </AzInput>
                ),
              },
            ]}
          />
        </Ring>
      </AzSamlCard>
    </EnterpriseAppBlade>
  );
}

/** The Basic SAML Configuration pane, drawn over the SAML page. */
export function basicSamlPanel({ f, highlight, rings, legacy = false }: { f: FilledValues; highlight: string | undefined; rings: Rings; legacy?: boolean }) {
  const identifier = legacy ? f.legacyIdentifier : f.spEntityId;
  const replyUrl = legacy ? { text: "https://signin.aws.amazon.com/saml", known: true } : f.acsUrl;
  return {
    title: "Basic SAML Configuration",
    toolbar: [
      {
        label: "Save",
        icon: "save" as const,
        wrap: (item: ReactNode) => (
          <Ring rings={rings} name="save" current={highlight}>
            {item}
          </Ring>
        ),
      },
      { label: "Got feedback?", icon: "feedback" as const },
    ],
    children: (
      <div>
        <AzField label="Identifier (Entity ID)" required info description="The unique ID that identifies your application to Microsoft Entra ID.">
          <Ring rings={rings} name="identifier" current={highlight} block>
            <div className="flex items-center gap-2">
              <AzInput check>
                <V s={identifier} />
              </AzInput>
              <AzCheckbox checked label="Default" />
            </div>
          </Ring>
          {legacy ? <div className="mt-1 text-[10.5px] text-[#605e5c]">Further instances of the app: append #2, #3, … to the identifier.</div> : null}
        </AzField>
        <AzField label="Reply URL (Assertion Consumer Service URL)" required info>
          <Ring rings={rings} name="reply-url" current={highlight} block>
            <div className="flex items-center gap-2">
              <AzInput check>
                <V s={replyUrl} />
              </AzInput>
              <AzCheckbox checked label="Default" />
            </div>
          </Ring>
        </AzField>
        <AzField label="Sign on URL (Optional)" info>
          <Ring rings={rings} name="sign-on-url" current={highlight} block>
            <AzInput placeholder={legacy}>{legacy ? "Enter a sign on URL" : <V s={f.signOnUrl} />}</AzInput>
          </Ring>
        </AzField>
        <AzField label="Relay State (Optional)" info>
          <AzInput placeholder>Enter a relay state</AzInput>
        </AzField>
        <AzField label="Logout Url (Optional)" info className="mb-0">
          <AzInput placeholder>Enter a logout url</AzInput>
        </AzField>
      </div>
    ),
  };
}

/** The claims blade: "Attributes & Claims". */
export function ClaimsBlade({
  f,
  label,
  caption,
  nameId,
  claims,
  rings,
  highlight,
}: {
  f: FilledValues;
  label: string;
  caption: ReactNode;
  nameId: string;
  claims: { name: string; value: string; ring?: string }[];
  rings: Rings;
  highlight: string | undefined;
}) {
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Single sign-on"
      section="SAML-based Sign-on"
      crumbs={["Attributes & Claims"]}
      title="Attributes & Claims"
      label={label}
      caption={caption}
      toolbar={[
        { label: "Add new claim", icon: "plus" },
        { label: "Add a group claim", icon: "plus" },
        { label: "Columns", icon: "grid" },
        { label: "Got feedback?", icon: "feedback" },
      ]}
    >
      <div className="mb-1 font-semibold text-[#201f1e]">Required claim</div>
      <AzTable
        className="mb-3"
        columns={["Claim name", "Type", "Value"]}
        rows={[
          {
            key: "nameid",
            cells: ["Unique User Identifier (Name ID)", "SAML", nameId],
            wrap: (row) => (
              <Ring rings={rings} name="name-id" current={highlight} block>
                {row}
              </Ring>
            ),
          },
        ]}
      />
      <div className="mb-1 font-semibold text-[#201f1e]">Additional claims</div>
      <AzTable
        columns={["Claim name", "Type", "Value"]}
        rows={claims.map((claim) => ({
          key: claim.name,
          cells: [
            <span key="n" className="text-[10.5px]">
              {claim.name}
            </span>,
            "SAML",
            claim.value,
          ],
          wrap: claim.ring
            ? (row: ReactNode) => (
                <Ring rings={rings} name={claim.ring ?? ""} current={highlight} block>
                  {row}
                </Ring>
              )
            : undefined,
        }))}
      />
      <div className="mt-2 text-[10.5px] text-[#605e5c]">
        Signed in as a user such as <V s={f.exampleUser} />.
      </div>
    </EnterpriseAppBlade>
  );
}

/** The enterprise app's Provisioning page (mode, Admin Credentials, Mappings, Settings, status). */
export function ProvisioningPage({
  f,
  highlight,
  rings,
  open,
  legacy = false,
  label,
  caption,
}: {
  f: FilledValues;
  highlight: string | undefined;
  rings: Rings;
  open: "credentials" | "mappings" | "settings";
  legacy?: boolean;
  label: string;
  caption: ReactNode;
}) {
  const ring = (name: string, node: ReactNode, block = false) => (
    <Ring rings={rings} name={name} current={highlight} block={block}>
      {node}
    </Ring>
  );
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Provisioning"
      crumbs={["Provisioning"]}
      title="Provisioning"
      label={label}
      caption={caption}
      toolbar={[
        { label: "Save", icon: "save", wrap: (item) => ring("save", item) },
        { label: "Discard", icon: "close" },
      ]}
    >
      <AzField label="Provisioning Mode" className="max-w-72">
        {ring("mode", <AzDropdown>Automatic</AzDropdown>, true)}
      </AzField>
      <p className="m-0 mb-2 text-[#605e5c]">
        {legacy
          ? "Import the IAM roles of the AWS account into Microsoft Entra ID, to pick one when assigning a user."
          : `Use Microsoft Entra ID to manage the creation and synchronization of user accounts in ${f.appDisplayName.text} based on user and group assignment.`}
      </p>
      <AzSection title="Admin Credentials" open={open === "credentials"}>
        <p className="m-0 mb-2 text-[#605e5c]">
          Microsoft Entra ID needs the following information to connect to the application&apos;s API and synchronize user data.
        </p>
        {legacy ? (
          <AzField label="clientsecret">
            {ring(
              "client-secret",
              <AzInput>
                <V s={f.accessKeyIdMasked} />
              </AzInput>,
              true,
            )}
          </AzField>
        ) : (
          <AzField label="Tenant URL" required info>
            {ring(
              "tenant-url",
              <AzInput>
                <V s={f.scimEndpoint} />
              </AzInput>,
              true,
            )}
          </AzField>
        )}
        <AzField label="Secret Token" info>
          {ring(
            "secret-token",
            <AzInput>
              <V s={legacy ? { text: "••••••••••••••••••••", known: f.accessKeyIdMasked.known } : f.scimTokenMasked} />
            </AzInput>,
            true,
          )}
        </AzField>
        {ring("test-connection", <AzButton>Test Connection</AzButton>)}
      </AzSection>
      <AzSection title="Mappings" open={open === "mappings"}>
        <AzTable
          columns={["Name", "Enabled"]}
          rows={[
            {
              key: "groups",
              cells: [<AzLink key="n">Provision Microsoft Entra ID Groups</AzLink>, f.groupSyncEnabled ? "Yes" : "No"],
              wrap: (row) => ring("groups-mapping", row, true),
            },
            {
              key: "users",
              cells: [<AzLink key="n">Provision Microsoft Entra ID Users</AzLink>, "Yes"],
              wrap: (row) => ring("users-mapping", row, true),
            },
          ]}
        />
        <div className="mt-1.5">
          <AzLink>Restore default mappings</AzLink>
        </div>
      </AzSection>
      <AzSection title="Settings" open={open === "settings" || legacy}>
        <div className="mb-2">
          <AzCheckbox checked label="Send an email notification when a failure occurs" />
        </div>
        <AzField label="Notification Email" className="max-w-80">
          {ring(
            "notification-email",
            <AzInput>
              <V s={f.notificationEmail} />
            </AzInput>,
            true,
          )}
        </AzField>
        <div className="mb-2">
          <AzCheckbox checked label="Prevent accidental deletion" />
        </div>
        <AzField label="Accidental deletion threshold" className="max-w-40">
          <AzInput>500</AzInput>
        </AzField>
        {legacy ? null : (
          <AzField label="Scope" info className="max-w-80">
            {ring("scope", <AzDropdown>{f.syncScope === "all" ? "Sync all users and groups" : "Sync only assigned users and groups"}</AzDropdown>, true)}
          </AzField>
        )}
      </AzSection>
      <div className="mt-2 flex items-center gap-3">
        <span className="font-semibold">Provisioning Status</span>
        {ring("provisioning-status", <AzSegmented options={["On", "Off"]} value={legacy || f.provisioningStatus !== "not-run" ? "On" : "Off"} />)}
      </div>
    </EnterpriseAppBlade>
  );
}

/** Users and groups with the Add Assignment pane. */
export function AssignmentBlade({
  f,
  highlight,
  label,
  caption,
  roles,
}: {
  f: FilledValues;
  highlight: string | undefined;
  label: string;
  caption: ReactNode;
  /** Legacy mode: the imported IAM roles to pick from. */
  roles?: readonly string[];
}) {
  const principals = f.assignedPrincipals.length > 0 ? f.assignedPrincipals : [f.exampleUser.text];
  const roleLabel = roles && roles.length > 0 ? roles[0] : roles ? `…,${f.iamProviderName.text}` : "User";
  return (
    <EnterpriseAppBlade
      f={f}
      menu="Users and groups"
      label={label}
      caption={caption}
      toolbar={[
        {
          label: "Add user/group",
          icon: "plus",
          wrap: (item) => (
            <Ring rings={{ add: 1 }} name="add" current={highlight}>
              {item}
            </Ring>
          ),
        },
        { label: "Edit assignment", icon: "pencil", disabled: true },
        { label: "Remove", icon: "trash", disabled: true },
        { label: "Columns", icon: "grid" },
      ]}
      panel={{
        title: "Add Assignment",
        subtitle: f.tenantDomain.text,
        children: (
          <div>
            <AzMessage>
              When you assign a group to an application, only users directly in the group will have access. The assignment does not cascade to nested groups.
            </AzMessage>
            <Ring rings={{ "users-and-groups": 2 }} name="users-and-groups" current={highlight} block className="mb-2 p-1">
              <div className="font-semibold">Users and groups</div>
              <AzLink>{f.assignedPrincipals.length > 0 ? `${f.assignedPrincipals.length} selected.` : "None Selected"}</AzLink>
              {f.assignedPrincipals.length > 0 ? <div className="text-[10.5px] text-[#605e5c]">{f.assignedPrincipals.join(", ")}</div> : null}
            </Ring>
            <Ring rings={roles ? { role: 3 } : {}} name="role" current={highlight} block className="p-1">
              <div className="font-semibold">Select a role</div>
              <AzLink>{roleLabel}</AzLink>
              {roles && roles.length > 1 ? <div className="text-[10.5px] text-[#605e5c]">Imported roles: {roles.join("; ")}</div> : null}
            </Ring>
          </div>
        ),
        footer: (
          <Ring rings={{ assign: roles ? 4 : 3 }} name="assign" current={highlight}>
            <AzButton variant="primary">Assign</AzButton>
          </Ring>
        ),
      }}
    >
      <AzMessage>
        The application will appear for assigned users within My Apps. Set &apos;visible to users?&apos; to no in properties to prevent this.
      </AzMessage>
      <AzInput placeholder className="mb-2 max-w-48">
        First 200 shown, search all users & groups
      </AzInput>
      <AzTable
        columns={["Display name", "Object type", "Role assigned"]}
        rows={principals.map((principal) => ({
          key: principal,
          cells: [principal, principal.startsWith("AWS-") || principal.includes("Group") ? "Group" : "User", roles ? roleLabel : "User"],
        }))}
      />
    </EnterpriseAppBlade>
  );
}
