import { SANDBOX } from "../fixtures";
import { stableGuid } from "./http";
import type { AppRole, EntraGroup, EntraServicePrincipal, EntraState, EntraUser } from "./state";

const DOMAIN = SANDBOX.entra.tenantDomain;
const at = (local: string) => `${local}@${DOMAIN}`;

/** The portal's staff users, one per portal role plus one with none (issue 5). */
export const STAFF = {
  admin: at("portal.admin"),
  helpdesk: at("portal.helpdesk"),
  auditor: at("portal.auditor"),
  noRole: at("portal.norole"),
} as const;

/**
 * Demo workforce users built for the helpdesk failure cases (issue 8). The UPNs are a contract other
 * parts of the sandbox (the AWS squatter) and the tests rely on.
 */
export const CASES = {
  healthy: at("jane.doe"),
  healthyDirect: at("john.smith"),
  disabled: at("ben.disabled"),
  missingGivenName: at("mia.nogiven"),
  missingSurname: at("leo.nosurname"),
  upnNotMail: at("priya.patel"),
  notAssigned: at("nick.unassigned"),
  nestedOnly: at("nina.nested"),
  guest: `gary.guest_fabrikam.com#EXT#@${DOMAIN}`,
  squatted: at("sarah.squatted"),
  proxyAddresses: at("maria.proxies"),
  nonAscii: at("jose.garcia"),
  /** In the recycle bin since three days before the seed (deleted users cannot be provisioned). */
  deleted: at("dan.deleted"),
} as const;

export const GROUPS = {
  projectAdmins: "Project Admins",
  projectUsers: "Project Users",
  projectReaders: "Project Readers",
  contractors: "Project Users - Contractors",
} as const;

/** Application permissions the portal's Graph app is granted at seed (the least-privileged ones in each call's Permissions section at https://learn.microsoft.com/graph/api/overview). */
export const DEFAULT_GRAPH_PERMISSIONS = [
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "Synchronization.ReadWrite.All",
  "AuditLog.Read.All",
  "Directory.Read.All",
  "User.Read.All",
  "GroupMember.Read.All",
  // The legacy per-account mode's claims (Role, RoleSessionName, SessionDuration) are a claims mapping policy.
  "Policy.ReadWrite.ApplicationConfiguration",
  "Policy.Read.All",
];

/** What the portal's sign-in app is granted at seed: enough to re-check app role assignments of signed-in users. */
export const SIGN_IN_GRAPH_PERMISSIONS = ["User.Read.All", "Application.Read.All"];

export const PORTAL_ROLE_IDS: Record<string, string> = Object.fromEntries(
  SANDBOX.entra.portalSignIn.appRoles.map((value) => [value, stableGuid(`approle:${value}`)]),
);

export const PORTAL_REDIRECT_URIS = [
  "http://localhost:3000/auth/callback",
  // The e2e suite and `npm start` bind 127.0.0.1; Entra matches the host exactly and ignores only the port.
  "http://127.0.0.1:3000/auth/callback",
  // Where Entra's end-session endpoint returns the browser after sign-out (post_logout_redirect_uri must be registered).
  "http://localhost:3000/auth/signed-out",
  "http://127.0.0.1:3000/auth/signed-out",
  "http://localhost:3000/api/auth/callback",
  "http://localhost:3000/auth/callback/entra",
  "http://localhost:3000/api/auth/callback/entra",
];

interface UserSpec {
  upn: string;
  given: string | null;
  surname: string | null;
  display: string;
  mail?: string | null;
  enabled?: boolean;
  guest?: boolean;
  proxies?: string[];
  department?: string;
  title?: string;
  groups: string[];
}

