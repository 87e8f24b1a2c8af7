import { AwsConsoleFrame } from "./aws-console-frame";
import {
  AwsActions,
  AwsAlert,
  AwsButton,
  AwsContainer,
  AwsCopyValue,
  AwsField,
  AwsInput,
  AwsModal,
  AwsStatus,
  AwsTable,
  AwsTabs,
  AwsTile,
  AwsRadio,
  AwsWizardSteps,
} from "./aws-ui";
import { Glyph } from "./glyph";
import { Highlight } from "./highlight";
import { awsChrome, ScreenSequence, type ScreenProps } from "./screen";
import { V } from "./shown";
import { fillValues, type FilledValues } from "./values";

const IC = "IAM Identity Center";

// Step 1 — the console search: "sso" finds IAM Identity Center (the guides' "AWS Single Sign-On").
export function AwsServiceSearchScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console: searching "sso" in the service search box finds ${IC} (formerly AWS Single Sign-On); the region selector in the top-right corner shows ${f.regionName.text} (${f.region.text}).`}
      caption={`The guides search for "sso" and pick "AWS Single Sign-On": today the result is named ${IC}. Check the region in the top-right corner first — the instance lives in one region.`}
      {...awsChrome(f)}
      wrapRegion={(selector) => (
        <Highlight name="region" n={2} current={highlight}>
          {selector}
        </Highlight>
      )}
      search="sso"
      searchDropdown={
        <div className="flex overflow-hidden rounded-xl bg-white text-[#000716] shadow-[0_4px_20px_rgba(0,7,22,0.35)]">
          <div className="hidden w-28 shrink-0 border-r border-[#e9ebed] py-2 @md:block">
            <div className="px-3 pb-1 text-[10.5px] font-bold text-[#5f6b7a]">Search results for &apos;sso&apos;</div>
            {["Services (4)", "Features (12)", "Resources", "Documentation (3,512)", "Knowledge articles", "Marketplace (41)"].map((item, index) => (
              <div key={item} className={index === 0 ? "border-l-4 border-[#0972d3] px-2 py-0.5 font-bold text-[#0972d3]" : "px-3 py-0.5 text-[#414d5c]"}>
                {item}
              </div>
            ))}
          </div>
          <div className="min-w-0 flex-1 py-2">
            <div className="flex items-center px-3 pb-1 text-[13px] font-bold">
              Services
              <span className="ml-auto text-[10.5px] font-normal text-[#0972d3]">See all 4 results ▸</span>
            </div>
            <div className="px-2">
              <Highlight name="service" n={1} current={highlight} block>
                <div className="flex gap-2 rounded-md bg-[#f2f8fd] p-1.5">
                  <span className="grid size-7 shrink-0 place-items-center rounded bg-[#dd344c] text-white">
                    <Glyph name="shield" className="size-4" />
                  </span>
                  <div className="min-w-0">
                    <div className="font-bold text-[#0972d3]">
                      {IC} <Glyph name="star" className="inline size-3 text-[#5f6b7a]" />
                    </div>
                    <div className="text-[10.5px] text-[#5f6b7a]">Manage workforce user access to multiple AWS accounts and cloud applications</div>
                  </div>
                </div>
              </Highlight>
            </div>
            {[
              ["Directory Service", "Host and manage Active Directory"],
              ["IAM", "Manage access to AWS resources"],
              ["Resource Access Manager", "Share AWS resources with other accounts or AWS Organizations"],
            ].map(([name, description]) => (
              <div key={name} className="flex gap-2 px-3.5 py-1.5">
                <span className="size-7 shrink-0 rounded bg-[#dd344c]/80" />
                <div className="min-w-0">
                  <div className="font-bold text-[#0972d3]">{name}</div>
                  <div className="truncate text-[10.5px] text-[#5f6b7a]">{description}</div>
                </div>
              </div>
            ))}
            <div className="mt-1 border-t border-[#e9ebed] px-3 pt-1.5 text-[13px] font-bold">Features</div>
            <div className="px-3.5 py-1">
              <span className="font-bold text-[#0972d3]">Single sign-on</span>
              <span className="text-[10.5px] text-[#5f6b7a]"> — {IC} feature</span>
            </div>
          </div>
        </div>
      }
    >
      <div className="h-72 @lg:h-80">
        <h3 className="m-0 mb-3 text-[18px] font-bold">Console Home</h3>
        <div className="grid grid-cols-2 gap-3 opacity-60">
          <AwsContainer title="Recently visited">
            <div className="h-16" />
          </AwsContainer>
          <AwsContainer title="Applications">
            <div className="h-16" />
          </AwsContainer>
        </div>
      </div>
    </AwsConsoleFrame>
  );
}

// Step 1 — first visit in this region: the welcome page with Enable.
export function AwsEnableIdentityCenterScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} welcome page in ${f.regionName.text}: the Enable button (formerly "Enable AWS SSO").`}
      caption={`First visit in this region: select Enable (the guides' "Enable AWS SSO"). Sign in to the organization's management account so that an organization instance is created.`}
      {...awsChrome(f)}
    >
      <div className="bg-aws-ink -mx-4 -mt-2.5 mb-4 px-6 pt-5 pb-6 text-white">
        <div className="text-[11px] text-[#d1d5db]">Security, identity, and compliance</div>
        <div className="mt-1 text-[22px] leading-tight font-bold">{IC}</div>
        <div className="mt-1 max-w-md text-[13px] text-[#d1d5db]">Connect your workforce users to AWS managed applications and AWS accounts</div>
      </div>
      <div className="grid gap-3 @xl:grid-cols-[1fr_15rem]">
        <div>
          <AwsContainer title="How it works">
            <div className="grid grid-cols-3 gap-2 text-center text-[10.5px] text-[#414d5c]">
              {["Connect your identity source", "Assign users and groups to AWS accounts", "Users sign in through the AWS access portal"].map((text) => (
                <div key={text} className="rounded-lg border border-[#e9ebed] p-2">
                  {text}
                </div>
              ))}
            </div>
          </AwsContainer>
        </div>
        <AwsContainer title={`Enable ${IC}`}>
          <p className="m-0 mb-2.5 text-[#414d5c]">
            {IC} is enabled in <b>{f.regionName.text}</b> and manages access for your organization.
          </p>
          <Highlight name="enable" n={1} current={highlight}>
            <AwsButton variant="primary">Enable</AwsButton>
          </Highlight>
        </AwsContainer>
      </div>
    </AwsConsoleFrame>
  );
}

