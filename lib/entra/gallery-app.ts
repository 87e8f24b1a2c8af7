import "server-only";
import { callGraph, listAll, odataLiteral, queryValue, waitOutReplication, type Backoff, type ReplicationProgress } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";

export interface GalleryAppSpec {
  /** applicationTemplate id, e.g. 21ed01d2-… for AWS IAM Identity Center (graph-api.md §0). */
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

/** An enterprise app with the wanted name but from another template: the classic "wrong gallery app" (graph-api.md §10 #8). */
export interface WrongTemplateApp {
  servicePrincipalId: string;
  appId: string;
  displayName: string;
  templateId: string | null;
  templateDisplayName: string | null;
}

export type GalleryAppPreview = {
  action: "adopt" | "create" | "blocked";
  existing: GalleryAppRef | null;
  /** More than one app from this template with this name: the first is adopted, the others are reported. */
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

async function survey(gateway: GraphGateway, spec: GalleryAppSpec) {
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
  const matching = same.filter((sp) => sp.applicationTemplateId === spec.templateId);
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
export async function previewGalleryApp(gateway: GraphGateway, spec: GalleryAppSpec): Promise<GalleryAppPreview> {
  const { refs, wrongTemplate } = await survey(gateway, spec);
  const existing = refs[0] ?? null;
  return {
    action: existing ? "adopt" : wrongTemplate.length ? "blocked" : "create",
    existing,
    duplicates: refs.slice(1),
    wrongTemplate,
  };
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
 * Makes exactly one enterprise app from this template with this name exist: adopts it (never a second), or
 * instantiates it and waits until both objects are readable — Graph answers 404/403 for a while after
 * instantiate (graph-api.md §3.4); each wait is reported through onProgress.
 */
export async function ensureGalleryApp(
  gateway: GraphGateway,
  spec: GalleryAppSpec,
  options: { backoff?: Backoff; onProgress?: (progress: ReplicationProgress) => void | Promise<void> } = {},
): Promise<EnsureGalleryAppResult> {
  const name = spec.displayName.trim();
  if (!name) throw new EntraGatewayError({ kind: "validation", operation: "InstantiateApplicationTemplate", message: "Give the enterprise app a name." });
  const wanted = { ...spec, displayName: name };
  const { refs, wrongTemplate } = await survey(gateway, wanted);
  const existing = refs[0];
  if (existing) return { outcome: "adopted", ...existing, replicationWaits: 0 };
  if (wrongTemplate.length) throw wrongAppError(wanted, wrongTemplate);

  const made = await callGraph<{ application: { id: string; appId: string }; servicePrincipal: { id: string } }>(
    gateway,
    "InstantiateApplicationTemplate",
    () => gateway.api(`/applicationTemplates/${spec.templateId}/instantiate`).post({ displayName: name }),
  );
  let waits = 0;
  const onProgress = async (p: ReplicationProgress) => {
    waits++;
    await options.onProgress?.(p);
  };
  await waitOutReplication(
    "InstantiateApplicationTemplate",
    async () => {
      await callGraph(gateway, "GetServicePrincipal", () => gateway.api(`/servicePrincipals/${made.servicePrincipal.id}`).select("id").get());
      await callGraph(gateway, "GetApplication", () => gateway.api(`/applications/${made.application.id}`).select("id").get());
    },
    { backoff: options.backoff, onProgress },
  );
  return {
    outcome: "created",
    applicationObjectId: made.application.id,
    appId: made.application.appId,
    servicePrincipalId: made.servicePrincipal.id,
    displayName: name,
    templateId: spec.templateId,
    replicationWaits: waits,
  };
}