const FIRST = ["Adele", "Alex", "Allan", "Amara", "Bianca", "Carlos", "Chen", "Diego", "Elena", "Fatima", "Grace", "Hiro", "Ingrid", "Isaac", "Jonas", "Kai", "Lara", "Lucas", "Mei", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Yara", "Zane", "Aiko", "Bruno", "Clara", "Dmitri", "Eva", "Farid", "Gita", "Hugo", "Irene", "Jamal", "Kira", "Liam", "Maya"];
const LAST = ["Vance", "Wilber", "Deyoung", "Okafor", "Rossi", "Mendes", "Wei", "Alvarez", "Petrova", "Haddad", "Kim", "Tanaka", "Larsen", "Newton", "Berg", "Nakamura", "Silva", "Moreau", "Lin", "Rahman", "Farouk", "Costa", "Reilly", "Ortega", "Nilsson", "Shah", "Qureshi", "Novak", "Zhang", "Aziz", "Cooper", "Sato", "Ferreira", "Schmidt", "Ivanov", "Klein", "Hosseini", "Rao", "Dubois", "Conti", "Bakr", "Volkova", "Byrne", "Cohen"];
const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Operations", "Security"];

function specs(): UserSpec[] {
  const list: UserSpec[] = [
    { upn: STAFF.admin, given: "Avery", surname: "Admin", display: "Avery Admin", groups: ["Portal Operators", "All Staff"], department: "Cloud Platform", title: "Cloud team lead" },
    { upn: STAFF.helpdesk, given: "Harper", surname: "Helpdesk", display: "Harper Helpdesk", groups: ["Helpdesk Team", "All Staff"], department: "IT Support", title: "Service desk analyst" },
    { upn: STAFF.auditor, given: "Aubrey", surname: "Auditor", display: "Aubrey Auditor", groups: ["Auditors", "All Staff"], department: "Internal Audit", title: "IT auditor" },
    { upn: STAFF.noRole, given: "Noel", surname: "Norole", display: "Noel Norole", groups: ["All Staff"], department: "Marketing", title: "Marketing specialist" },
    { upn: CASES.healthy, given: "Jane", surname: "Doe", display: "Jane Doe", groups: [GROUPS.projectUsers, "All Staff"], department: "Engineering", title: "Software engineer" },
    { upn: CASES.healthyDirect, given: "John", surname: "Smith", display: "John Smith", groups: ["All Staff"], department: "Engineering", title: "Site reliability engineer" },
    { upn: CASES.disabled, given: "Ben", surname: "Disabled", display: "Ben Disabled", enabled: false, groups: [GROUPS.projectUsers, "All Staff"], department: "Engineering" },
    { upn: CASES.missingGivenName, given: null, surname: "Nogiven", display: "Mia Nogiven", groups: [GROUPS.projectUsers, "All Staff"], department: "Finance" },
    { upn: CASES.missingSurname, given: "Leo", surname: null, display: "Leo Nosurname", groups: [GROUPS.projectReaders, "All Staff"], department: "Finance" },
    { upn: CASES.upnNotMail, given: "Priya", surname: "Patel", display: "Priya Patel", mail: "p.patel@contoso.com", groups: [GROUPS.projectUsers, "All Staff"], department: "Sales" },
    { upn: CASES.notAssigned, given: "Nick", surname: "Unassigned", display: "Nick Unassigned", groups: ["All Staff", "Finance"], department: "Finance" },
    { upn: CASES.nestedOnly, given: "Nina", surname: "Nested", display: "Nina Nested", groups: [GROUPS.contractors], department: "Engineering", title: "Contractor" },
    { upn: CASES.guest, given: "Gary", surname: "Guest", display: "Gary Guest (Fabrikam)", mail: "gary.guest@fabrikam.com", guest: true, groups: [GROUPS.projectReaders] },
    { upn: CASES.squatted, given: "Sarah", surname: "Squatted", display: "Sarah Squatted", groups: [GROUPS.projectUsers, "All Staff"], department: "Operations" },
    {
      upn: CASES.proxyAddresses, given: "Maria", surname: "Proxies", display: "Maria Proxies", groups: [GROUPS.projectUsers, "All Staff"], department: "Sales",
      proxies: [`SMTP:${CASES.proxyAddresses}`, "smtp:maria@contoso.com", "smtp:m.proxies@contoso.com", "smtp:maria.proxies@contoso.mail.onmicrosoft.com"],
    },
    { upn: CASES.deleted, given: "Dan", surname: "Deleted", display: "Dan Deleted", groups: [GROUPS.projectUsers, "All Staff"], department: "Sales" },
    { upn: CASES.nonAscii, given: "José", surname: "García", display: "José García", groups: [GROUPS.projectUsers, "All Staff"], department: "Engineering" },
    { upn: at("zoe.muller"), given: "Zoë", surname: "Müller", display: "Zoë Müller", groups: [GROUPS.projectReaders, "All Staff"], department: "Security" },
    { upn: at("bjorn.odegard"), given: "Bjørn", surname: "Ødegård", display: "Bjørn Ødegård", groups: [GROUPS.projectAdmins, "All Staff"], department: "Cloud Platform" },
    { upn: at("lukasz.zolc"), given: "Łukasz", surname: "Żółć", display: "Łukasz Żółć", groups: [GROUPS.projectUsers, "All Staff"], department: "Engineering" },
  ];
  for (let i = 0; i < FIRST.length; i++) {
    const given = FIRST[i] as string;
    const surname = LAST[i] as string;
    const groups = ["All Staff", i < 4 ? GROUPS.projectAdmins : i < 30 ? GROUPS.projectUsers : GROUPS.projectReaders];
    const department = DEPARTMENTS[i % DEPARTMENTS.length] as string;
    if (department === "Engineering") groups.push(i % 2 ? "Engineering" : "Engineering - Platform");
    if (department === "Finance") groups.push("Finance");
    if (department === "Sales") groups.push("Sales EMEA");
    list.push({ upn: at(`${given}.${surname}`.toLowerCase()), given, surname, display: `${given} ${surname}`, groups, department, title: "Team member" });
  }
  return list;
}

const GROUP_SPECS: { name: string; description: string; parent?: string }[] = [
  { name: GROUPS.projectAdmins, description: "AWS project administrators (AdministratorAccess)" },
  { name: GROUPS.projectUsers, description: "AWS project users (PowerUserAccess)" },
  { name: GROUPS.projectReaders, description: "AWS project readers (ViewOnlyAccess)" },
  { name: GROUPS.contractors, description: "Contractors; nested in Project Users (nested membership is not provisioned)", parent: GROUPS.projectUsers },
  { name: "All Staff", description: "Every employee" },
  { name: "Engineering", description: "Engineering department" },
  { name: "Engineering - Platform", description: "Platform team, nested in Engineering", parent: "Engineering" },
  { name: "Finance", description: "Finance department" },
  { name: "Sales EMEA", description: "Sales, Europe" },
  { name: "Helpdesk Team", description: "IT service desk" },
  { name: "Auditors", description: "Internal audit" },
  { name: "Portal Operators", description: "Cloud team operating the Identity Bridge portal" },
];

export const groupId = (name: string) => stableGuid(`group:${name}`);
export const userId = (upn: string) => stableGuid(`user:${upn.toLowerCase()}`);

function makeUser(spec: UserSpec, created: string): EntraUser {
  const local = spec.upn.split("@")[0] as string;
  const mail = spec.mail === undefined ? spec.upn : spec.mail;
  return {
    id: userId(spec.upn),
    userPrincipalName: spec.upn,
    mail,
    givenName: spec.given,
    surname: spec.surname,
    displayName: spec.display,
    accountEnabled: spec.enabled ?? true,
    userType: spec.guest ? "Guest" : "Member",
    mailNickname: local.replace(/#EXT#/g, "").replace(/[^A-Za-z0-9._-]/g, ""),
    proxyAddresses: spec.proxies ?? (mail ? [`SMTP:${mail}`] : []),
    otherMails: spec.guest && mail ? [mail] : [],
    jobTitle: spec.title ?? null,
    department: spec.department ?? null,
    employeeId: spec.guest ? null : String(100000 + (parseInt(userId(spec.upn).slice(0, 6), 16) % 900000)),
    preferredLanguage: "en-US",
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    createdDateTime: created,
    version: 1,
  };
}

export function portalAppRoles(): AppRole[] {
  return SANDBOX.entra.portalSignIn.appRoles.map((value) => ({
    id: PORTAL_ROLE_IDS[value] as string,
    value,
    displayName: value.replace("Portal.", "Portal "),
    description: `Identity Bridge portal role ${value}`,
    allowedMemberTypes: ["User"],
    isEnabled: true,
    origin: "Application",
  }));
}

function servicePrincipal(state: EntraState, appObjectId: string, appId: string, displayName: string, created: string, extra: Partial<EntraServicePrincipal> = {}): EntraServicePrincipal {
  const sp: EntraServicePrincipal = {
    id: stableGuid(`sp:${appId}`),
    appId,
    applicationId: appObjectId,
    displayName,
    applicationTemplateId: null,
    appRoleAssignmentRequired: false,
    accountEnabled: true,
    preferredSingleSignOnMode: null,
    samlSingleSignOnSettings: null,
    loginUrl: null,
    logoutUrl: null,
    notificationEmailAddresses: [],
    preferredTokenSigningKeyThumbprint: null,
    servicePrincipalNames: [appId],
    servicePrincipalType: "Application",
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    keyCredentials: [],
    passwordCredentials: [],
    signingCertificates: [],
    createdDateTime: created,
    visibleAt: 0,
    grantedGraphPermissions: new Set(),
    ...extra,
  };
  state.servicePrincipals.set(sp.id, sp);
  return sp;
}

/** Fills an empty state with the demo tenant. `extraUsers` generated users are added for benchmarks. */
export function seedTenant(state: EntraState, now: Date, extraUsers = 0, extraGroups = 0): void {
  const created = new Date(now.getTime() - 90 * 86400_000).toISOString();
  for (const g of GROUP_SPECS) {
    const group: EntraGroup = {
      id: groupId(g.name),
      displayName: g.name,
      description: g.description,
      mailNickname: g.name.replace(/[^A-Za-z0-9]/g, ""),
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      createdDateTime: created,
      members: new Set(),
      version: 1,
    };
    state.addGroup(group);
  }
  for (const g of GROUP_SPECS) if (g.parent) state.addMember(groupId(g.parent), groupId(g.name));
  for (const spec of specs()) {
    const user = makeUser(spec, created);
    state.addUser(user);
    for (const name of spec.groups) state.addMember(groupId(name), user.id);
  }
  const deleted = state.findUser(CASES.deleted);
  if (deleted) state.deleteUser(deleted, new Date(now.getTime() - 3 * 86400_000));
  for (let i = 0; i < extraUsers; i++) {
    const n = String(i + 1).padStart(6, "0");
    const upn = `user${n}@${DOMAIN}`;
    const tail = (i + 1).toString(16).padStart(12, "0");
    state.addUser({
      id: `00000000-0000-4000-8000-${tail}`,
      userPrincipalName: upn,
      mail: upn,
      givenName: `Given${n}`,
      surname: `Family${n}`,
      displayName: `Generated User ${n}`,
      accountEnabled: true,
      userType: "Member",
      mailNickname: `user${n}`,
      proxyAddresses: [`SMTP:${upn}`],
      otherMails: [],
      jobTitle: null,
      department: DEPARTMENTS[i % DEPARTMENTS.length] as string,
      employeeId: String(200000 + i),
      preferredLanguage: null,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      createdDateTime: created,
      version: 1,
    });
  }
  for (let i = 0; i < extraGroups; i++) {
    const name = `Generated Group ${String(i + 1).padStart(5, "0")}`;
    state.addGroup({ id: groupId(name), displayName: name, description: null, mailNickname: name.replace(/\s/g, ""), mail: null, mailEnabled: false, securityEnabled: true, groupTypes: [], createdDateTime: created, members: new Set(), version: 1 });
  }

  // The portal's own two registrations.
  const signIn = SANDBOX.entra.portalSignIn;
  const signInApp = stableGuid(`app:${signIn.clientId}`);
  state.applications.set(signInApp, {
    id: signInApp,
    appId: signIn.clientId,
    displayName: "Identity Bridge portal (sign-in)",
    applicationTemplateId: null,
    createdDateTime: created,
    signInAudience: "AzureADMyOrg",
    identifierUris: [],
    notes: "Sandbox: the portal's user sign-in app (authorization code + PKCE).",
    tags: [],
    appRoles: portalAppRoles(),
    web: { homePageUrl: "http://localhost:3000", logoutUrl: null, redirectUris: [...PORTAL_REDIRECT_URIS], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    keyCredentials: [],
    passwordCredentials: [{ customKeyIdentifier: null, displayName: "sandbox", endDateTime: "2099-12-31T00:00:00Z", hint: signIn.clientSecret.slice(0, 3), keyId: stableGuid("pwd:signin"), secretText: null, startDateTime: created }],
    secrets: [signIn.clientSecret],
    visibleAt: 0,
  });
  // The sign-in app re-reads a signed-in user's app role assignments (lib/auth/role-check.ts): the least-privileged
  // application permissions for GET /users/{id}/appRoleAssignments and GET /servicePrincipals(appId=…).
  const signInSp = servicePrincipal(state, signInApp, signIn.clientId, "Identity Bridge portal (sign-in)", created, {
    grantedGraphPermissions: new Set(SIGN_IN_GRAPH_PERMISSIONS),
  });
  const graphApp = SANDBOX.entra.portalGraph;
  const graphAppObject = stableGuid(`app:${graphApp.clientId}`);
  state.applications.set(graphAppObject, {
    id: graphAppObject,
    appId: graphApp.clientId,
    displayName: "Identity Bridge portal (Graph)",
    applicationTemplateId: null,
    createdDateTime: created,
    signInAudience: "AzureADMyOrg",
    identifierUris: [],
    notes: "Sandbox: the portal's app-only Microsoft Graph access (client credentials).",
    tags: [],
    appRoles: [],
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    keyCredentials: [],
    passwordCredentials: [{ customKeyIdentifier: null, displayName: "sandbox", endDateTime: "2099-12-31T00:00:00Z", hint: graphApp.clientSecret.slice(0, 3), keyId: stableGuid("pwd:graph"), secretText: null, startDateTime: created }],
    secrets: [graphApp.clientSecret],
    visibleAt: 0,
  });
  servicePrincipal(state, graphAppObject, graphApp.clientId, "Identity Bridge portal (Graph)", created, { grantedGraphPermissions: new Set(DEFAULT_GRAPH_PERMISSIONS) });

  const staffRoles: [string, string][] = [
    [STAFF.admin, "Portal.Admin"],
    [STAFF.helpdesk, "Portal.Helpdesk"],
    [STAFF.auditor, "Portal.Auditor"],
  ];
  for (const [upn, role] of staffRoles) {
    const user = state.findUser(upn);
    if (!user) continue;
    const id = stableGuid(`assignment:${upn}:${role}`);
    state.assignments.set(id, {
      id,
      appRoleId: PORTAL_ROLE_IDS[role] as string,
      principalId: user.id,
      principalType: "User",
      principalDisplayName: user.displayName ?? upn,
      resourceId: signInSp.id,
      resourceDisplayName: signInSp.displayName,
      createdDateTime: created,
    });
  }
}

/** Who the demo plan assigns to the AWS IAM Identity Center app (used by the admin shortcut). */
export const AWS_APP_ASSIGNMENT_PLAN = {
  groups: [GROUPS.projectAdmins, GROUPS.projectUsers, GROUPS.projectReaders],
  users: [CASES.healthyDirect],
};