function SettingsDetails({ f }: { f: FilledValues }) {
  return (
    <AwsContainer title="Details">
      <div className="grid gap-x-4 @lg:grid-cols-2">
        <AwsField label="Instance ARN">
          <AwsCopyValue>
            <V s={f.instanceArn} />
          </AwsCopyValue>
        </AwsField>
        <AwsField label="Identity store ID">
          <AwsCopyValue>
            <V s={f.identityStoreId} />
          </AwsCopyValue>
        </AwsField>
        <AwsField label="Region">
          <V s={f.region} />
        </AwsField>
        <AwsField label="Organization ID">o-…</AwsField>
      </div>
    </AwsContainer>
  );
}

// Step 4 — Settings → Identity source → Actions → Change identity source.
export function AwsIdentitySourceScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Settings: the Identity source tab with the Actions menu open on "Change identity source".`}
      caption={`Settings → Identity source → Actions → Change identity source (the guides' "Choose your identity source" / "change").`}
      {...awsChrome(f)}
      nav="identity-center"
      selected="Settings"
      breadcrumb={[IC, "Settings"]}
      title="Settings"
      titleInfo
    >
      <SettingsDetails f={f} />
      <AwsTabs
        active={0}
        tabs={[
          <Highlight key="tab" name="identity-source-tab" n={1} current={highlight}>
            Identity source
          </Highlight>,
          "Authentication",
          "Management",
          "Tags",
        ]}
      />
      <AwsContainer
        title="Identity source"
        info
        actions={
          <span className="relative">
            <Highlight name="actions" n={2} current={highlight}>
              <AwsButton iconRight="chevronDown">Actions</AwsButton>
            </Highlight>
            <span className="absolute top-8 right-0 z-10 w-48 rounded-lg bg-white py-1 text-[#000716] shadow-[0_4px_16px_rgba(0,7,22,0.3)] ring-1 ring-[#e9ebed]">
              <span className="block px-3 py-1">
                <Highlight name="change-identity-source" n={3} current={highlight}>
                  <span className="font-bold">Change identity source</span>
                </Highlight>
              </span>
              <span className="block px-3 py-1 text-[#9ba7b6]">Manage provisioning</span>
              <span className="block px-3 py-1">Customize AWS access portal URL</span>
              <span className="block px-3 py-1">Manage attribute mappings</span>
            </span>
          </span>
        }
      >
        <div className="grid gap-x-4 @lg:grid-cols-2">
          <AwsField label="Identity source">Identity Center directory</AwsField>
          <AwsField label="Authentication method">Password</AwsField>
          <AwsField label="Provisioning method">Identity Center directory</AwsField>
          <AwsField label="AWS access portal URL">
            <AwsCopyValue>
              <V s={f.accessPortalUrl} />
            </AwsCopyValue>
          </AwsField>
        </div>
      </AwsContainer>
    </AwsConsoleFrame>
  );
}

