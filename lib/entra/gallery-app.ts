import "server-only";
import { callGraph, listAll, odataLiteral, queryValue, waitOutReplication, type Backoff, type ReplicationProgress } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError, isEntraGatewayError } from "./errors";

export interface GalleryAppSpec {
  /** applicationTemplate id, e.g. 21ed01d2-… for AWS IAM Identity Center (https://learn.microsoft.com/graph/api/applicationtemplate-instantiate). */
  templateId: string;
  displayName: string;
}

export interface GalleryAppRef {
  applicationObjectId: string;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  templateId: string | null;
}

/** An enterprise app with the wanted name but from another template: the classic "wrong gallery app", which cannot provision to IAM Identity Center. */
export interface WrongTemplateApp {
  servicePrincipalId: string;
  appId: string;
  displayName: string;
  templateId: string | null;
  templateDisplayName: string | null;
}

/** The ids the federation recorded when it created or adopted the app: the one it keeps, whatever else is named alike. */
export interface RecordedGalleryApp {
  applicationObjectId: string;
  appId: string;
  servicePrincipalId: string;
}

export type GalleryAppPreview = {
  /** "choose": several apps from this template carry the name and none is recorded: the admin names the one to keep. */
  action: "adopt" | "create" | "blocked" | "choose";
  existing: GalleryAppRef | null;
  /** Other apps from this template with this name (never adopted silently). */
  duplicates: GalleryAppRef[];
  wrongTemplate: WrongTemplateApp[];
};

export type EnsureGalleryAppResult = GalleryAppRef & {
  outcome: "created" | "adopted";
  /** Replication waits before the new objects were readable (0 when adopted or instantly visible). */
  replicationWaits: number;
};

interface SpRow {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId?: string | null;
}

async function appObjectId(gateway: GraphGateway, appId: string): Promise<string> {
  const app = await callGraph<{ id: string }>(gateway, "GetApplication", () =>
    gateway.api(`/applications(appId='${appId}')`).select("id").get(),
  );
  return app.id;
}

async function survey(gateway: GraphGateway, spec: GalleryAppSpec, ignoreAppIds: readonly string[] = []) {
  // Filtering on displayName is supported everywhere; the template is compared here rather than trusting $filter on it.
  const { items } = await listAll<SpRow>(
    gateway,
    "ListServicePrincipals",
    gateway
      .api("/servicePrincipals")
      .filter(queryValue(`displayName eq ${odataLiteral(spec.displayName)}`))
      .select("id,appId,displayName,applicationTemplateId"),
  );
  const same = items.filter((sp) => sp.displayName === spec.displayName || sp.displayName.toLowerCase() === spec.displayName.toLowerCase());
  // Apps other federations own are theirs (one app per AWS account): never adopted, never counted as duplicates.
  const matching = same.filter((sp) => sp.applicationTemplateId === spec.templateId && !ignoreAppIds.includes(sp.appId));
  const others = same.filter((sp) => sp.applicationTemplateId !== spec.templateId);
  const refs: GalleryAppRef[] = [];
  for (const sp of matching) {
    refs.push({
      applicationObjectId: await appObjectId(gateway, sp.appId),
      appId: sp.appId,
      servicePrincipalId: sp.id,
      displayName: sp.displayName,
      templateId: sp.applicationTemplateId ?? null,
    });
  }
  const wrongTemplate: WrongTemplateApp[] = [];
  for (const sp of others) {
    let templateDisplayName: string | null = null;
    if (sp.applicationTemplateId) {
      const t = await callGraph<{ displayName?: string }>(gateway, "GetApplicationTemplate", () =>
        gateway.api(`/applicationTemplates/${sp.applicationTemplateId ?? ""}`).select("id,displayName").get(),
      ).catch(() => null);
      templateDisplayName = t?.displayName ?? null;
    }
    wrongTemplate.push({ servicePrincipalId: sp.id, appId: sp.appId, displayName: sp.displayName, templateId: sp.applicationTemplateId ?? null, templateDisplayName });
  }
  return { refs, wrongTemplate };
}

