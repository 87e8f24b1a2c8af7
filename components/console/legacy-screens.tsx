import type { ReactNode } from "react";
import { AwsConsoleFrame } from "./aws-console-frame";
import {
  AwsActions,
  AwsAlert,
  AwsButton,
  AwsCheckbox,
  AwsContainer,
  AwsCopyValue,
  AwsField,
  AwsInput,
  AwsRadio,
  AwsTable,
  AwsTile,
  AwsWizardSteps,
} from "./aws-ui";
import { AzField, AzInput, AzTable } from "./azure-ui";
import { AssignmentBlade, basicSamlPanel, ClaimsBlade, GalleryBlade, ProvisioningPage, SamlPage } from "./entra-blades";
import { Glyph } from "./glyph";
import { Highlight } from "./highlight";
import { awsChrome, ScreenSequence, type ScreenProps } from "./screen";
import { V } from "./shown";
import { fillValues, type FilledValues } from "./values";

// Legacy mode (Microsoft's older tutorial): "AWS Single-Account Access", an IAM SAML provider, IAM roles trusting
// it, and role import into Entra. The tutorial still says "Azure AD" and "Amazon Web Services (AWS)".

const SAML_NAMESPACE = "https://aws.amazon.com/SAML/Attributes";

export function LegacyGalleryScreen({ values, highlight }: ScreenProps) {
  return (
    <GalleryBlade
      f={fillValues(values)}
      app="single-account"
      highlight={highlight}
      caption='Add "AWS Single-Account Access" from the gallery — the tutorial calls it "Amazon Web Services (AWS)". Its identifier is a fixed string, so each further AWS account needs its own instance.'
    />
  );
}

export function LegacyBasicSamlScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const rings = { "edit-basic": 1, identifier: 2, "reply-url": 3, save: 4 };
  return (
    <SamlPage
      f={f}
      legacy
      highlight={highlight}
      rings={rings}
      panel={basicSamlPanel({ f, highlight, rings, legacy: true })}
      label={`Azure portal, AWS Single-Account Access SAML-based Sign-on with the Basic SAML Configuration pane: Identifier ${f.legacyIdentifier.text} and Reply URL https://signin.aws.amazon.com/saml, Save.`}
      caption="Basic SAML Configuration → Edit: Identifier and Reply URL https://signin.aws.amazon.com/saml (add #2, #3 … to the identifier for further instances; Entra strips it from the audience). Save."
    />
  );
}

export function LegacyClaimsScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ClaimsBlade
      f={f}
      highlight={highlight}
      rings={{ role: 1, "role-session-name": 2, "session-duration": 3 }}
      nameId="user.userprincipalname [nameid-format:emailAddress]"
      claims={[
        { name: `${SAML_NAMESPACE}/Role`, value: "user.assignedroles", ring: "role" },
        { name: `${SAML_NAMESPACE}/RoleSessionName`, value: "user.userprincipalname", ring: "role-session-name" },
        { name: `${SAML_NAMESPACE}/SessionDuration`, value: '"900" … "43200"', ring: "session-duration" },
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", value: "user.mail" },
        { name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", value: "user.userprincipalname" },
      ]}
      label={`Azure portal, Attributes & Claims: the AWS claims Role (user.assignedroles), RoleSessionName (user.userprincipalname) and SessionDuration under ${SAML_NAMESPACE}.`}
      caption={`AWS expects Role, RoleSessionName and SessionDuration (900–43200 seconds) in the namespace ${SAML_NAMESPACE}; the gallery app pre-fills them.`}
    />
  );
}

export function LegacyCertificateScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ScreenSequence>
      <SamlPage
        f={f}
        legacy
        highlight={highlight}
        rings={{ "add-certificate": 1 }}
        label="Azure portal, SAML Signing Certificate pane: New Certificate and the notification email address."
        caption="SAML Certificates → Add a certificate → New Certificate; enter the email address for expiry notices; Save."
        panel={{
          title: "SAML Signing Certificate",
          subtitle: "Manage the certificate used by Microsoft Entra ID to sign SAML tokens issued to your app",
          toolbar: [
            { label: "Save", icon: "save" },
            {
              label: "New Certificate",
              icon: "plus",
              wrap: (item: ReactNode) => (
                <Highlight name="new-certificate" n={2} current={highlight}>
                  {item}
                </Highlight>
              ),
            },
            { label: "Import Certificate", icon: "upload" },
          ],
          children: (
            <div>
              <AzTable
                className="mb-3"
                columns={["Status", "Expiration Date", "Thumbprint"]}
                rows={[{ key: "cert", cells: ["Active", <V key="e" s={f.certificateExpiry} />, <V key="t" s={f.certificateThumbprint} />] }]}
              />
              <AzField label="Signing Option">
                <AzInput>Sign SAML assertion</AzInput>
              </AzField>
              <AzField label="Signing Algorithm">
                <AzInput>SHA-256</AzInput>
              </AzField>
              <AzField label="Notification Email Addresses">
                <Highlight name="notification-email" n={3} current={highlight} block>
                  <AzInput>
                    <V s={f.notificationEmail} />
                  </AzInput>
                </Highlight>
              </AzField>
            </div>
          ),
        }}
      />
      <SamlPage
        f={f}
        legacy
        highlight={highlight}
        rings={{ "federation-metadata-xml": 4 }}
        label={`Azure portal, SAML Certificates card of AWS Single-Account Access: Federation Metadata XML → Download.`}
        caption="Then Federation Metadata XML → Download: the file the IAM identity provider is created from."
      />
    </ScreenSequence>
  );
}