const CHANGE_SOURCE_STEPS = ["Choose identity source", "Configure external identity provider", "Review and confirm"];

// Step 4 — the three identity sources, External identity provider selected.
export function AwsChooseIdentitySourceScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Change identity source, step 1: External identity provider is selected among the three identity sources; Next.`}
      caption="Select External identity provider, then Next."
      {...awsChrome(f)}
      breadcrumb={[IC, "Settings", "Change identity source"]}
    >
      <div className="flex">
        <AwsWizardSteps steps={CHANGE_SOURCE_STEPS} current={0} />
        <div className="min-w-0 flex-1">
          <h3 className="m-0 mb-3 text-[18px] font-bold">Choose identity source</h3>
          <AwsContainer
            title="Choose identity source"
            info
            description={`The identity source is where you administer users and groups. ${IC} supports one identity source at a time.`}
          >
            <div className="grid gap-2 @xl:grid-cols-3">
              <AwsTile checked={false} label="Identity Center directory" description={`Manage your users and groups in ${IC}.`} />
              <AwsTile
                checked={false}
                label="Active Directory"
                description="Manage your users and groups in AWS Managed Microsoft AD or a self-managed directory."
              />
              <Highlight name="external" n={1} current={highlight} block>
                <AwsTile
                  checked
                  label="External identity provider"
                  description="Manage your users and groups in an external identity provider (IdP) such as Microsoft Entra ID."
                />
              </Highlight>
            </div>
          </AwsContainer>
          <AwsActions>
            <AwsButton variant="link">Cancel</AwsButton>
            <Highlight name="next" n={2} current={highlight}>
              <AwsButton variant="primary">Next</AwsButton>
            </Highlight>
          </AwsActions>
        </div>
      </div>
    </AwsConsoleFrame>
  );
}

function ServiceProviderMetadata({ f, highlight, numbered }: { f: FilledValues; highlight: string | undefined; numbered: boolean }) {
  return (
    <AwsContainer
      title="Service provider metadata"
      info
      description={`Your IdP requires the following ${IC} certificate and metadata details to trust ${IC} as a service provider.`}
    >
      <AwsField label={`${IC} SAML metadata`}>
        <Highlight name="download-metadata" n={numbered ? 1 : undefined} current={highlight}>
          <AwsButton icon="download">Download metadata file</AwsButton>
        </Highlight>
      </AwsField>
      <div className="mb-2 text-[10.5px] text-[#5f6b7a]">If your IdP does not support metadata files, copy these values:</div>
      <Highlight name="sp-urls" n={numbered ? 2 : undefined} current={highlight} block className="p-1">
        <AwsField label="AWS access portal sign-in URL">
          <AwsCopyValue>
            <V s={f.accessPortalUrl} />
          </AwsCopyValue>
        </AwsField>
        <AwsField label={`${IC} Assertion Consumer Service (ACS) URL`}>
          <AwsCopyValue>
            <V s={f.acsUrl} />
          </AwsCopyValue>
        </AwsField>
        <AwsField label={`${IC} issuer URL`} className="mb-0">
          <AwsCopyValue>
            <V s={f.issuerUrl} />
          </AwsCopyValue>
        </AwsField>
      </Highlight>
    </AwsContainer>
  );
}

function IdentityProviderMetadata({ f, highlight, chosen }: { f: FilledValues; highlight: string | undefined; chosen: boolean }) {
  return (
    <AwsContainer title="Identity provider metadata" info description="AWS requires specific metadata provided by your IdP to establish trust.">
      <AwsField label="IdP SAML metadata" description="Upload the Federation Metadata XML you downloaded from Microsoft Entra ID.">
        <span className="flex flex-wrap items-center gap-2">
          {chosen ? (
            <Highlight name="choose-file" n={1} current={highlight}>
              <AwsButton icon="upload">Choose file</AwsButton>
            </Highlight>
          ) : (
            <AwsButton icon="upload">Choose file</AwsButton>
          )}
          {chosen ? (
            <span className="inline-flex items-center gap-1">
              <Glyph name="file" className="size-3 text-[#5f6b7a]" />
              <V s={f.federationMetadataFileName} />
            </span>
          ) : null}
        </span>
      </AwsField>
      <span className="text-[#0972d3]">If you don&apos;t have a metadata file, you can manually type your metadata values.</span>
    </AwsContainer>
  );
}

// Step 4 — Configure external identity provider: download the service provider metadata, note the URLs.
export function AwsServiceProviderMetadataScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Change identity source, step 2: Service provider metadata with Download metadata file, and the AWS access portal sign-in URL, ACS URL and issuer URL.`}
      caption={`Download the metadata file (the guides' "AWS SSO SAML metadata") and note the AWS access portal sign-in URL. Do not leave this page: uploading Entra's metadata here, a few steps on, finishes it.`}
      {...awsChrome(f)}
      breadcrumb={[IC, "Settings", "Change identity source"]}
    >
      <div className="flex">
        <AwsWizardSteps steps={CHANGE_SOURCE_STEPS} current={1} />
        <div className="min-w-0 flex-1">
          <h3 className="m-0 mb-3 text-[18px] font-bold">Configure external identity provider</h3>
          <ServiceProviderMetadata f={f} highlight={highlight} numbered />
          <IdentityProviderMetadata f={f} highlight={highlight} chosen={false} />
        </div>
      </div>
    </AwsConsoleFrame>
  );
}