/** What ensureGalleryApp would do, read from Graph without changing anything. */
export async function previewGalleryApp(
  gateway: GraphGateway,
  spec: GalleryAppSpec,
  options: { recorded?: RecordedGalleryApp | null; keepAppId?: string; ignoreAppIds?: readonly string[] } = {},
): Promise<GalleryAppPreview> {
  const { refs, wrongTemplate } = await survey(gateway, spec, options.ignoreAppIds);
  const keep = options.keepAppId ?? options.recorded?.appId;
  if (keep) {
    // The federation's own app is the one adopted, even while replication still hides it from the search.
    const own = refs.find((r) => r.appId === keep) ?? (await readRef(gateway, keep));
    return { action: "adopt", existing: own, duplicates: refs.filter((r) => r.appId !== keep), wrongTemplate };
  }
  if (refs.length > 1) return { action: "choose", existing: null, duplicates: refs, wrongTemplate };
  const existing = refs[0] ?? null;
  return {
    action: existing ? "adopt" : wrongTemplate.length ? "blocked" : "create",
    existing,
    duplicates: [],
    wrongTemplate,
  };
}

/** The app with this appId, or null while Graph cannot see it (replication) or it was deleted. */
async function readRef(gateway: GraphGateway, appId: string): Promise<GalleryAppRef | null> {
  try {
    return await refByAppId(gateway, appId);
  } catch (error) {
    if (isEntraGatewayError(error, "not-found")) return null;
    throw error;
  }
}

async function refByAppId(gateway: GraphGateway, appId: string): Promise<GalleryAppRef> {
  const sp = await callGraph<SpRow>(gateway, "GetServicePrincipal", () =>
    gateway.api(`/servicePrincipals(appId='${appId}')`).select("id,appId,displayName,applicationTemplateId").get(),
  );
  return {
    applicationObjectId: await appObjectId(gateway, sp.appId),
    appId: sp.appId,
    servicePrincipalId: sp.id,
    displayName: sp.displayName,
    templateId: sp.applicationTemplateId ?? null,
  };
}

function duplicatesError(spec: GalleryAppSpec, refs: GalleryAppRef[]): EntraGatewayError {
  const list = refs.map((r) => `appId ${r.appId} (service principal ${r.servicePrincipalId})`).join("; ");
  return new EntraGatewayError({
    kind: "conflict",
    operation: "InstantiateApplicationTemplate",
    message: `${refs.length} enterprise apps named "${spec.displayName}" come from the AWS IAM Identity Center gallery template: ${list}. The portal will not pick one for you. Name the appId to keep and run this step again, then delete the others in Entra.`,
  });
}

function wrongAppError(spec: GalleryAppSpec, wrong: WrongTemplateApp[]): EntraGatewayError {
  const first = wrong[0];
  const from = first?.templateDisplayName ? `the "${first.templateDisplayName}" gallery app` : first?.templateId ? `template ${first.templateId}` : "no gallery template";
  return new EntraGatewayError({
    kind: "conflict",
    operation: "InstantiateApplicationTemplate",
    message: `An enterprise app named "${spec.displayName}" already exists but was created from ${from}, not the one this step needs. Rename or delete it in Entra, or choose another name — the wrong gallery app cannot do SCIM provisioning to IAM Identity Center.`,
  });
}

/**
 * Makes exactly one enterprise app from this template with this name exist, and never a second one:
 * - the app the federation recorded (or the one the admin names with keepAppId) is adopted by id, waiting out
 *   replication — a just-created app is hidden from the search by name for a while, so searching again would
 *   create a duplicate (https://learn.microsoft.com/graph/application-saml-sso-configure-api#step-1-create-the-application);
 * - otherwise the one app found by name is adopted; several are reported, never chosen silently;
 * - otherwise it is instantiated, `onCreated` records the new ids before the replication wait (a crash during it
 *   leaves them for the re-run), and both objects are waited for, each wait reported through onProgress.
 */
