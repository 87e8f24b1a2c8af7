import { randomBytes, randomUUID } from "node:crypto";
import type { EntraEnv } from "../env";
import { TENANT_ID } from "../tenant";
import { isGuid, isRecord, noContent } from "../http";
import { createSelfSignedCertificate } from "../saml/certificates";
import type { AppRoleAssignment, EntraApplication, EntraServicePrincipal, KeyCredential } from "../state";
import { GALLERY, NON_GALLERY_TEMPLATE_ID, galleryAppRoles, type GalleryTemplate } from "../templates";
import { GraphFailure, badRequest, notFound } from "./errors";
import { compileFilter, page, parseListQuery, project, sortBy } from "./odata";
import { P, context, created, ok, type GraphCall, type Route } from "./router";

const SSO_MODES = new Set(["password", "saml", "oidc", "notSupported", "external"]);

function templateView(t: (typeof GALLERY)[number]) {
  return {
    id: t.id,
    displayName: t.displayName,
    homePageUrl: t.homePageUrl,
    supportedSingleSignOnModes: t.supportedSingleSignOnModes,
    supportedProvisioningTypes: t.supportedProvisioningTypes,
    logoUrl: t.logoUrl,
    categories: t.categories,
    publisher: t.publisher,
    description: t.description,
  };
}

const maskKeys = (keys: KeyCredential[], withKey: boolean) => keys.map((k) => ({ ...k, key: withKey ? k.key : null }));

export function applicationView(app: EntraApplication, withKeys = false): Record<string, unknown> {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: app.applicationTemplateId,
    createdDateTime: app.createdDateTime,
    displayName: app.displayName,
    description: null,
    identifierUris: app.identifierUris,
    notes: app.notes,
    publisherDomain: "contoso-sandbox.onmicrosoft.com",
    signInAudience: app.signInAudience,
    tags: app.tags,
    appRoles: app.appRoles,
    groupMembershipClaims: null,
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    api: { acceptMappedClaims: null, requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    web: app.web,
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    keyCredentials: maskKeys(app.keyCredentials, withKeys),
    passwordCredentials: app.passwordCredentials,
  };
}

export function servicePrincipalView(env: EntraEnv, sp: EntraServicePrincipal, withKeys = false): Record<string, unknown> {
  const app = env.state.applications.get(sp.applicationId);
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    appDisplayName: app?.displayName ?? sp.displayName,
    appId: sp.appId,
    applicationTemplateId: sp.applicationTemplateId,
    appOwnerOrganizationId: TENANT_ID,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    displayName: sp.displayName,
    homepage: app?.web.homePageUrl ?? null,
    loginUrl: sp.loginUrl,
    logoutUrl: sp.logoutUrl,
    notificationEmailAddresses: sp.notificationEmailAddresses,
    preferredSingleSignOnMode: sp.preferredSingleSignOnMode,
    preferredTokenSigningKeyThumbprint: sp.preferredTokenSigningKeyThumbprint,
    replyUrls: app?.web.redirectUris ?? [],
    samlSingleSignOnSettings: sp.samlSingleSignOnSettings,
    servicePrincipalNames: [...sp.servicePrincipalNames, ...(app?.identifierUris ?? [])],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: app?.signInAudience ?? "AzureADMyOrg",
    tags: sp.tags,
    appRoles: app?.appRoles ?? [],
    oauth2PermissionScopes: [],
    keyCredentials: maskKeys(sp.keyCredentials, withKeys),
    passwordCredentials: sp.passwordCredentials,
  };
}

export function visibleApp(call: GraphCall, key: string): EntraApplication {
  const state = call.env.state;
  const app = key.startsWith("appId=") ? state.applicationByAppId(key.slice(6)) : state.applications.get(key);
  if (!app || app.visibleAt > call.env.ctx.clock.now()) throw notFound(key.replace(/^appId=/, ""));
  return app;
}

