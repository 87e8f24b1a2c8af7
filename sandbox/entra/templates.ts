import { SANDBOX } from "../fixtures";
import { stableGuid } from "./http";
import type { AppRole } from "./state";
import type { AttributeMapping, ObjectMapping, SynchronizationSchema } from "./provisioning/types";

export const AWS_USER_ROLE_ID = "8774f594-1d59-4279-b9d9-59ef09a23530";
export const AWS_MSIAM_ROLE_ID = "e7f1a7f3-9eda-48e0-9963-bd67bf531afd";
export const USERGROUP_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

export interface GalleryTemplate {
  id: string;
  displayName: string;
  homePageUrl: string | null;
  supportedSingleSignOnModes: string[];
  supportedProvisioningTypes: string[];
  logoUrl: string | null;
  categories: string[];
  publisher: string;
  description: string | null;
  /** Synchronization template id offered on instantiated service principals, if any. */
  syncTemplateId: string | null;
  webHomePageUrl: string | null;
  webRedirectUris: string[];
}

const { identityCenter, singleAccount } = SANDBOX.entra.templates;

export const GALLERY: GalleryTemplate[] = [
  {
    id: identityCenter,
    displayName: "AWS IAM Identity Center (successor to AWS Single Sign-On)",
    homePageUrl: "aws.amazon.com/single-sign-on/",
    supportedSingleSignOnModes: ["saml", "external"],
    supportedProvisioningTypes: ["sync"],
    logoUrl: "https://az495088.vo.msecnd.net/app-logo/awssinglesignon_215.png",
    categories: ["developerServices", "itInfrastructure", "security", "New"],
    publisher: "Amazon Web Services, Inc.",
    description: "Federate once to AWS IAM Identity Center and manage access to AWS accounts and applications.",
    syncTemplateId: "aWSSingleSignon",
    webHomePageUrl: "https://*.signin.aws.amazon.com/platform/saml/acs/*?metadata=awssinglesignon|ISV9.1|primary|z",
    webRedirectUris: ["https://*.signin.aws.amazon.com/platform/saml/acs/*"],
  },
  {
    id: singleAccount,
    displayName: "AWS Single-Account Access",
    homePageUrl: "aws.amazon.com/",
    supportedSingleSignOnModes: ["saml", "external"],
    supportedProvisioningTypes: ["sync"],
    logoUrl: "https://az495088.vo.msecnd.net/app-logo/aws_215.png",
    categories: ["developerServices", "itInfrastructure", "security"],
    publisher: "Amazon",
    description: "Amazon Web Services (AWS) single account access through IAM SAML federation.",
    syncTemplateId: "aws",
    webHomePageUrl: "https://signin.aws.amazon.com/saml?metadata=aws|ISV9.1|primary|z",
    webRedirectUris: [],
  },
  {
    id: NON_GALLERY_TEMPLATE_ID,
    displayName: "Custom",
    homePageUrl: null,
    supportedSingleSignOnModes: ["saml", "password"],
    supportedProvisioningTypes: ["sync"],
    logoUrl: null,
    categories: [],
    publisher: "Microsoft Corporation",
    description: "Integrate any other application that you don't find in the gallery.",
    syncTemplateId: null,
    webHomePageUrl: null,
    webRedirectUris: [],
  },
  ...[
    ["ServiceNow", "ServiceNow", "itInfrastructure"],
    ["Salesforce", "Salesforce.com", "crm"],
    ["Slack", "Slack Technologies", "collaboration"],
    ["AWS ClientVPN", "Amazon Web Services, Inc.", "security"],
  ].map(([name, publisher, category]) => ({
    id: stableGuid(`gallery:${name}`),
    displayName: name as string,
    homePageUrl: null,
    supportedSingleSignOnModes: ["saml"],
    supportedProvisioningTypes: [],
    logoUrl: null,
    categories: [category as string],
    publisher: publisher as string,
    description: null,
    syncTemplateId: null,
    webHomePageUrl: null,
    webRedirectUris: [],
  })),
];

export function galleryAppRoles(): AppRole[] {
  return [
    { id: AWS_USER_ROLE_ID, value: null, displayName: "User", description: "User", allowedMemberTypes: ["User"], isEnabled: true, origin: "Application" },
    { id: AWS_MSIAM_ROLE_ID, value: null, displayName: "msiam_access", description: "msiam_access", allowedMemberTypes: ["User"], isEnabled: true, origin: "Application" },
  ];
}