export async function ensureGalleryApp(
  gateway: GraphGateway,
  spec: GalleryAppSpec,
  options: {
    backoff?: Backoff;
    onProgress?: (progress: ReplicationProgress) => void | Promise<void>;
    onCreated?: (created: GalleryAppRef) => void | Promise<void>;
    recorded?: RecordedGalleryApp | null;
    keepAppId?: string;
    /** Apps other federations own: left alone, whatever their name. */
    ignoreAppIds?: readonly string[];
  } = {},
): Promise<EnsureGalleryAppResult> {
  const name = spec.displayName.trim();
  if (!name) throw new EntraGatewayError({ kind: "validation", operation: "InstantiateApplicationTemplate", message: "Give the enterprise app a name." });
  const wanted = { ...spec, displayName: name };
  let waits = 0;
  const onProgress = async (p: ReplicationProgress) => {
    waits++;
    await options.onProgress?.(p);
  };

  const keep = options.keepAppId ?? options.recorded?.appId;
  if (keep && options.ignoreAppIds?.includes(keep))
    throw new EntraGatewayError({
      kind: "validation",
      operation: "GetServicePrincipal",
      message: `The app with appId ${keep} belongs to another federation of the portal (one app per AWS account): name another one.`,
    });
  if (keep) {
    const ref = await waitOutReplication("GetServicePrincipal", () => refByAppId(gateway, keep), { backoff: options.backoff, onProgress }).catch(
      (error: unknown) => {
        if (!isEntraGatewayError(error, "replicating")) throw error;
        throw new EntraGatewayError({
          kind: "replicating",
          operation: "GetServicePrincipal",
          requestId: error.requestId,
          cause: error,
          message: `The enterprise app this federation recorded (appId ${keep}) is still not readable. If it was created minutes ago, Entra is still replicating it: try again shortly, nothing will be duplicated. If it was deleted in Entra, name the app to keep instead.`,
        });
      },
    );
    if (ref.templateId !== spec.templateId)
      throw new EntraGatewayError({
        kind: "conflict",
        operation: "GetServicePrincipal",
        message: `The app with appId ${keep} was not created from the AWS IAM Identity Center gallery template, so it cannot be the federation's app.`,
      });
    return { outcome: "adopted", ...ref, replicationWaits: waits };
  }

  const { refs, wrongTemplate } = await survey(gateway, wanted, options.ignoreAppIds);
  if (refs.length > 1) throw duplicatesError(wanted, refs);
  const existing = refs[0];
  if (existing) return { outcome: "adopted", ...existing, replicationWaits: 0 };
  if (wrongTemplate.length) throw wrongAppError(wanted, wrongTemplate);

  const made = await callGraph<{ application: { id: string; appId: string }; servicePrincipal: { id: string } }>(
    gateway,
    "InstantiateApplicationTemplate",
    () => gateway.api(`/applicationTemplates/${spec.templateId}/instantiate`).post({ displayName: name }),
  );
  const created: GalleryAppRef = {
    applicationObjectId: made.application.id,
    appId: made.application.appId,
    servicePrincipalId: made.servicePrincipal.id,
    displayName: name,
    templateId: spec.templateId,
  };
  await options.onCreated?.(created);
  await waitOutReplication(
    "InstantiateApplicationTemplate",
    async () => {
      await callGraph(gateway, "GetServicePrincipal", () => gateway.api(`/servicePrincipals/${made.servicePrincipal.id}`).select("id").get());
      await callGraph(gateway, "GetApplication", () => gateway.api(`/applications/${made.application.id}`).select("id").get());
    },
    { backoff: options.backoff, onProgress },
  );
  return { outcome: "created", ...created, replicationWaits: waits };
}