export function visibleSp(call: GraphCall, key: string): EntraServicePrincipal {
  const state = call.env.state;
  const sp = key.startsWith("appId=") ? state.servicePrincipalByAppId(key.slice(6)) : state.servicePrincipals.get(key);
  if (!sp || sp.visibleAt > call.env.ctx.clock.now()) throw notFound(key.replace(/^appId=/, ""));
  return sp;
}

const wantsKeys = (call: GraphCall) => (call.url.searchParams.get("$select") ?? "").split(",").map((s) => s.trim()).includes("keyCredentials");

function listTemplates(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  let items = GALLERY.map(templateView);
  if (query.filter) {
    const match = compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["displayName", "categories", "id", "publisher"]) });
    items = items.filter(match);
  }
  items = sortBy(items, query.orderBy);
  return ok(page(call.url, items.map((t) => project(t, query.select)), query, 100, { "@odata.context": context(call.version, "applicationTemplates") }));
}

function getTemplate(call: GraphCall) {
  const t = GALLERY.find((x) => x.id === call.params.id);
  if (!t) throw notFound(call.params.id ?? "");
  return ok({ "@odata.context": context(call.version, "applicationTemplates/$entity"), ...templateView(t) });
}

/** Creates the application + service principal pair a gallery instantiate creates. */
export function createGalleryApp(env: EntraEnv, template: GalleryTemplate, displayName: string, visibleAt: number): { app: EntraApplication; sp: EntraServicePrincipal } {
  const createdAt = env.ctx.clock.date().toISOString();
  const app: EntraApplication = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName,
    applicationTemplateId: template.id,
    createdDateTime: createdAt,
    signInAudience: "AzureADMyOrg",
    identifierUris: [],
    notes: null,
    tags: [],
    appRoles: template.id === NON_GALLERY_TEMPLATE_ID ? [] : galleryAppRoles(),
    web: { homePageUrl: template.webHomePageUrl, logoutUrl: null, redirectUris: [...template.webRedirectUris], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    keyCredentials: [],
    passwordCredentials: [],
    secrets: [],
    visibleAt,
  };
  const sp: EntraServicePrincipal = {
    id: randomUUID(),
    appId: app.appId,
    applicationId: app.id,
    displayName,
    applicationTemplateId: template.id,
    appRoleAssignmentRequired: true,
    accountEnabled: true,
    preferredSingleSignOnMode: null,
    samlSingleSignOnSettings: null,
    loginUrl: null,
    logoutUrl: null,
    notificationEmailAddresses: [],
    preferredTokenSigningKeyThumbprint: null,
    servicePrincipalNames: [app.appId],
    servicePrincipalType: "Application",
    tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
    keyCredentials: [],
    passwordCredentials: [],
    signingCertificates: [],
    createdDateTime: createdAt,
    visibleAt,
    grantedGraphPermissions: new Set(),
  };
  env.state.applications.set(app.id, app);
  env.state.servicePrincipals.set(sp.id, sp);
  return { app, sp };
}

function instantiate(call: GraphCall) {
  const template = GALLERY.find((x) => x.id === call.params.id);
  if (!template) throw notFound(call.params.id ?? "");
  const body = call.body();
  const displayName = typeof body.displayName === "string" ? body.displayName.trim() : "";
  if (!displayName) throw badRequest("The displayName property is required.", "Request_BadRequest");
  const env = call.env;
  const { app, sp } = createGalleryApp(env, template, displayName, env.ctx.clock.now() + env.state.config.replicationDelayMs);
  return created({
    "@odata.context": context(call.version, "microsoft.graph.applicationServicePrincipal"),
    application: applicationView(app),
    servicePrincipal: servicePrincipalView(call.env, sp),
  });
}

function listApplications(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  const now = call.env.ctx.clock.now();
  let items = [...call.env.state.applications.values()].filter((a) => a.visibleAt <= now).map((a) => applicationView(a));
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["appId", "displayName", "identifierUris", "applicationTemplateId", "id", "tags", "web/redirectUris"]) }));
  items = sortBy(items, query.orderBy);
  return ok(page(call.url, items.map((a) => project(a, query.select)), query, 100, { "@odata.context": context(call.version, "applications") }));
}