const attr = (source: string, target: string, matchingPriority = 0): AttributeMapping => ({
  targetAttributeName: target,
  source: { expression: `[${source}]`, name: source, type: "Attribute", parameters: [] },
  matchingPriority,
  flowType: "Always",
  flowBehavior: "FlowWhenChanged",
  defaultValue: null,
  exportMissingReferences: false,
});

const fn = (expression: string, name: string, target: string): AttributeMapping => ({
  targetAttributeName: target,
  source: { expression, name, type: "Function", parameters: [] },
  matchingPriority: 0,
  flowType: "Always",
  flowBehavior: "FlowWhenChanged",
  defaultValue: null,
  exportMissingReferences: false,
});

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export function defaultAwsSchema(): SynchronizationSchema {
  const userMapping: ObjectMapping = {
    enabled: true,
    flowTypes: "Add, Update, Delete",
    name: "Provision Azure Active Directory Users",
    sourceObjectName: "User",
    targetObjectName: ENTERPRISE,
    scope: null,
    metadata: [{ key: "Sync.ObjectMapping.Id", value: "user-mapping" }],
    attributeMappings: [
      attr("userPrincipalName", "userName", 1),
      fn('Switch([IsSoftDeleted], , "False", "True", "True", "False")', "Switch", "active"),
      attr("displayName", "displayName"),
      attr("jobTitle", "title"),
      attr("mail", 'emails[type eq "work"].value'),
      attr("preferredLanguage", "preferredLanguage"),
      attr("givenName", "name.givenName"),
      attr("surname", "name.familyName"),
      fn('Join(" ", [givenName], [surname])', "Join", "name.formatted"),
      attr("mailNickname", "externalId"),
      attr("department", `${ENTERPRISE}:department`),
      attr("employeeId", `${ENTERPRISE}:employeeNumber`),
    ],
  };
  const groupMapping: ObjectMapping = {
    enabled: true,
    flowTypes: "Add, Update, Delete",
    name: "Provision Azure Active Directory Groups",
    sourceObjectName: "Group",
    targetObjectName: "urn:ietf:params:scim:schemas:core:2.0:Group",
    scope: null,
    metadata: [{ key: "Sync.ObjectMapping.Id", value: "group-mapping" }],
    attributeMappings: [attr("displayName", "displayName", 1), attr("objectId", "externalId"), attr("members", "members")],
  };
  return {
    id: "aWSSingleSignon.00000000000000000000000000000000",
    version: "Date:2024-01-01T00:00:00Z~Version:1",
    synchronizationRules: [
      {
        id: USERGROUP_RULE_ID,
        name: "USERGROUP_OUTBOUND_USERGROUP",
        editable: true,
        sourceDirectoryName: "Azure Active Directory",
        targetDirectoryName: "AWSSingleSignon",
        containerFilter: { includedContainers: [] },
        groupFilter: { includedGroups: [] },
        metadata: [{ key: "defaultSourceObjectMappings", value: "User, Group" }],
        objectMappings: [userMapping, groupMapping],
      },
    ],
    directories: [
      { id: "AAD", name: "Azure Active Directory", objects: [{ name: "User" }, { name: "Group" }] },
      { id: "AWSSingleSignon", name: "AWSSingleSignon", objects: [{ name: ENTERPRISE }, { name: "urn:ietf:params:scim:schemas:core:2.0:Group" }] },
    ],
  };
}

export function syncTemplateFor(templateId: string, galleryId: string): Record<string, unknown> {
  if (templateId === "aws") {
    return {
      id: "aws",
      factoryTag: "aws",
      applicationId: galleryId,
      default: true,
      description: "Imports IAM roles from AWS as app roles (AWS → Entra). Not user provisioning.",
      discoverable: true,
      metadata: [{ key: "galleryApplicationKey", value: "aws" }, { key: "configurationFields", value: '[{"name":"clientsecret"},{"name":"secrettoken","secret":true}]' }],
      schema: { id: "aws.00000000000000000000000000000000", version: "1", synchronizationRules: [], directories: [] },
    };
  }
  return {
    id: "aWSSingleSignon",
    factoryTag: "aWSSingleSignon",
    applicationId: galleryId,
    default: true,
    description: null,
    discoverable: true,
    metadata: [
      { key: "galleryApplicationKey", value: "awssinglesignon" },
      { key: "IsOAuthEnabled", value: "false" },
      { key: "configurationFields", value: '[{"name":"baseaddress"},{"name":"secrettoken","secret":true}]' },
    ],
    schema: defaultAwsSchema(),
  };
}
