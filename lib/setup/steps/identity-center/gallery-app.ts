import "server-only";
import { ensureGalleryApp, previewGalleryApp } from "../../../entra/gallery-app";
import { readServicePrincipal } from "../../../entra/service-principal";
import { defineStep } from "../types";
import { appOf, DEFAULT_APP_NAME, IDENTITY_CENTER_TEMPLATE_ID } from "./shared";

export const galleryApp = defineStep({
  id: "gallery-app",
  side: "Entra",
  title: "Create the AWS IAM Identity Center enterprise app",
  guide: 'Entra ID → Enterprise applications → New application → search "AWS" → AWS IAM Identity Center (successor to AWS Single Sign-On) → Create.',
  how: "automated",
  verifiedBy: "The application and its service principal are readable (after Entra's replication delay).",
  requires: ["connect"],
  input: null,
  async run(context) {
    const result = await ensureGalleryApp(
      await context.entra(),
      { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME },
      { onProgress: (p) => context.onProgress?.(`Waiting for Entra to replicate the new app (attempt ${JSON.stringify(p)})`) },
    );
    const { applicationObjectId, appId, servicePrincipalId, displayName } = result;
    return {
      facts: { app: { applicationObjectId, appId, servicePrincipalId, displayName } },
      evidence: { outcome: result.outcome, appId, servicePrincipalId },
      requestIds: result.requestIds,
    };
  },
  async verify(context) {
    const app = appOf(context);
    const requestIds: string[] = [];
    const sp = await readServicePrincipal(await context.entra(), app.servicePrincipalId, requestIds);
    return {
      evidence: {
        appId: app.appId,
        servicePrincipalId: app.servicePrincipalId,
        displayName: app.displayName,
        ssoMode: sp.preferredSingleSignOnMode ?? "not set",
      },
      requestIds,
    };
  },
  async preview(context) {
    const preview = await previewGalleryApp(await context.entra(), { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME });
    const changes =
      preview.action === "adopt"
        ? [`No change in Entra: the existing app "${preview.existing?.displayName}" (${preview.existing?.appId}) is adopted.`]
        : preview.action === "create"
          ? [`Create the enterprise app "${DEFAULT_APP_NAME}" from the AWS IAM Identity Center gallery template.`]
          : [
              `Blocked: ${preview.wrongTemplate.map((w) => `"${w.displayName}" comes from the ${w.templateDisplayName ?? "wrong"} template`).join("; ")}. Rename or delete it first.`,
            ];
    return { changes, requestIds: preview.requestIds };
  },
  labels: { run: "Create or adopt the app" },
  view: null,
  panels: [],
  screens: ["entra-gallery-identity-center"],
});