function listServicePrincipals(call: GraphCall) {
  const query = parseListQuery(call.url, { maxTop: 999 });
  const now = call.env.ctx.clock.now();
  let items = [...call.env.state.servicePrincipals.values()].filter((s) => s.visibleAt <= now).map((s) => servicePrincipalView(call.env, s));
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["appId", "displayName", "servicePrincipalNames", "applicationTemplateId", "id", "tags", "preferredSingleSignOnMode", "accountEnabled"]) }));
  items = sortBy(items, query.orderBy);
  return ok(page(call.url, items.map((s) => project(s, query.select)), query, 100, { "@odata.context": context(call.version, "servicePrincipals") }));
}

const stringArray = (value: unknown, field: string): string[] => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw badRequest(`Invalid value specified for property '${field}' of resource.`, "Request_BadRequest");
  return value;
};

function validIdentifierUri(call: GraphCall, app: EntraApplication, uri: string): boolean {
  if (uri.includes(app.appId) || uri.includes(TENANT_ID)) return true;
  try {
    const host = new URL(uri).hostname.toLowerCase();
    return host === "contoso-sandbox.onmicrosoft.com" || host.endsWith(".contoso-sandbox.onmicrosoft.com");
  } catch {
    return false;
  }
}

/** Records a PATCH in the directory audit log as Entra does ("Update application", "Update service principal"). */
function auditUpdate(call: GraphCall, type: "Application" | "ServicePrincipal", target: { id: string; displayName: string }, before: object, after: object) {
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const modifiedProperties = Object.keys(call.body())
    .filter((key) => JSON.stringify(old[key]) !== JSON.stringify(now[key]))
    .map((key) => ({ displayName: key, oldValue: JSON.stringify(old[key] ?? null), newValue: JSON.stringify(now[key] ?? null) }));
  call.env.state.directoryAudits.push({
    id: `Directory_${randomUUID()}`,
    category: "ApplicationManagement",
    activityDateTime: call.env.ctx.clock.date().toISOString(),
    activityDisplayName: type === "Application" ? "Update application" : "Update service principal",
    loggedByService: "Core Directory",
    operationType: "Update",
    result: "success",
    initiatedBy: { app: { appId: call.caller.appId, displayName: call.caller.displayName, servicePrincipalId: null }, user: null },
    targetResources: [{ id: target.id, displayName: target.displayName, type, modifiedProperties }],
  });
}