// Step 7 — upload Entra's Federation Metadata XML, Next, type ACCEPT, Change identity source.
export function AwsIdpMetadataScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ScreenSequence>
      <AwsConsoleFrame
        label={`AWS console, ${IC} Change identity source, step 2: Identity provider metadata, Choose file with ${f.federationMetadataFileName.text} selected, then Next.`}
        caption="Back on the AWS page you left open: IdP SAML metadata → Choose file → Next."
        {...awsChrome(f)}
        breadcrumb={[IC, "Settings", "Change identity source"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={CHANGE_SOURCE_STEPS} current={1} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Configure external identity provider</h3>
            <AwsContainer title="Service provider metadata" info>
              <span className="text-[#5f6b7a]">AWS access portal sign-in URL, ACS URL, issuer URL…</span>
            </AwsContainer>
            <IdentityProviderMetadata f={f} highlight={highlight} chosen />
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton>Previous</AwsButton>
              <Highlight name="next" n={2} current={highlight}>
                <AwsButton variant="primary">Next</AwsButton>
              </Highlight>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
      <AwsConsoleFrame
        label={`AWS console, ${IC} Change identity source, step 3: Review and confirm; ACCEPT typed in the confirmation box, then Change identity source.`}
        caption="Review, type ACCEPT and select Change identity source."
        {...awsChrome(f)}
        breadcrumb={[IC, "Settings", "Change identity source"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={CHANGE_SOURCE_STEPS} current={2} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Review and confirm</h3>
            <AwsContainer title="Identity provider metadata" actions={<AwsButton>Edit</AwsButton>}>
              <div className="grid gap-x-4 @lg:grid-cols-2">
                <AwsField label="IdP sign-in URL">
                  <V s={f.entraLoginUrl} />
                </AwsField>
                <AwsField label="IdP issuer URL">
                  <V s={f.entraIdentifier} />
                </AwsField>
                <AwsField label="IdP certificate expiry">
                  <V s={f.certificateExpiry} />
                </AwsField>
              </div>
            </AwsContainer>
            <AwsContainer title="Review and confirm">
              <AwsAlert type="warning">
                Changing to an external identity provider deletes the MFA devices and passwords of users in the Identity Center directory; users and group
                assignments are kept.
              </AwsAlert>
              <AwsField label='To accept these changes, enter "ACCEPT".'>
                <Highlight name="accept" n={3} current={highlight} block>
                  <AwsInput>ACCEPT</AwsInput>
                </Highlight>
              </AwsField>
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton>Previous</AwsButton>
              <Highlight name="change-identity-source" n={4} current={highlight}>
                <AwsButton variant="primary">Change identity source</AwsButton>
              </Highlight>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
    </ScreenSequence>
  );
}

// Step 8 — Settings → Automatic provisioning → Enable; the SCIM endpoint and access token dialog.
export function AwsAutomaticProvisioningScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Settings: Automatic provisioning Enable, and the Inbound automatic provisioning dialog with the SCIM endpoint and the access token, each with a copy button.`}
      caption="Enable automatic provisioning, then copy the SCIM endpoint and the access token — the token is shown only once."
      {...awsChrome(f)}
      nav="identity-center"
      selected="Settings"
      breadcrumb={[IC, "Settings"]}
      title="Settings"
      overlay={
        <AwsModal title="Inbound automatic provisioning" footer={<AwsButton variant="primary">Close</AwsButton>}>
          <p className="m-0 mb-2.5 text-[#414d5c]">
            Copy the SCIM endpoint and access token into your IdP (Microsoft Entra ID: Provisioning → Admin Credentials).
          </p>
          <AwsField label="SCIM endpoint">
            <Highlight name="scim-endpoint" n={2} current={highlight} block className="p-0.5">
              <AwsCopyValue>
                <V s={f.scimEndpoint} />
              </AwsCopyValue>
            </Highlight>
          </AwsField>
          <AwsField label="Access token">
            <Highlight name="access-token" n={3} current={highlight} block className="p-0.5">
              <AwsCopyValue>
                <V s={f.scimTokenMasked} />
              </AwsCopyValue>
              <span className="ml-2 font-bold text-[#0972d3]">Show token</span>
            </Highlight>
          </AwsField>
          <AwsAlert type="warning" className="mb-0">
            This is the only time the access token is shown. It expires in one year; generate a new one before then.
          </AwsAlert>
        </AwsModal>
      }
    >
      <AwsTabs active={0} tabs={["Identity source", "Authentication", "Management", "Tags"]} />
      <AwsContainer title="Identity source" actions={<AwsButton iconRight="chevronDown">Actions</AwsButton>}>
        <div className="grid gap-x-4 @lg:grid-cols-2">
          <AwsField label="Identity source">External identity provider</AwsField>
          <AwsField label="Authentication method">SAML 2.0</AwsField>
          <AwsField label="Provisioning method">Manual</AwsField>
        </div>
      </AwsContainer>
      <AwsContainer title="Automatic provisioning" info>
        <AwsAlert type="info" title="Automatic provisioning">
          <span className="flex flex-wrap items-center gap-2">
            Provision users and groups from your external IdP with SCIM.
            <Highlight name="enable" n={1} current={highlight}>
              <AwsButton>Enable</AwsButton>
            </Highlight>
          </span>
        </AwsAlert>
      </AwsContainer>
    </AwsConsoleFrame>
  );
}

// Step 13 — the provisioned users in the Identity Center directory.
export function AwsUsersScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const users = f.provisionedUsers.length > 0 ? f.provisionedUsers : values.exampleUser ? [values.exampleUser] : [];
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Users: ${users.length} users provisioned by SCIM from Microsoft Entra ID${users.length ? `, including ${users.join(", ")}` : ""}.`}
      caption="The users Entra provisioned appear here, created by SCIM, with their user principal name as the username."
      {...awsChrome(f)}
      nav="identity-center"
      selected="Users"
      breadcrumb={[IC, "Users"]}
      title="Users"
      titleInfo
    >
      <AwsAlert type="info">Automatic provisioning is enabled: users are created and updated by your external identity provider.</AwsAlert>
      <AwsContainer
        title="Users"
        counter={String(users.length)}
        actions={
          <>
            <AwsButton icon="refresh">{""}</AwsButton>
            <AwsButton disabled>Delete users</AwsButton>
            <AwsButton variant="primary" disabled>
              Add user
            </AwsButton>
          </>
        }
        flush
      >
        <div className="px-4 pb-2">
          <AwsInput placeholder>
            <Glyph name="search" className="mr-1.5 size-3" />
            Find users by username, email, or display name
          </AwsInput>
        </div>
        <AwsTable
          selectable
          columns={["Username", "Display name", "Status", "Created by"]}
          rows={
            users.length > 0
              ? users.map((user, index) => ({
                  key: user,
                  cells: [
                    <span key="u" className="text-[#0972d3]">
                      {user}
                    </span>,
                    user.split("@")[0]?.replace(/[._]/g, " ") ?? user,
                    <AwsStatus key="s" type="success">
                      Enabled
                    </AwsStatus>,
                    "SCIM",
                  ],
                  wrap:
                    index === 0
                      ? (row) => (
                          <Highlight name="user" n={1} current={highlight} block>
                            {row}
                          </Highlight>
                        )
                      : undefined,
                }))
              : [
                  {
                    key: "placeholder",
                    cells: [
                      <V key="u" s={f.exampleUser} />,
                      "…",
                      <AwsStatus key="s" type="pending">
                        Not provisioned yet
                      </AwsStatus>,
                      "SCIM",
                    ],
                    wrap: (row) => (
                      <Highlight name="user" n={1} current={highlight} block>
                        {row}
                      </Highlight>
                    ),
                  },
                ]
          }
        />
      </AwsContainer>
    </AwsConsoleFrame>
  );
}