export function LegacySetupUrlsScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <SamlPage
      f={f}
      legacy
      highlight={highlight}
      rings={{ "setup-urls": 1 }}
      label={`Azure portal, "Set up AWS Single-Account Access" card: Login URL ${f.entraLoginUrl.text}, Microsoft Entra Identifier ${f.entraIdentifier.text} and Logout URL, each with a copy button.`}
      caption='"Set up Amazon Web Services (AWS)" (today: Set up AWS Single-Account Access): copy the Login URL and the Microsoft Entra Identifier (formerly "Azure AD Identifier") where needed.'
    />
  );
}

export function LegacyAssignScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const roles = f.roleNames.map((role) => `${role},${f.iamProviderName.text}`);
  return (
    <AssignmentBlade
      f={f}
      highlight={highlight}
      roles={roles}
      label={`Azure portal, AWS Single-Account Access Users and groups with the Add Assignment pane: users selected and the role ${roles[0] ?? "(imported IAM role)"} chosen, Assign.`}
      caption="Users and groups → Add user/group → select the user (e.g. B.Simon in the tutorial) → Select a role: one of the IAM roles imported by provisioning → Assign."
    />
  );
}

function iamFrameProps(f: FilledValues) {
  return { ...awsChrome(f), region: "global", regionName: "Global" };
}

const SERVICE_CATEGORIES = [
  "Recently visited",
  "Favorites",
  "All services",
  "Analytics",
  "Compute",
  "Database",
  "Management & Governance",
  "Networking & Content Delivery",
  "Security, Identity, & Compliance",
  "Storage",
];

export function LegacyIamHomeScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label="AWS console home with the Services menu open on Security, Identity, & Compliance, and IAM marked."
      caption="AWS Home → Services → Security, Identity, & Compliance → IAM (Identity and Access Management)."
      {...iamFrameProps(f)}
      title="Console Home"
    >
      <div className="flex overflow-hidden rounded-xl bg-white shadow-[0_4px_20px_rgba(0,7,22,0.25)]">
        <div className="w-44 shrink-0 border-r border-[#e9ebed] py-2">
          {SERVICE_CATEGORIES.map((category) => (
            <div
              key={category}
              className={
                category.startsWith("Security") ? "border-l-4 border-[#0972d3] bg-[#f2f8fd] px-2 py-0.5 font-bold text-[#0972d3]" : "px-3 py-0.5 text-[#414d5c]"
              }
            >
              {category}
            </div>
          ))}
        </div>
        <div className="min-w-0 flex-1 p-3">
          <div className="mb-1.5 text-[13px] font-bold">Security, Identity, & Compliance</div>
          {[
            ["IAM", "Manage access to AWS resources"],
            ["IAM Identity Center", "Manage workforce user access to multiple AWS accounts and cloud applications"],
            ["Resource Access Manager", "Share AWS resources with other accounts"],
            ["Cognito", "Consumer identity management for web and mobile apps"],
            ["Secrets Manager", "Easily rotate, manage, and retrieve secrets"],
            ["GuardDuty", "Intelligent threat detection"],
          ].map(([name, description]) => {
            const row = (
              <div className="flex gap-2 p-1">
                <span className="grid size-6 shrink-0 place-items-center rounded bg-[#dd344c] text-white">
                  <Glyph name="shield" className="size-3.5" />
                </span>
                <div className="min-w-0">
                  <div className="font-bold text-[#0972d3]">{name}</div>
                  <div className="truncate text-[10.5px] text-[#5f6b7a]">{description}</div>
                </div>
              </div>
            );
            return name === "IAM" ? (
              <Highlight key={name} name="iam" n={1} current={highlight} block>
                {row}
              </Highlight>
            ) : (
              <div key={name}>{row}</div>
            );
          })}
        </div>
      </div>
    </AwsConsoleFrame>
  );
}