function patchApplication(call: GraphCall) {
  const app = visibleApp(call, call.params.id ?? "");
  const body = call.body();
  const sp = call.env.state.servicePrincipalByAppId(app.appId);
  const next = { ...app, web: { ...app.web } };
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case "displayName":
        if (typeof value !== "string" || !value) throw badRequest("Invalid value specified for property 'displayName' of resource 'Application'.");
        next.displayName = value;
        break;
      case "notes":
        next.notes = typeof value === "string" ? value : null;
        break;
      case "tags":
        next.tags = stringArray(value, "tags");
        break;
      case "identifierUris": {
        const uris = stringArray(value, "identifierUris");
        // Reported in the field (P-list #13): more than one identifier on a SAML app fails.
        if (uris.length > 1 && sp?.preferredSingleSignOnMode === "saml") throw badRequest("Invalid value specified for property 'identifierUris' of resource 'Application'. Multiple identifier URIs are not supported for this application.");
        for (const uri of uris) {
          if (app.identifierUris.includes(uri)) continue;
          if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) throw badRequest(`Invalid value specified for property 'identifierUris' of resource 'Application'.`);
          // Unverified hosts are accepted only once the SP is in SAML mode (the "two-step apply").
          if (sp?.preferredSingleSignOnMode !== "saml" && !validIdentifierUri(call, app, uri))
            throw new GraphFailure(400, "HostNameNotOnVerifiedDomain", `Values of identifierUris property must use a verified domain of the organization or its subdomain: '${uri}'`);
        }
        next.identifierUris = uris;
        break;
      }
      case "web": {
        if (!isRecord(value)) throw badRequest("Invalid value specified for property 'web' of resource 'Application'.");
        if ("redirectUris" in value) {
          const uris = stringArray(value.redirectUris, "web.redirectUris");
          for (const uri of uris) {
            let ok = false;
            try {
              const u = new URL(uri);
              ok = u.protocol === "https:" || (u.protocol === "http:" && (u.hostname === "localhost" || u.hostname === "127.0.0.1"));
            } catch {
              ok = false;
            }
            if (!ok) throw badRequest(`Invalid value specified for property 'web.redirectUris' of resource 'Application': '${uri}'. Redirect URIs must use https (http is allowed only for localhost).`);
          }
          next.web.redirectUris = uris;
        }
        if ("homePageUrl" in value) next.web.homePageUrl = typeof value.homePageUrl === "string" ? value.homePageUrl : null;
        if ("logoutUrl" in value) next.web.logoutUrl = typeof value.logoutUrl === "string" ? value.logoutUrl : null;
        break;
      }
      case "appRoles":
        if (!Array.isArray(value)) throw badRequest("Invalid value specified for property 'appRoles' of resource 'Application'.");
        next.appRoles = value.filter(isRecord).map((r) => ({
          id: typeof r.id === "string" && isGuid(r.id) ? r.id : randomUUID(),
          value: typeof r.value === "string" ? r.value : null,
          displayName: typeof r.displayName === "string" ? r.displayName : "",
          description: typeof r.description === "string" ? r.description : "",
          allowedMemberTypes: Array.isArray(r.allowedMemberTypes) ? r.allowedMemberTypes.filter((x): x is string => typeof x === "string") : ["User"],
          isEnabled: r.isEnabled !== false,
          origin: "Application",
        }));
        break;
      case "keyCredentials":
        next.keyCredentials = parseKeyCredentials(value);
        break;
      default:
        throw badRequest(`Property '${key}' is read-only or not supported by the sandbox on resource 'Application'.`, "Request_BadRequest");
    }
  }
  const before = { ...app, web: { ...app.web } };
  Object.assign(app, next);
  if (sp) sp.displayName = app.displayName;
  auditUpdate(call, "Application", app, { ...before, redirectUris: before.web.redirectUris }, { ...app, redirectUris: app.web.redirectUris });
  return noContent();
}

function parseKeyCredentials(value: unknown): KeyCredential[] {
  if (!Array.isArray(value)) throw badRequest("Invalid value specified for property 'keyCredentials'.");
  return value.filter(isRecord).map((k) => {
    if (typeof k.type !== "string" || typeof k.usage !== "string") throw badRequest("keyCredentials entries need type and usage.");
    return {
      customKeyIdentifier: typeof k.customKeyIdentifier === "string" ? k.customKeyIdentifier : null,
      displayName: typeof k.displayName === "string" ? k.displayName : null,
      endDateTime: typeof k.endDateTime === "string" ? k.endDateTime : new Date(Date.now() + 365 * 86400_000).toISOString(),
      key: typeof k.key === "string" ? k.key : null,
      keyId: typeof k.keyId === "string" ? k.keyId : randomUUID(),
      startDateTime: typeof k.startDateTime === "string" ? k.startDateTime : new Date().toISOString(),
      type: k.type,
      usage: k.usage,
    };
  });
}

