import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";

/** The service principal fields the SAML steps read and write. */
export interface ServicePrincipalSso {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId: string | null;
  preferredSingleSignOnMode: string | null;
  loginUrl: string | null;
  relayState: string | null;
  notificationEmailAddresses: string[];
  preferredTokenSigningKeyThumbprint: string | null;
  appRoles: { id: string; displayName: string; value: string | null; isEnabled: boolean; allowedMemberTypes: string[] }[];
  keyCredentials: KeyCredentialRow[];
}

export interface KeyCredentialRow {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string | null;
  startDateTime: string | null;
  key: string | null;
  keyId: string;
  type: string;
  usage: string;
}

interface Row {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId?: string | null;
  preferredSingleSignOnMode?: string | null;
  loginUrl?: string | null;
  samlSingleSignOnSettings?: { relayState?: string | null } | null;
  notificationEmailAddresses?: string[] | null;
  preferredTokenSigningKeyThumbprint?: string | null;
  appRoles?: ServicePrincipalSso["appRoles"] | null;
  keyCredentials?: KeyCredentialRow[] | null;
}

const SELECT =
  "id,appId,displayName,applicationTemplateId,preferredSingleSignOnMode,loginUrl,samlSingleSignOnSettings,notificationEmailAddresses,preferredTokenSigningKeyThumbprint,appRoles,keyCredentials";

export async function readServicePrincipal(gateway: GraphGateway, servicePrincipalId: string): Promise<ServicePrincipalSso> {
  const row = await callGraph<Row>(gateway, "GetServicePrincipal", () => gateway.api(`/servicePrincipals/${servicePrincipalId}`).select(SELECT).get());
  return {
    id: row.id,
    appId: row.appId,
    displayName: row.displayName,
    applicationTemplateId: row.applicationTemplateId ?? null,
    preferredSingleSignOnMode: row.preferredSingleSignOnMode ?? null,
    loginUrl: row.loginUrl ?? null,
    relayState: row.samlSingleSignOnSettings?.relayState ?? null,
    notificationEmailAddresses: row.notificationEmailAddresses ?? [],
    preferredTokenSigningKeyThumbprint: row.preferredTokenSigningKeyThumbprint ?? null,
    appRoles: row.appRoles ?? [],
    keyCredentials: row.keyCredentials ?? [],
  };
}

export function patchServicePrincipal(gateway: GraphGateway, servicePrincipalId: string, body: Record<string, unknown>): Promise<unknown> {
  return callGraph(gateway, "UpdateServicePrincipal", () => gateway.api(`/servicePrincipals/${servicePrincipalId}`).patch(body));
}
