import "server-only";
import { z } from "zod";
import { ensureGalleryApp, previewGalleryApp } from "../../../entra/gallery-app";
import { readServicePrincipal } from "../../../entra/service-principal";
import type { FederationMode } from "../../checklists";
import { requireFact, type SetupContext } from "../../context";
import { stepRef } from "../../step-ref";
import { appsOfOtherFederations } from "../../federations";
import { recordCreated } from "../../store";
import { defineStep, stepInputView, type StepPreview } from "../types";

/** Only when several apps carry the name: the appId of the one to keep (the step never picks one itself). */
export const galleryAppInput = z.object({ keepAppId: z.uuid("an appId (a GUID)").optional() }).optional();

export interface GalleryAppStepSpec {
  mode: FederationMode;
  /** The gallery applicationTemplate id (https://learn.microsoft.com/graph/api/applicationtemplate-instantiate). */
  templateId: string;
  /** The enterprise app's name (per federation: several legacy apps are told apart by name), and what the preview calls its template. */
  displayName: string | ((context: SetupContext) => string);
  templateName: string;
  title: string;
  guide: string;
  screens: string[];
}

/** The federation's enterprise app, as the gallery-app step of its checklist recorded it. */
export const recordedAppOf = (context: SetupContext, mode: FederationMode) =>
  requireFact(context, "app", `Create the enterprise app first (${stepRef("gallery-app", mode)}).`);

/**
 * The "create the gallery app" step of a checklist: instantiate the template, or adopt the app this federation
 * recorded (by id) or the one app from that template with that name. Both checklists differ only in the template.
 */
export function galleryAppStep(spec: GalleryAppStepSpec) {
  const wantedOf = (context: SetupContext) => ({
    templateId: spec.templateId,
    displayName: typeof spec.displayName === "function" ? spec.displayName(context) : spec.displayName,
  });
  return defineStep<z.infer<typeof galleryAppInput>>({
    id: "gallery-app",
    side: "Entra",
    title: spec.title,
    guide: spec.guide,
    how: "automated",
    verifiedBy: "The application and its service principal are readable (after Entra's replication delay).",
    requires: ["connect"],
    input: galleryAppInput,
    async run(context, input) {
      const wanted = wantedOf(context);
      const result = await ensureGalleryApp(await context.entra(), wanted, {
        ignoreAppIds: await appsOfOtherFederations(context.database, context.federationId),
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
      });
      const { applicationObjectId, appId, servicePrincipalId, displayName } = result;
      return {
        facts: { app: { applicationObjectId, appId, servicePrincipalId, displayName } },
        evidence: { outcome: result.outcome, appId, servicePrincipalId },
      };
    },
    async verify(context) {
      const app = recordedAppOf(context, spec.mode);
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
    async preview(context): Promise<StepPreview> {
      const wanted = wantedOf(context);
      const preview = await previewGalleryApp(await context.entra(), wanted, {
        recorded: context.facts.app,
        ignoreAppIds: await appsOfOtherFederations(context.database, context.federationId),
      });
      const others = preview.duplicates.map((d) => `appId ${d.appId}`).join(", ");
      const changes =
        preview.action === "choose"
          ? [`Blocked: several apps named "${wanted.displayName}" come from the template (${others}). Name the appId to keep.`]
          : preview.action === "adopt"
            ? [
                preview.existing
                  ? `No change in Entra: the app "${preview.existing.displayName}" (${preview.existing.appId}) is adopted.`
                  : `No change in Entra: the app this federation recorded (${context.facts.app?.appId}) is adopted once Entra has replicated it.`,
                ...(others ? [`Other apps with the same name, left alone: ${others}.`] : []),
              ]
            : preview.action === "create"
              ? [`Create the enterprise app "${wanted.displayName}" from the ${spec.templateName} gallery template.`]
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
    screens: spec.screens,
  });
}