function patchServicePrincipal(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const body = call.body();
  const next: EntraServicePrincipal = { ...sp };
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case "preferredSingleSignOnMode":
        if (value !== null && (typeof value !== "string" || !SSO_MODES.has(value))) throw badRequest(`Invalid value specified for property 'preferredSingleSignOnMode' of resource 'ServicePrincipal'.`);
        next.preferredSingleSignOnMode = value;
        break;
      case "loginUrl":
      case "logoutUrl":
        if (value !== null && typeof value !== "string") throw badRequest(`Invalid value specified for property '${key}' of resource 'ServicePrincipal'.`);
        if (typeof value === "string" && value && !/^https:\/\//i.test(value)) throw badRequest(`Invalid value specified for property '${key}' of resource 'ServicePrincipal'. The URL must use https.`);
        next[key] = value || null;
        break;
      case "samlSingleSignOnSettings":
        if (value !== null && !isRecord(value)) throw badRequest("Invalid value specified for property 'samlSingleSignOnSettings' of resource 'ServicePrincipal'.");
        next.samlSingleSignOnSettings = value === null ? null : { relayState: typeof value.relayState === "string" ? value.relayState : null };
        break;
      case "notificationEmailAddresses": {
        const list = stringArray(value, "notificationEmailAddresses");
        if (list.some((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) throw badRequest("Invalid value specified for property 'notificationEmailAddresses' of resource 'ServicePrincipal'.");
        next.notificationEmailAddresses = list;
        break;
      }
      case "preferredTokenSigningKeyThumbprint":
        if (value !== null && (typeof value !== "string" || !sp.signingCertificates.some((c) => c.cert.thumbprint === value.toUpperCase())))
          throw badRequest("Invalid value specified for property 'preferredTokenSigningKeyThumbprint' of resource 'ServicePrincipal'. No signing key with that thumbprint exists.");
        next.preferredTokenSigningKeyThumbprint = typeof value === "string" ? value.toUpperCase() : null;
        break;
      case "appRoleAssignmentRequired":
      case "accountEnabled":
        if (typeof value !== "boolean") throw badRequest(`Invalid value specified for property '${key}' of resource 'ServicePrincipal'.`);
        next[key] = value;
        break;
      case "tags":
        next.tags = stringArray(value, "tags");
        break;
      case "keyCredentials":
        next.keyCredentials = parseKeyCredentials(value);
        break;
      case "appRoles": {
        const app = call.env.state.applications.get(sp.applicationId);
        if (!Array.isArray(value) || !app) throw badRequest("Invalid value specified for property 'appRoles'.");
        // The SP's appRoles mirror the application's; replacing them drops roles not resent (https://learn.microsoft.com/graph/api/resources/serviceprincipal).
        app.appRoles = value.filter(isRecord).map((r) => ({
          id: typeof r.id === "string" && isGuid(r.id) ? r.id : randomUUID(),
          value: typeof r.value === "string" ? r.value : null,
          displayName: typeof r.displayName === "string" ? r.displayName : "",
          description: typeof r.description === "string" ? r.description : "",
          allowedMemberTypes: Array.isArray(r.allowedMemberTypes) ? r.allowedMemberTypes.filter((x): x is string => typeof x === "string") : ["User"],
          isEnabled: r.isEnabled !== false,
          origin: "ServicePrincipal",
        }));
        break;
      }
      default:
        throw badRequest(`Property '${key}' is read-only or not supported by the sandbox on resource 'ServicePrincipal'.`, "Request_BadRequest");
    }
  }
  const before = { ...sp };
  Object.assign(sp, next);
  auditUpdate(call, "ServicePrincipal", sp, before, sp);
  return noContent();
}

async function addTokenSigningCertificate(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const body = call.body();
  const now = call.env.ctx.clock.now();
  const displayName = typeof body.displayName === "string" ? body.displayName : `CN=Microsoft Azure Federated SSO Certificate`;
  if (!displayName.startsWith("CN=")) throw badRequest("The displayName must start with 'CN='.", "Request_BadRequest");
  const maxEnd = now + 3 * 365 * 86400_000 + 86400_000;
  const end = typeof body.endDateTime === "string" ? Date.parse(body.endDateTime) : now + 3 * 365 * 86400_000;
  if (!Number.isFinite(end)) throw badRequest("Invalid value specified for property 'endDateTime'.");
  if (end > maxEnd) throw badRequest("The endDateTime can be at most three years after the startDateTime.", "Request_BadRequest");
  if (end <= now) throw badRequest("The endDateTime must be in the future.", "Request_BadRequest");
  const start = new Date(now - 60_000);
  const cert = await createSelfSignedCertificate(displayName, start, new Date(end));
  const customKeyIdentifier = cert.thumbprint;
  const privateKeyId = randomUUID();
  const publicKeyId = randomUUID();
  const base = { customKeyIdentifier, displayName, endDateTime: cert.notAfter.toISOString(), startDateTime: cert.notBefore.toISOString() };
  const keyB64 = cert.der.toString("base64");
  sp.keyCredentials.push({ ...base, key: null, keyId: privateKeyId, type: "X509CertAndPassword", usage: "Sign" }, { ...base, key: keyB64, keyId: publicKeyId, type: "AsymmetricX509Cert", usage: "Verify" });
  sp.passwordCredentials.push({ ...base, hint: null, keyId: privateKeyId, secretText: null });
  sp.signingCertificates.push({ cert, customKeyIdentifier, displayName });
  return ok({
    "@odata.context": context(call.version, "microsoft.graph.selfSignedCertificate"),
    customKeyIdentifier,
    displayName,
    endDateTime: base.endDateTime,
    key: keyB64,
    keyId: publicKeyId,
    startDateTime: base.startDateTime,
    thumbprint: cert.thumbprint,
    type: "AsymmetricX509Cert",
    usage: "Verify",
  });
}

function deleteApplication(call: GraphCall) {
  const app = visibleApp(call, call.params.id ?? "");
  const state = call.env.state;
  state.applications.delete(app.id);
  const sp = state.servicePrincipalByAppId(app.appId);
  if (sp) removeServicePrincipal(call, sp);
  return noContent();
}

function removeServicePrincipal(call: GraphCall, sp: EntraServicePrincipal) {
  const state = call.env.state;
  state.servicePrincipals.delete(sp.id);
  for (const a of [...state.assignments.values()]) if (a.resourceId === sp.id || a.principalId === sp.id) state.assignments.delete(a.id);
  for (const job of [...state.jobs.values()]) if (job.servicePrincipalId === sp.id) state.jobs.delete(job.id);
  state.secrets.delete(sp.id);
}

function deleteServicePrincipal(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  if (sp.applicationTemplateId && sp.preferredSingleSignOnMode === "saml")
    throw new GraphFailure(400, "DeletingSamlSpNotAllowed", "Deleting the service principal of a SAML gallery application is not allowed; delete the application object instead.");
  removeServicePrincipal(call, sp);
  return noContent();
}

function assignmentView(a: AppRoleAssignment) {
  return { id: a.id, deletedDateTime: null, appRoleId: a.appRoleId, createdDateTime: a.createdDateTime, principalDisplayName: a.principalDisplayName, principalId: a.principalId, principalType: a.principalType, resourceDisplayName: a.resourceDisplayName, resourceId: a.resourceId };
}

function listAssignedTo(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const query = parseListQuery(call.url, { maxTop: 999 });
  let items = call.env.state.assignmentsFor(sp.id).map(assignmentView);
  if (query.filter) items = items.filter(compileFilter(query.filter, { caseInsensitive: true, allowed: new Set(["principalId", "appRoleId", "principalType", "principalDisplayName"]) }));
  return ok(page(call.url, items.map((a) => project(a, query.select)), query, 100, { "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/appRoleAssignedTo`) }));
}

function createAssignment(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const body = call.body();
  const state = call.env.state;
  const principalId = typeof body.principalId === "string" ? body.principalId : "";
  const resourceId = typeof body.resourceId === "string" ? body.resourceId : "";
  const appRoleId = typeof body.appRoleId === "string" ? body.appRoleId : "";
  if (resourceId !== sp.id) throw badRequest("Invalid value specified for property 'resourceId' of resource 'AppRoleAssignment'. It must match the service principal in the URL.", "Request_BadRequest");
  const user = state.users.get(principalId);
  const group = state.groups.get(principalId);
  const principalSp = state.servicePrincipals.get(principalId);
  if (!user && !group && !principalSp) throw notFound(principalId);
  const app = state.applications.get(sp.applicationId);
  const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";
  const roles = app?.appRoles ?? [];
  if (appRoleId !== DEFAULT_ACCESS || roles.length > 0) {
    if (!roles.some((r) => r.id === appRoleId && r.isEnabled))
      throw badRequest("Permission being assigned was not found on application", "Request_BadRequest");
  }
  if (state.assignmentsFor(sp.id).some((a) => a.principalId === principalId && a.appRoleId === appRoleId))
    throw badRequest("Permission being assigned already exists on the object", "Request_BadRequest");
  const assignment: AppRoleAssignment = {
    id: randomBytes(32).toString("base64url").slice(0, 43),
    appRoleId,
    principalId,
    principalType: user ? "User" : group ? "Group" : "ServicePrincipal",
    principalDisplayName: user?.displayName ?? group?.displayName ?? principalSp?.displayName ?? "",
    resourceId: sp.id,
    resourceDisplayName: sp.displayName,
    createdDateTime: call.env.ctx.clock.date().toISOString(),
  };
  state.assignments.set(assignment.id, assignment);
  for (const job of state.jobs.values()) if (job.servicePrincipalId === sp.id) call.env.engine.kick(job.id);
  return created({ "@odata.context": context(call.version, `servicePrincipals('${sp.id}')/appRoleAssignedTo/$entity`), ...assignmentView(assignment) });
}

function deleteAssignment(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const a = call.env.state.assignments.get(call.params.assignmentId ?? "");
  if (!a || a.resourceId !== sp.id) throw notFound(call.params.assignmentId ?? "");
  call.env.state.assignments.delete(a.id);
  return noContent();
}

// Claims mapping policies (https://learn.microsoft.com/graph/api/resources/claimsmappingpolicy): the definition is
// JSON whose keys are case-sensitive; Entra answers "Property has an invalid value" for "version" instead of "Version".
function claimsDefinition(value: unknown): string[] {
  const invalid = () => badRequest("Property definition has an invalid value.");
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== "string") throw invalid();
  try {
    const parsed = JSON.parse(value[0]) as unknown;
    const policy = isRecord(parsed) ? parsed.ClaimsMappingPolicy : undefined;
    if (!isRecord(policy) || policy.Version !== 1 || !Array.isArray(policy.ClaimsSchema)) throw invalid();
  } catch (error) {
    if (error instanceof GraphFailure) throw error;
    throw invalid();
  }
  return [value[0]];
}

const claimsPolicyView = (policy: { id: string; displayName: string; definition: string[]; isOrganizationDefault: boolean }) => ({ ...policy });

function createClaimsPolicy(call: GraphCall) {
  const body = call.body();
  if (typeof body.displayName !== "string" || !body.displayName) throw badRequest("Property displayName has an invalid value.");
  const policy = { id: randomUUID(), displayName: body.displayName, definition: claimsDefinition(body.definition), isOrganizationDefault: body.isOrganizationDefault === true };
  call.env.state.claimsPolicies.set(policy.id, policy);
  return created({ "@odata.context": context(call.version, "policies/claimsMappingPolicies/$entity"), ...claimsPolicyView(policy) });
}

function claimsPolicyOrThrow(call: GraphCall) {
  const policy = call.env.state.claimsPolicies.get(call.params.policyId ?? "");
  if (!policy) throw notFound(call.params.policyId ?? "");
  return policy;
}

function linkClaimsPolicy(call: GraphCall) {
  const sp = visibleSp(call, call.params.id ?? "");
  const ref = call.body()["@odata.id"];
  const id = typeof ref === "string" ? /claimsMappingPolicies\/([^/?]+)$/.exec(ref)?.[1] : undefined;
  if (!id || !call.env.state.claimsPolicies.has(id)) throw badRequest("Invalid object identifier in @odata.id.");
  const linked = call.env.state.claimsPolicyOf.get(sp.id);
  if (linked === id) throw new GraphFailure(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'claimsMappingPolicies'.");
  if (linked) throw new GraphFailure(409, "Request_MultipleObjectsWithSameKeyValue", "Only one claims mapping policy can be assigned to a service principal.");
  call.env.state.claimsPolicyOf.set(sp.id, id);
  return noContent();
}

export const appRoutes: Route[] = [
  { method: "POST", pattern: "/policies/claimsMappingPolicies", perms: P.policyWrite, handler: createClaimsPolicy },
  {
    method: "GET",
    pattern: "/policies/claimsMappingPolicies/:policyId",
    perms: P.policyRead,
    handler: (call) => ok({ "@odata.context": context(call.version, "policies/claimsMappingPolicies/$entity"), ...claimsPolicyView(claimsPolicyOrThrow(call)) }),
  },
  {
    method: "PATCH",
    pattern: "/policies/claimsMappingPolicies/:policyId",
    perms: P.policyWrite,
    handler: (call) => {
      const policy = claimsPolicyOrThrow(call);
      const body = call.body();
      if ("definition" in body) policy.definition = claimsDefinition(body.definition);
      if (typeof body.displayName === "string" && body.displayName) policy.displayName = body.displayName;
      return noContent();
    },
  },
  {
    method: "GET",
    pattern: "/servicePrincipals/:id/claimsMappingPolicies",
    perms: P.policyLink,
    handler: (call) => {
      const sp = visibleSp(call, call.params.id ?? "");
      const id = call.env.state.claimsPolicyOf.get(sp.id);
      const policy = id ? call.env.state.claimsPolicies.get(id) : undefined;
      return ok({ "@odata.context": context(call.version, "policies/claimsMappingPolicies"), value: policy ? [claimsPolicyView(policy)] : [] });
    },
  },
  { method: "POST", pattern: "/servicePrincipals/:id/claimsMappingPolicies/$ref", perms: P.policyLink, handler: linkClaimsPolicy },
  { method: "GET", pattern: "/applicationTemplates", perms: P.none, handler: listTemplates },
  { method: "GET", pattern: "/applicationTemplates/:id", perms: P.none, handler: getTemplate },
  { method: "POST", pattern: "/applicationTemplates/:id/instantiate", perms: P.instantiate, handler: instantiate },
  { method: "GET", pattern: "/applications", perms: P.readApps, handler: listApplications },
  {
    method: "GET",
    pattern: "/applications/:id",
    perms: P.readApps,
    handler: (call) => {
      const query = parseListQuery(call.url, { maxTop: 999 });
      const app = visibleApp(call, call.params.id ?? "");
      return ok({ "@odata.context": context(call.version, "applications/$entity"), ...project(applicationView(app, wantsKeys(call)), query.select) });
    },
  },
  { method: "PATCH", pattern: "/applications/:id", perms: P.writeApps, handler: patchApplication },
  { method: "DELETE", pattern: "/applications/:id", perms: P.writeApps, handler: deleteApplication },
  { method: "GET", pattern: "/servicePrincipals", perms: P.readApps, handler: listServicePrincipals },
  {
    method: "GET",
    pattern: "/servicePrincipals/:id",
    perms: P.readApps,
    handler: (call) => {
      const query = parseListQuery(call.url, { maxTop: 999 });
      const sp = visibleSp(call, call.params.id ?? "");
      return ok({ "@odata.context": context(call.version, "servicePrincipals/$entity"), ...project(servicePrincipalView(call.env, sp, wantsKeys(call)), query.select) });
    },
  },
  { method: "PATCH", pattern: "/servicePrincipals/:id", perms: P.writeApps, handler: patchServicePrincipal },
  { method: "DELETE", pattern: "/servicePrincipals/:id", perms: P.writeApps, handler: deleteServicePrincipal },
  { method: "POST", pattern: "/servicePrincipals/:id/addTokenSigningCertificate", perms: P.writeApps, handler: addTokenSigningCertificate },
  { method: "GET", pattern: "/servicePrincipals/:id/appRoleAssignedTo", perms: P.assignRead, handler: listAssignedTo },
  { method: "POST", pattern: "/servicePrincipals/:id/appRoleAssignedTo", perms: P.assignWrite, handler: createAssignment },
  { method: "POST", pattern: "/servicePrincipals/:id/appRoleAssignments", perms: P.assignWrite, handler: createAssignment },
  { method: "DELETE", pattern: "/servicePrincipals/:id/appRoleAssignedTo/:assignmentId", perms: P.assignWrite, handler: deleteAssignment },
];