export function LegacyIdentityProviderScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <AwsConsoleFrame
      label={`AWS console, IAM Add an Identity provider: provider type SAML, provider name ${f.iamProviderName.text}, the metadata document ${f.federationMetadataFileName.text} chosen, Add provider.`}
      caption='IAM → Identity providers → Add provider (the tutorial: "Create Provider", "Configure Provider", then "Verify Provider Information" → Create): SAML, a name such as WAAD, the Federation Metadata XML.'
      {...iamFrameProps(f)}
      nav="iam"
      selected="Identity providers"
      breadcrumb={["IAM", "Identity providers", "Add provider"]}
      title="Add an Identity provider"
    >
      <AwsContainer title="Configure provider">
        <AwsField label="Provider type">
          <div className="grid gap-2 @lg:grid-cols-2">
            <Highlight name="saml" n={1} current={highlight} block>
              <AwsTile
                checked
                label="SAML"
                description="Establish trust between your AWS account and a SAML 2.0 compatible Identity Provider such as Microsoft Entra ID."
              />
            </Highlight>
            <AwsTile
              checked={false}
              label="OpenID Connect"
              description="Establish trust between your AWS account and Identity Provider services, such as Google or Salesforce."
            />
          </div>
        </AwsField>
        <AwsField label="Provider name" description="Enter a meaningful name to identify this provider.">
          <Highlight name="provider-name" n={2} current={highlight} block>
            <AwsInput>
              <V s={f.iamProviderName} />
            </AwsInput>
          </Highlight>
        </AwsField>
        <AwsField label="Metadata document" description="This document is issued by your IdP.">
          <Highlight name="metadata-document" n={3} current={highlight}>
            <span className="inline-flex items-center gap-2 p-0.5">
              <AwsButton icon="upload">Choose file</AwsButton>
              <Glyph name="file" className="size-3 text-[#5f6b7a]" />
              <V s={f.federationMetadataFileName} />
            </span>
          </Highlight>
        </AwsField>
      </AwsContainer>
      <AwsActions>
        <AwsButton variant="link">Cancel</AwsButton>
        <Highlight name="add-provider" n={4} current={highlight}>
          <AwsButton variant="primary">Add provider</AwsButton>
        </Highlight>
      </AwsActions>
    </AwsConsoleFrame>
  );
}

function TrustPolicy({ f }: { f: FilledValues }) {
  const account = f.accountId.known ? f.accountId.text.replaceAll("-", "") : "…";
  return (
    <pre className="m-0 overflow-hidden rounded-lg bg-[#0f1b2a] p-2.5 font-mono text-[10px] leading-relaxed break-all whitespace-pre-wrap text-[#d1d5db]">
      {`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::${account}:saml-provider/${f.iamProviderName.text}" },
    "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
    "Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } }
  }]
}`}
    </pre>
  );
}

