import type { ReactNode } from "react";
import {
  AwsAccessPortalScreen,
  AwsAutomaticProvisioningScreen,
  AwsChooseIdentitySourceScreen,
  AwsEnableIdentityCenterScreen,
  AwsGroupMembershipCliScreen,
  AwsIdentitySourceScreen,
  AwsIdpMetadataScreen,
  AwsPermissionSetsScreen,
  AwsServiceProviderMetadataScreen,
  AwsServiceSearchScreen,
  AwsUsersScreen,
} from "./aws-identity-center-screens";
import {
  EntraAddAssignmentScreen,
  EntraEmailClaimScreen,
  EntraGalleryScreen,
  EntraProvisioningCredentialsScreen,
  EntraProvisioningMappingsScreen,
  EntraProvisioningOverviewScreen,
  EntraProvisioningScopeScreen,
  EntraSamlCertificateScreen,
  EntraSamlUploadScreen,
  EntraSsoMethodScreen,
  EntraUserAttributeMappingScreen,
} from "./entra-identity-center-screens";
import {
  LegacyAssignScreen,
  LegacyBasicSamlScreen,
  LegacyCertificateScreen,
  LegacyClaimsScreen,
  LegacyGalleryScreen,
  LegacyIamHomeScreen,
  LegacyIdentityProviderScreen,
  LegacyPolicyScreen,
  LegacyProvisioningScreen,
  LegacyRoleManagerScreen,
  LegacyRoleScreen,
  LegacySetupUrlsScreen,
} from "./legacy-screens";
import type { ConsoleValues } from "./values";

export interface ConsoleScreen {
  /** What a step module names to show this screen on its card. */
  id: string;
  title: string;
  /** The guides' screenshots this screen reproduces (file names in Microsoft's and AWS's tutorials); empty where a guide only describes it. */
  guideImages: string[];
  /** The controls the screen can ring, in the order they are used; pass one as `highlight` to ring only it. */
  highlights: string[];
  Component: (props: { values: Partial<ConsoleValues>; highlight?: string }) => ReactNode;
}

/**
 * Every console screen the setup guides show, in the order the guides show them: Microsoft's IAM Identity Center
 * tutorials (https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-single-sign-on-tutorial,
 * https://learn.microsoft.com/en-us/entra/identity/saas-apps/aws-single-sign-on-provisioning-tutorial), then the
 * legacy per-account tutorial (https://learn.microsoft.com/en-us/entra/identity/saas-apps/amazon-web-service-tutorial).
 * Step modules name the screens their card draws by id.
 */
