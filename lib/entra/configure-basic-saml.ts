import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal } from "./service-principal";

/** Basic SAML configuration, from the AWS IAM Identity Center SP metadata (https://learn.microsoft.com/graph/application-saml-sso-configure-api). */
export interface BasicSamlSpec {
  applicationObjectId: string;
  servicePrincipalId: string;
  /** Identifier (Entity ID): https://<region>.signin.aws.amazon.com/platform/saml/<ID>. */
  identifierUri: string;
  /** Reply URL(s) (ACS): https://<region>.signin.aws.amazon.com/platform/saml/acs/<ID>. */
  replyUrls: string[];
  /** Sign-on URL (the service principal's loginUrl); null clears it, undefined leaves it alone. */
  signOnUrl?: string | null;
  relayState?: string | null;
}

export interface BasicSamlState {
  identifierUris: string[];
  replyUrls: string[];
  signOnUrl: string | null;
  relayState: string | null;
  preferredSingleSignOnMode: string | null;
}

export type BasicSamlChange =
  | { field: "identifierUris"; from: string[]; to: string[] }
  | { field: "replyUrls"; from: string[]; to: string[] }
  | { field: "signOnUrl"; from: string | null; to: string | null }
  | { field: "relayState"; from: string | null; to: string | null };

export type BasicSamlPreview = {
  current: BasicSamlState;
  changes: BasicSamlChange[];
  /** Problems to fix before applying (e.g. SAML mode not set yet: Entra then refuses unverified identifiers). */
  warnings: string[];
};

export type ConfigureBasicSamlResult = { applied: BasicSamlChange[]; readBack: BasicSamlState };

/** The application's side of the basic SAML configuration: its identifiers (Entity ID) and reply URLs (ACS). */
export async function readApplicationSamlUrls(gateway: GraphGateway, applicationObjectId: string): Promise<{ identifierUris: string[]; replyUrls: string[] }> {
  const app = await callGraph<{ identifierUris?: string[]; web?: { redirectUris?: string[] } }>(gateway, "GetApplication", () =>
    gateway.api(`/applications/${applicationObjectId}`).select("id,identifierUris,web").get(),
  );
  return { identifierUris: app.identifierUris ?? [], replyUrls: app.web?.redirectUris ?? [] };
}

async function readState(gateway: GraphGateway, spec: Pick<BasicSamlSpec, "applicationObjectId" | "servicePrincipalId">): Promise<BasicSamlState> {
  const [app, sp] = await Promise.all([readApplicationSamlUrls(gateway, spec.applicationObjectId), readServicePrincipal(gateway, spec.servicePrincipalId)]);
  return {
    identifierUris: app.identifierUris,
    replyUrls: app.replyUrls,
    signOnUrl: sp.loginUrl,
    relayState: sp.relayState,
    preferredSingleSignOnMode: sp.preferredSingleSignOnMode,
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function validateOrThrow(spec: BasicSamlSpec) {
  const refuse = (message: string) => new EntraGatewayError({ kind: "validation", operation: "UpdateApplication", message });
  const https = (value: string) => {
    try {
      return new URL(value).protocol === "https:";
    } catch {
      return false;
    }
  };
  if (!spec.identifierUri.trim()) throw refuse("The identifier (Entity ID) is empty. Take it from the AWS IAM Identity Center metadata.");
  if (!spec.replyUrls.length) throw refuse("At least one reply URL (ACS URL) is needed. Take it from the AWS IAM Identity Center metadata.");
  for (const url of spec.replyUrls) {
    if (!https(url)) throw refuse(`The reply URL "${url}" must be an https URL.`);
    if (url.includes("*")) throw refuse(`The reply URL "${url}" still has the gallery wildcard. Use the ACS URL from the AWS metadata.`);
  }
  if (spec.signOnUrl && !https(spec.signOnUrl)) throw refuse(`The sign-on URL "${spec.signOnUrl}" must be an https URL.`);
}

function diff(spec: BasicSamlSpec, current: BasicSamlState): BasicSamlChange[] {
  const changes: BasicSamlChange[] = [];
  // One identifier only: more than one on a SAML app has been reported to fail.
  if (!sameList(current.identifierUris, [spec.identifierUri]))
    changes.push({ field: "identifierUris", from: current.identifierUris, to: [spec.identifierUri] });
  if (!sameList(current.replyUrls, spec.replyUrls)) changes.push({ field: "replyUrls", from: current.replyUrls, to: [...spec.replyUrls] });
  if (spec.signOnUrl !== undefined && (spec.signOnUrl || null) !== current.signOnUrl)
    changes.push({ field: "signOnUrl", from: current.signOnUrl, to: spec.signOnUrl || null });
  if (spec.relayState !== undefined && (spec.relayState || null) !== current.relayState)
    changes.push({ field: "relayState", from: current.relayState, to: spec.relayState || null });
  return changes;
}

/** The diff between what Entra has and what the AWS metadata asks for; changes nothing. */
export async function previewBasicSaml(gateway: GraphGateway, spec: BasicSamlSpec): Promise<BasicSamlPreview> {
  validateOrThrow(spec);
  const current = await readState(gateway, spec);
  const warnings =
    current.preferredSingleSignOnMode === "saml"
      ? []
      : ["Set SAML as the single sign-on method first (Setup: “Choose SAML single sign-on”): Entra accepts an AWS identifier only for SAML apps."];
  return { current, changes: diff(spec, current), warnings };
}

/** Step 5: writes only what differs (application: identifier + reply URLs; service principal: sign-on URL + relay state), then reads it back. */
export async function configureBasicSaml(gateway: GraphGateway, spec: BasicSamlSpec): Promise<ConfigureBasicSamlResult> {
  validateOrThrow(spec);
  const current = await readState(gateway, spec);
  const changes = diff(spec, current);
  const appPatch: Record<string, unknown> = {};
  const spPatch: Record<string, unknown> = {};
  for (const c of changes) {
    if (c.field === "identifierUris") appPatch.identifierUris = c.to;
    else if (c.field === "replyUrls") appPatch.web = { redirectUris: c.to };
    else if (c.field === "signOnUrl") spPatch.loginUrl = c.to;
    else spPatch.samlSingleSignOnSettings = { relayState: c.to };
  }
  if (Object.keys(appPatch).length)
    await callGraph(gateway, "UpdateApplication", () => gateway.api(`/applications/${spec.applicationObjectId}`).patch(appPatch));
  if (Object.keys(spPatch).length) await patchServicePrincipal(gateway, spec.servicePrincipalId, spPatch);
  const readBack = changes.length ? await readState(gateway, spec) : current;
  const left = diff(spec, readBack);
  if (left.length)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "UpdateApplication",
      message: `Entra accepted the change but reads back different values for ${left.map((c) => c.field).join(", ")}. Check the app's Basic SAML configuration in Entra.`,
    });
  return { applied: changes, readBack };
}