const PREDEFINED_POLICIES = [
  "AdministratorAccess",
  "Billing",
  "DatabaseAdministrator",
  "DataScientist",
  "NetworkAdministrator",
  "PowerUserAccess",
  "SecurityAudit",
  "SupportUser",
  "SystemAdministrator",
  "ViewOnlyAccess",
];
const PROJECT_ROLE_POLICIES = ["AdministratorAccess", "PowerUserAccess", "ViewOnlyAccess"];

// Step 14 — Permission sets, and Create permission set → Predefined permission set.
export function AwsPermissionSetsScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const sets = f.permissionSetNames;
  return (
    <ScreenSequence>
      <AwsConsoleFrame
        label={`AWS console, ${IC} Permission sets: ${sets.length} permission sets${sets.length ? ` (${sets.join(", ")})` : ""}; Create permission set.`}
        caption="Multi-account permissions → Permission sets → Create permission set."
        {...awsChrome(f)}
        nav="identity-center"
        selected="Permission sets"
        breadcrumb={[IC, "Permission sets"]}
        title="Permission sets"
        titleInfo
      >
        <AwsContainer
          title="Permission sets"
          counter={String(sets.length)}
          actions={
            <>
              <AwsButton disabled>Delete</AwsButton>
              <Highlight name="create" n={1} current={highlight}>
                <AwsButton variant="primary">Create permission set</AwsButton>
              </Highlight>
            </>
          }
          flush
        >
          <AwsTable
            selectable
            columns={["Name", "Description", "Session duration"]}
            rows={sets.map((name) => ({
              key: name,
              cells: [
                <span key="n" className="text-[#0972d3]">
                  {name}
                </span>,
                "-",
                "1 hour",
              ],
            }))}
          />
        </AwsContainer>
      </AwsConsoleFrame>
      <AwsConsoleFrame
        label={`AWS console, ${IC} Create permission set, step 1: Predefined permission set selected, with the job function policies AdministratorAccess, PowerUserAccess and ViewOnlyAccess marked for the project roles.`}
        caption="Predefined permission set (the guides' 'Use an existing job function policy'): AdministratorAccess for Project Admin, PowerUserAccess for Project User, ViewOnlyAccess for Project Reader — one permission set each."
        {...awsChrome(f)}
        breadcrumb={[IC, "Permission sets", "Create permission set"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={["Select permission set type", "Specify permission set details", "Review and create"]} current={0} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Select permission set type</h3>
            <AwsContainer title="Permission set type">
              <div className="grid gap-2 @lg:grid-cols-2">
                <Highlight name="predefined" n={2} current={highlight} block>
                  <AwsTile checked label="Predefined permission set" description="Use an AWS managed job function policy." />
                </Highlight>
                <AwsTile checked={false} label="Custom permission set" description="Build a permission set from policies you choose." />
              </div>
            </AwsContainer>
            <AwsContainer title="Policy for predefined permission set">
              <Highlight name="policies" n={3} current={highlight} block className="p-1">
                <div className="grid gap-1 @lg:grid-cols-2">
                  {PREDEFINED_POLICIES.map((policy) => (
                    <AwsRadio
                      key={policy}
                      checked={policy === "AdministratorAccess"}
                      label={
                        PROJECT_ROLE_POLICIES.includes(policy) ? (
                          <span className="rounded bg-amber-100 px-1 font-bold">{policy}</span>
                        ) : (
                          <span className="text-[#414d5c]">{policy}</span>
                        )
                      }
                    />
                  ))}
                </div>
              </Highlight>
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton variant="primary">Next</AwsButton>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
    </ScreenSequence>
  );
}

// Step 15 — group membership with the CLI, drawn as AWS CloudShell.
export function AwsGroupMembershipCliScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS CloudShell: aws identitystore create-group-membership --identity-store-id ${f.identityStoreId.text} --group-id ${f.exampleGroupId.text} --member-id UserId=${f.exampleUserId.text}, and its JSON reply with the MembershipId.`}
      caption={`The console no longer manages group membership; the CLI does. This is the call the portal makes for you (CreateGroupMembership) — here for ${f.exampleUser.text} in ${f.exampleGroupName.text}.`}
      {...awsChrome(f)}
      breadcrumb={["CloudShell"]}
      title={
        <span className="inline-flex items-center gap-2">
          <Glyph name="terminal" className="size-4" />
          CloudShell
        </span>
      }
    >
      <div className="overflow-hidden rounded-lg bg-[#0f1b2a] font-mono text-[10.5px] leading-relaxed text-[#d1d5db]">
        <div className="flex items-center gap-3 bg-[#232f3e] px-3 py-1 text-[#b6bec9]">
          <span className="font-bold text-white">
            <V s={f.region} />
          </span>
          <span className="ml-auto">Actions ▾</span>
        </div>
        <div className="p-3 break-all">
          <div>
            <span className="text-[#89bdff]">[cloudshell-user@ip-10-132-7-41 ~]$</span>{" "}
            <Highlight name="command" n={1} current={highlight} className="px-0.5">
              <span className="text-white">
                aws identitystore create-group-membership --identity-store-id <V s={f.identityStoreId} className="text-[#ffb84d]" /> --group-id{" "}
                <V s={f.exampleGroupId} className="text-[#ffb84d]" /> --member-id UserId=
                <V s={f.exampleUserId} className="text-[#ffb84d]" />
              </span>
            </Highlight>
          </div>
          <div className="mt-1 whitespace-pre-wrap">
            {"{\n"}
            {'    "MembershipId": "04a8a488-0051-707c-2a8b-5a81bd9a9998",\n'}
            {'    "IdentityStoreId": "'}
            <V s={f.identityStoreId} />
            {'"\n}'}
          </div>
          <div>
            <span className="text-[#89bdff]">[cloudshell-user@ip-10-132-7-41 ~]$</span> <span className="inline-block h-3 w-1.5 translate-y-0.5 bg-[#d1d5db]" />
          </div>
        </div>
      </div>
    </AwsConsoleFrame>
  );
}

// Token rotation (status page) — Settings → Automatic provisioning → Manage access tokens: at most two tokens,
// each with its creation and expiry dates; generate the second one, later delete the older one.
export function AwsAccessTokensScreen({ values, highlight, tokens }: ScreenProps & { tokens: { created: string; expires: string; current: boolean }[] }) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, ${IC} Settings, Automatic provisioning: the access tokens table with each token's creation and expiry dates, Generate token and Delete.`}
      caption="Generate a second token (two at most), paste it into the portal; once the portal has switched Entra to it, delete the older token here."
      {...awsChrome(f)}
      nav="identity-center"
      selected="Settings"
      breadcrumb={[IC, "Settings", "Manage access tokens"]}
      title="Manage access tokens"
    >
      <AwsContainer
        title="Access tokens"
        counter={String(tokens.length)}
        description="Access tokens are valid for one year. You can have two at a time."
        actions={
          <AwsActions>
            <Highlight name="delete" n={2} current={highlight}>
              <AwsButton>Delete</AwsButton>
            </Highlight>
            <Highlight name="generate" n={1} current={highlight}>
              <AwsButton variant="primary" disabled={tokens.length >= 2}>
                Generate token
              </AwsButton>
            </Highlight>
          </AwsActions>
        }
      >
        <AwsTable
          selectable
          columns={["Access token", "Created", "Expires", "Status"]}
          rows={tokens.map((t, i) => ({
            key: `${i}`,
            selected: highlight === "delete" && !t.current,
            cells: [
              <span key="id" className="font-mono">
                ••••••••{t.current ? "(in use)" : "(old)"}
              </span>,
              t.created,
              t.expires,
              <AwsStatus key="s" type="success">
                Active
              </AwsStatus>,
            ],
          }))}
        />
      </AwsContainer>
    </AwsConsoleFrame>
  );
}