export const CONSOLE_SCREENS: ConsoleScreen[] = [
  {
    id: "aws-service-search",
    title: "AWS console search → IAM Identity Center",
    guideImages: ["aws_single_sign_on.png", "aad_as_idp_for_aws_03.png"],
    highlights: ["service", "region"],
    Component: AwsServiceSearchScreen,
  },
  {
    id: "aws-enable-identity-center",
    title: "IAM Identity Center welcome → Enable",
    guideImages: ["aws_enable_sso.png"],
    highlights: ["enable"],
    Component: AwsEnableIdentityCenterScreen,
  },
  {
    id: "entra-gallery-identity-center",
    title: "Entra → Enterprise applications → New application (gallery)",
    guideImages: ["azure_create_enterprise_registration.png", "aad_as_idp_for_aws_01.png"],
    highlights: ["search", "tile", "name", "create"],
    Component: EntraGalleryScreen,
  },
  {
    id: "entra-sso-method",
    title: "Enterprise app → Getting started → Single sign-on method: SAML",
    guideImages: ["aad_getting_started.png", "aad_as_idp_for_aws_02.png"],
    highlights: ["set-up-sso", "saml"],
    Component: EntraSsoMethodScreen,
  },
  {
    id: "aws-identity-source",
    title: "AWS Settings → Identity source → Actions → Change identity source",
    guideImages: ["aws_choose_identity_source.png", "aws_change_identity_source.png", "aad_as_idp_for_aws_04.png", "aad_as_idp_for_aws_05.png"],
    highlights: ["identity-source-tab", "actions", "change-identity-source"],
    Component: AwsIdentitySourceScreen,
  },
  {
    id: "aws-choose-identity-source",
    title: "Choose identity source → External identity provider",
    guideImages: ["aws_set_identity_source_external.png", "aad_as_idp_for_aws_06.png"],
    highlights: ["external", "next"],
    Component: AwsChooseIdentitySourceScreen,
  },
  {
    id: "aws-sp-metadata",
    title: "Configure external identity provider → Download metadata file",
    guideImages: ["aad_as_idp_for_aws_07.png"],
    highlights: ["download-metadata", "sp-urls"],
    Component: AwsServiceProviderMetadataScreen,
  },
  {
    id: "entra-saml-upload",
    title: "Entra → Single sign-on → SAML: Upload metadata file, Basic SAML Configuration",
    guideImages: ["azure_upload_metadata.png", "aad_as_idp_for_aws_07.png"],
    highlights: ["upload-metadata", "identifier", "reply-url", "sign-on-url", "save"],
    Component: EntraSamlUploadScreen,
  },
  {
    id: "entra-saml-certificate",
    title: "Entra → SAML Certificates → Federation Metadata XML",
    guideImages: ["azure_download_metadata.png", "aad_as_idp_for_aws_08.png"],
    highlights: ["federation-metadata-xml"],
    Component: EntraSamlCertificateScreen,
  },
  {
    id: "aws-idp-metadata",
    title: "AWS → IdP SAML metadata → Choose file, ACCEPT, Change identity source",
    guideImages: [],
    highlights: ["choose-file", "next", "accept", "change-identity-source"],
    Component: AwsIdpMetadataScreen,
  },
  {
    id: "aws-automatic-provisioning",
    title: "AWS Settings → Automatic provisioning → SCIM endpoint and access token",
    guideImages: ["azure_tenant_url_secret_token.png", "aad_as_idp_for_aws_09.png"],
    highlights: ["enable", "scim-endpoint", "access-token"],
    Component: AwsAutomaticProvisioningScreen,
  },
  {
    id: "entra-provisioning-credentials",
    title: "Entra → Provisioning → Admin Credentials → Test Connection",
    guideImages: [],
    highlights: ["mode", "tenant-url", "secret-token", "test-connection", "save"],
    Component: EntraProvisioningCredentialsScreen,
  },
  {
    id: "entra-provisioning-mappings",
    title: "Entra → Provisioning → Mappings",
    guideImages: ["azure_mappings.png", "aad_as_idp_for_aws_10.png"],
    highlights: ["groups-mapping", "users-mapping"],
    Component: EntraProvisioningMappingsScreen,
  },
  {
    id: "entra-user-attribute-mapping",
    title: "Entra → Attribute Mapping: userPrincipalName → userName",
    guideImages: ["azure_username_mapping.png", "aad_as_idp_for_aws_11.png"],
    highlights: ["upn-mapping"],
    Component: EntraUserAttributeMappingScreen,
  },
  {
    id: "entra-email-claim",
    title: "(alternative) Entra → Attributes & Claims: Name ID = user.mail",
    guideImages: ["aad_as_idp_for_aws_12.png"],
    highlights: ["name-id"],
    Component: EntraEmailClaimScreen,
  },
  {
    id: "entra-provisioning-scope",
    title: "Entra → Provisioning → Settings → Scope",
    guideImages: [],
    highlights: ["notification-email", "scope", "save"],
    Component: EntraProvisioningScopeScreen,
  },
  {
    id: "entra-add-assignment",
    title: "Entra → Users and groups → Add Assignment",
    guideImages: [],
    highlights: ["add", "users-and-groups", "assign"],
    Component: EntraAddAssignmentScreen,
  },
  {
    id: "entra-provisioning-overview",
    title: "Entra → Provisioning overview → Start provisioning",
    guideImages: ["azure_replication.png", "aad_as_idp_for_aws_13.png", "aad_as_idp_for_aws_14.png"],
    highlights: ["start", "provision-on-demand", "restart"],
    Component: EntraProvisioningOverviewScreen,
  },
  {
    id: "aws-users",
    title: "AWS → Users provisioned by SCIM",
    guideImages: ["aws_users.png"],
    highlights: ["user"],
    Component: AwsUsersScreen,
  },
  {
    id: "aws-permission-sets",
    title: "AWS → Permission sets → Predefined permission set",
    guideImages: ["permission_sets.png"],
    highlights: ["create", "predefined", "policies"],
    Component: AwsPermissionSetsScreen,
  },
  {
    id: "aws-group-membership-cli",
    title: "AWS CloudShell → identitystore create-group-membership",
    guideImages: [],
    highlights: ["command"],
    Component: AwsGroupMembershipCliScreen,
  },
  {
    id: "aws-access-portal",
    title: "AWS access portal → Accounts (what a signed-in user sees)",
    guideImages: [],
    highlights: ["account"],
    Component: AwsAccessPortalScreen,
  },
  // Legacy mode (seed 004, Microsoft's older per-account tutorial): one checklist entry per screen.
  {
    id: "legacy-gallery",
    title: "Entra → gallery: AWS Single-Account Access (formerly Amazon Web Services (AWS))",
    guideImages: [],
    highlights: ["search", "tile", "name", "create"],
    Component: LegacyGalleryScreen,
  },
  {
    id: "legacy-saml",
    title: "Entra → Basic SAML Configuration: https://signin.aws.amazon.com/saml",
    guideImages: ["common/edit-urls.png"],
    highlights: ["edit-basic", "identifier", "reply-url", "save"],
    Component: LegacyBasicSamlScreen,
  },
  {
    id: "legacy-claims",
    title: "Entra → Attributes & Claims: Role, RoleSessionName, SessionDuration",
    guideImages: ["common/default-attributes.png"],
    highlights: ["role", "role-session-name", "session-duration"],
    Component: LegacyClaimsScreen,
  },
  {
    id: "legacy-certificate",
    title: "Entra → SAML Signing Certificate → Federation Metadata XML",
    guideImages: ["common/add-saml-certificate.png", "common/new-saml-certificate.png", "certificate.png"],
    highlights: ["add-certificate", "new-certificate", "notification-email", "federation-metadata-xml"],
    Component: LegacyCertificateScreen,
  },
  {
    id: "legacy-setup-urls",
    title: "Entra → Set up AWS Single-Account Access (copy URLs)",
    guideImages: ["common/copy-configuration-urls.png"],
    highlights: ["setup-urls"],
    Component: LegacySetupUrlsScreen,
  },
  {
    id: "legacy-assign",
    title: "Entra → Users and groups → Add Assignment with a role",
    guideImages: ["common/users-groups-blade.png", "common/add-assign-user.png"],
    highlights: ["add", "users-and-groups", "role", "assign"],
    Component: LegacyAssignScreen,
  },
  {
    id: "legacy-iam-home",
    title: "AWS Home → Services → IAM",
    guideImages: ["ic795031.png", "ic795032.png"],
    highlights: ["iam"],
    Component: LegacyIamHomeScreen,
  },
  {
    id: "legacy-identity-provider",
    title: "IAM → Identity providers → Add provider (SAML)",
    guideImages: ["ic795033.png", "ic795034.png", "ic795035.png"],
    highlights: ["saml", "provider-name", "metadata-document", "add-provider"],
    Component: LegacyIdentityProviderScreen,
  },
  {
    id: "legacy-role",
    title: "IAM → Roles → Create role (SAML 2.0 federation)",
    guideImages: ["ic795022.png", "ic795025.png", "ic7950252.png", "ic7950253.png"],
    highlights: ["saml-federation", "provider", "console-access", "role-name", "create-role"],
    Component: LegacyRoleScreen,
  },
  {
    id: "legacy-policy",
    title: "IAM → Policies → Create policy (iam:ListRoles)",
    guideImages: ["fetchingrole1.png", "fetchingrole2.png", "fetchingrole3.png", "policy1.png", "policy5.png", "policy2.png"],
    highlights: ["json", "policy-name", "create-policy"],
    Component: LegacyPolicyScreen,
  },
  {
    id: "legacy-role-manager",
    title: "IAM → Users → Create user (role manager) and access key",
    guideImages: ["policy3.png", "policy4.png", "adduser1.png", "adduser2.png", "adduser3.png", "adduser4.png"],
    highlights: ["user-name", "attach-directly", "policy", "access-key", "download-csv"],
    Component: LegacyRoleManagerScreen,
  },
  {
    id: "legacy-provisioning",
    title: "Entra → Provisioning (role import): clientsecret, Secret Token, On",
    guideImages: ["provisioning.png", "provisioning1.png", "provisioning2.png"],
    highlights: ["client-secret", "secret-token", "test-connection", "provisioning-status", "save"],
    Component: LegacyProvisioningScreen,
  },
];

const BY_ID = new Map(CONSOLE_SCREENS.map((screen) => [screen.id, screen]));

export const isConsoleScreenId = (id: string) => BY_ID.has(id);

/** The screens a step's card draws, in the order the step names them; an unknown id is a programming error. */
export function screensById(ids: readonly string[]): ConsoleScreen[] {
  return ids.map((id) => {
    const screen = BY_ID.get(id);
    if (!screen) throw new Error(`unknown console screen ${id}`);
    return screen;
  });
}
