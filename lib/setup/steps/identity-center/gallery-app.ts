import "server-only";
import { z } from "zod";
import { ensureGalleryApp, previewGalleryApp } from "../../../entra/gallery-app";
import { readServicePrincipal } from "../../../entra/service-principal";
import { recordCreated } from "../../store";
import { defineStep, stepInputView } from "../types";
import { appOf, DEFAULT_APP_NAME, IDENTITY_CENTER_TEMPLATE_ID } from "./shared";

/** Only when several apps carry the name: the appId of the one to keep (the step never picks one itself). */
export const galleryAppInput = z.object({ keepAppId: z.uuid("an appId (a GUID)").optional() }).optional();

export const galleryApp = defineStep<z.infer<typeof galleryAppInput>>({
  id: "gallery-app",
  side: "Entra",
  title: "Create the AWS IAM Identity Center enterprise app",
  guide: 'Entra ID → Enterprise applications → New application → search "AWS" → AWS IAM Identity Center (successor to AWS Single Sign-On) → Create.',
  how: "automated",
  verifiedBy: "The application and its service principal are readable (after Entra's replication delay).",
  requires: ["connect"],
  input: galleryAppInput,
  async run(context, input) {
    const result = await ensureGalleryApp(
      await context.entra(),
      { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME },
      {
        onProgress: (p) =>
          context.onProgress?.({
            waitingFor: `Entra to replicate the new app (Graph still answers ${p.waitingOn} for it)`,
            attempt: p.attempt,
            nextCheckMs: p.nextWaitMs,
          }),
        // Adopt by id what this federation created or adopted before: a search by name misses an app still replicating.
        recorded: context.facts.app,
        keepAppId: input?.keepAppId,
        // Recorded before the replication wait, so a crash during it leaves the ids for the re-run to adopt.
        onCreated: async ({ applicationObjectId, appId, servicePrincipalId, displayName }) => {
          context.facts = await recordCreated(context.database, context.federationId, "gallery-app", {
            facts: { app: { applicationObjectId, appId, servicePrincipalId, displayName } },
            description: `Enterprise app "${displayName}" (appId ${appId}, service principal ${servicePrincipalId})`,
          });
        },
      },
    );
    const { applicationObjectId, appId, servicePrincipalId, displayName } = result;
    return {
      facts: { app: { applicationObjectId, appId, servicePrincipalId, displayName } },
      evidence: { outcome: result.outcome, appId, servicePrincipalId },
    };
  },
  async verify(context) {
    const app = appOf(context);
    const sp = await readServicePrincipal(await context.entra(), app.servicePrincipalId);
    return {
      evidence: {
        appId: app.appId,
        servicePrincipalId: app.servicePrincipalId,
        displayName: app.displayName,
        ssoMode: sp.preferredSingleSignOnMode ?? "not set",
      },
    };
  },
  async preview(context) {
    const preview = await previewGalleryApp(
      await context.entra(),
      { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME },
      { recorded: context.facts.app },
    );
    const others = preview.duplicates.map((d) => `appId ${d.appId}`).join(", ");
    const changes =
      preview.action === "choose"
        ? [`Blocked: several apps named "${DEFAULT_APP_NAME}" come from the template (${others}). Name the appId to keep.`]
        : preview.action === "adopt"
          ? [
              preview.existing
                ? `No change in Entra: the app "${preview.existing.displayName}" (${preview.existing.appId}) is adopted.`
                : `No change in Entra: the app this federation recorded (${context.facts.app?.appId}) is adopted once Entra has replicated it.`,
              ...(others ? [`Other apps with the same name, left alone: ${others}.`] : []),
            ]
          : preview.action === "create"
            ? [`Create the enterprise app "${DEFAULT_APP_NAME}" from the AWS IAM Identity Center gallery template.`]
            : [
                `Blocked: ${preview.wrongTemplate.map((w) => `"${w.displayName}" comes from the ${w.templateDisplayName ?? "wrong"} template`).join("; ")}. Rename or delete it first.`,
              ];
    return { changes };
  },
  labels: { run: "Create or adopt the app" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.GalleryAppStepInput),
    () => ({}),
  ),
  panels: [],
  screens: ["entra-gallery-identity-center"],
});