// Last step — the AWS access portal a user lands on after signing in with Entra
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/using-the-portal.html): their accounts, each with the
// permission sets they may use. Not the console: no service bar, the user's own name at the top.
export function AwsAccessPortalScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const sets = f.permissionSetNames;
  return (
    <figure className="@container m-0">
      <div
        role="img"
        aria-label={`AWS access portal at ${f.accessPortalUrl.text}, signed in as ${f.exampleUser.text}: the Accounts tab lists account ${f.accountId.text} with ${sets.length ? `the permission sets ${sets.join(", ")}` : "the permission sets assigned to the user"}.`}
        className="relative overflow-hidden rounded-md border border-slate-300 bg-[#f2f3f3] font-[Amazon_Ember,Helvetica_Neue,Roboto,Arial,sans-serif] text-[11.5px] leading-snug text-[#000716] shadow-sm select-none"
      >
        <div className="bg-aws-ink flex h-9 items-center gap-2.5 px-3 text-white">
          <span className="font-bold">AWS access portal</span>
          <span className="ml-auto truncate text-[#d1d5db]">
            <V s={f.exampleUser} />
          </span>
        </div>
        <div className="border-b border-[#e9ebed] bg-white px-4 py-1.5 text-[#5f6b7a]">
          <V s={f.accessPortalUrl} />
        </div>
        <div className="p-4">
          {/* On white, as the portal draws its tabs: AWS's link blue on the page grey is below WCAG AA contrast. */}
          <div className="bg-white">
            <AwsTabs tabs={["Accounts", "Applications"]} active={0} />
          </div>
          <AwsContainer title="AWS accounts" counter="1" flush>
            <div className="px-4 py-2">
              <Highlight name="account" n={1} current={highlight} block>
                <div className="flex flex-col gap-1">
                  <span className="font-bold">
                    Workload account · <V s={f.accountId} />
                  </span>
                  {sets.length ? (
                    sets.map((set) => (
                      <span key={set} className="pl-3 text-[#0972d3]">
                        {set} · Access keys
                      </span>
                    ))
                  ) : (
                    <span data-placeholder className="pl-3 text-slate-400 italic">
                      …permission set… · Access keys
                    </span>
                  )}
                </div>
              </Highlight>
            </div>
          </AwsContainer>
        </div>
      </div>
      <figcaption className="mt-1 text-xs text-slate-600">
        After Entra signs the user in, AWS shows the accounts and permission sets assigned to them or their groups. An error page instead means the sign-in failed: the Test sign-in step names why.
      </figcaption>
    </figure>
  );
}