export function LegacyRoleScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const roleName = f.roleNames[0];
  const steps = ["Select trusted entity", "Add permissions", "Name, review, and create"];
  return (
    <ScreenSequence>
      <AwsConsoleFrame
        label={`AWS console, IAM Create role: trusted entity type SAML 2.0 federation, provider ${f.iamProviderName.text}, programmatic and AWS Management Console access.`}
        caption="IAM → Roles → Create role: SAML 2.0 federation, the provider you created, Allow programmatic and AWS Management Console access → Next; attach the permissions policies."
        {...iamFrameProps(f)}
        breadcrumb={["IAM", "Roles", "Create role"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={steps} current={0} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Select trusted entity</h3>
            <AwsContainer title="Trusted entity type">
              <div className="grid gap-2 @xl:grid-cols-3">
                <AwsTile checked={false} label="AWS service" />
                <AwsTile checked={false} label="AWS account" />
                <AwsTile checked={false} label="Web identity" />
                <Highlight name="saml-federation" n={1} current={highlight} block>
                  <AwsTile
                    checked
                    label="SAML 2.0 federation"
                    description="Allow users federated with SAML 2.0 from a corporate directory to perform actions in this account."
                  />
                </Highlight>
                <AwsTile checked={false} label="Custom trust policy" />
              </div>
            </AwsContainer>
            <AwsContainer title="SAML 2.0 federation">
              <AwsField label="SAML 2.0–based provider">
                <Highlight name="provider" n={2} current={highlight} block>
                  <AwsInput>
                    <V s={f.iamProviderName} />
                    <Glyph name="chevronDown" className="ml-auto size-3" />
                  </AwsInput>
                </Highlight>
              </AwsField>
              <Highlight name="console-access" n={3} current={highlight} block className="p-1">
                <AwsRadio checked={false} label="Allow programmatic access only" />
                <AwsRadio checked label="Allow programmatic and AWS Management Console access" className="mt-1" />
              </Highlight>
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton variant="primary">Next</AwsButton>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
      <AwsConsoleFrame
        label={`AWS console, IAM Create role, Name, review, and create: role name ${roleName ?? "(to choose)"} and the trust policy allowing sts:AssumeRoleWithSAML for the SAML provider.`}
        caption={`Name the role and create it; repeat for each role Entra should offer${f.roleNames.length > 0 ? ` (${f.roleNames.join(", ")})` : ""}. The trust policy allows sts:AssumeRoleWithSAML for this provider with SAML:aud = https://signin.aws.amazon.com/saml.`}
        {...iamFrameProps(f)}
        breadcrumb={["IAM", "Roles", "Create role"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={steps} current={2} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Name, review, and create</h3>
            <AwsContainer title="Role details">
              <AwsField label="Role name">
                <Highlight name="role-name" n={4} current={highlight} block>
                  <AwsInput>{roleName ? roleName : <V s={{ text: "AWS-Admin", known: false }} />}</AwsInput>
                </Highlight>
              </AwsField>
              <AwsField label="Step 1: Select trusted entities">
                <TrustPolicy f={f} />
              </AwsField>
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton>Previous</AwsButton>
              <Highlight name="create-role" n={5} current={highlight}>
                <AwsButton variant="primary">Create role</AwsButton>
              </Highlight>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
    </ScreenSequence>
  );
}

const LIST_ROLES_POLICY = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:ListRoles"
            ],
            "Resource": "*"
        }
    ]
}`;

export function LegacyPolicyScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  const steps = ["Specify permissions", "Review and create"];
  return (
    <ScreenSequence>
      <AwsConsoleFrame
        label="AWS console, IAM Create policy: the policy editor on the JSON tab with a policy allowing iam:ListRoles on all resources."
        caption="IAM → Policies → Create policy → JSON: allow iam:ListRoles, so Entra can read the roles to import."
        {...iamFrameProps(f)}
        nav="iam"
        selected="Policies"
        breadcrumb={["IAM", "Policies", "Create policy"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={steps} current={0} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Specify permissions</h3>
            <AwsContainer
              title="Policy editor"
              actions={
                <span className="inline-flex overflow-hidden rounded-full border-2 border-[#7d8998] font-bold">
                  <span className="px-2.5 py-0.5 text-[#414d5c]">Visual</span>
                  <Highlight name="json" n={1} current={highlight}>
                    <span className="bg-[#0972d3] px-2.5 py-0.5 text-white">JSON</span>
                  </Highlight>
                </span>
              }
            >
              <pre className="m-0 rounded-lg border border-[#e9ebed] bg-[#fbfbfb] p-2.5 font-mono text-[10px] leading-snug whitespace-pre-wrap">
                {LIST_ROLES_POLICY}
              </pre>
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton variant="primary">Next</AwsButton>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
      <AwsConsoleFrame
        label={`AWS console, IAM Create policy, Review and create: policy name ${f.policyName.text} and its description, Create policy.`}
        caption={`Name it ${f.policyName.text} ("This policy will allow to fetch the roles from AWS accounts") and Create policy.`}
        {...iamFrameProps(f)}
        nav="iam"
        selected="Policies"
        breadcrumb={["IAM", "Policies", "Create policy"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={steps} current={1} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Review and create</h3>
            <AwsContainer title="Policy details">
              <AwsField label="Policy name">
                <Highlight name="policy-name" n={2} current={highlight} block>
                  <AwsInput>
                    <V s={f.policyName} />
                  </AwsInput>
                </Highlight>
              </AwsField>
              <AwsField label="Description - optional">
                <AwsInput>This policy will allow to fetch the roles from AWS accounts</AwsInput>
              </AwsField>
            </AwsContainer>
            <AwsContainer title="Permissions defined in this policy">
              <AwsTable columns={["Service", "Access level", "Resource"]} rows={[{ key: "iam", cells: ["IAM", "Limited: List", "All resources"] }]} />
            </AwsContainer>
            <AwsActions>
              <AwsButton variant="link">Cancel</AwsButton>
              <AwsButton>Previous</AwsButton>
              <Highlight name="create-policy" n={3} current={highlight}>
                <AwsButton variant="primary">Create policy</AwsButton>
              </Highlight>
            </AwsActions>
          </div>
        </div>
      </AwsConsoleFrame>
    </ScreenSequence>
  );
}

export function LegacyRoleManagerScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ScreenSequence>
      <AwsConsoleFrame
        label={`AWS console, IAM Create user, Set permissions: user ${f.roleManagerUser.text}, Attach policies directly with ${f.policyName.text} selected.`}
        caption={`IAM → Users → Create user (the tutorial: "Add user", Programmatic access): name ${f.roleManagerUser.text}, no console access, Attach policies directly → ${f.policyName.text}.`}
        {...iamFrameProps(f)}
        nav="iam"
        selected="Users"
        breadcrumb={["IAM", "Users", "Create user"]}
      >
        <div className="flex">
          <AwsWizardSteps steps={["Specify user details", "Set permissions", "Review and create"]} current={1} />
          <div className="min-w-0 flex-1">
            <h3 className="m-0 mb-3 text-[18px] font-bold">Set permissions</h3>
            <AwsContainer title="User details">
              <AwsField label="User name">
                <Highlight name="user-name" n={1} current={highlight} block>
                  <AwsInput>
                    <V s={f.roleManagerUser} />
                  </AwsInput>
                </Highlight>
              </AwsField>
              <AwsCheckbox checked={false} label="Provide user access to the AWS Management Console - optional" />
            </AwsContainer>
            <AwsContainer title="Permissions options">
              <div className="grid gap-2 @xl:grid-cols-3">
                <AwsTile checked={false} label="Add user to group" />
                <AwsTile checked={false} label="Copy permissions" />
                <Highlight name="attach-directly" n={2} current={highlight} block>
                  <AwsTile checked label="Attach policies directly" />
                </Highlight>
              </div>
            </AwsContainer>
            <AwsContainer title="Permissions policies" counter="1/1,224" flush>
              <AwsTable
                selectable
                columns={["Policy name", "Type", "Attached entities"]}
                rows={[
                  {
                    key: "policy",
                    selected: true,
                    cells: [<V key="p" s={f.policyName} />, "Customer managed", "0"],
                    wrap: (row) => (
                      <Highlight name="policy" n={3} current={highlight} block>
                        {row}
                      </Highlight>
                    ),
                  },
                ]}
              />
            </AwsContainer>
          </div>
        </div>
      </AwsConsoleFrame>
      <AwsConsoleFrame
        label={`AWS console, IAM Retrieve access keys for ${f.roleManagerUser.text}: Access key ${f.accessKeyIdMasked.text}, the secret access key, Download .csv file.`}
        caption="Create an access key (use case: third-party service) and keep both parts: Access key ID → Entra's clientsecret, Secret access key → Secret Token."
        {...iamFrameProps(f)}
        nav="iam"
        selected="Users"
        breadcrumb={["IAM", "Users", f.roleManagerUser.text, "Create access key"]}
        title="Retrieve access keys"
      >
        <AwsAlert type="warning">This is the only time that the secret access key can be viewed or downloaded. You cannot recover it later.</AwsAlert>
        <AwsContainer title="Access key">
          <Highlight name="access-key" n={4} current={highlight} block className="p-1">
            <AwsTable
              columns={["Access key", "Secret access key"]}
              rows={[
                {
                  key: "key",
                  cells: [
                    <AwsCopyValue key="a">
                      <V s={f.accessKeyIdMasked} />
                    </AwsCopyValue>,
                    <AwsCopyValue key="s">
                      ****************** <span className="font-bold text-[#0972d3]">Show</span>
                    </AwsCopyValue>,
                  ],
                },
              ]}
            />
          </Highlight>
        </AwsContainer>
        <AwsActions>
          <Highlight name="download-csv" n={5} current={highlight}>
            <AwsButton icon="download">Download .csv file</AwsButton>
          </Highlight>
          <AwsButton variant="primary">Done</AwsButton>
        </AwsActions>
      </AwsConsoleFrame>
    </ScreenSequence>
  );
}

export function LegacyProvisioningScreen({ values, highlight }: ScreenProps) {
  const f = fillValues(values);
  return (
    <ProvisioningPage
      f={f}
      legacy
      highlight={highlight}
      open="credentials"
      rings={{ "client-secret": 1, "secret-token": 2, "test-connection": 3, "provisioning-status": 4, save: 5 }}
      label={`Azure portal, AWS Single-Account Access Provisioning: clientsecret = access key ${f.accessKeyIdMasked.text}, Secret Token = the secret access key, Test Connection, Provisioning Status On, Save.`}
      caption="Provisioning (role import only): clientsecret = the access key ID, Secret Token = the secret access key; Test Connection; Provisioning Status On; Save. The first import takes about 40 minutes."
    />
  );
}
