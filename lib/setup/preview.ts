import "server-only";
import { previewPermissionSet } from "../aws/ensure-permission-set";
import { previewBasicSaml } from "../entra/configure-basic-saml";
import { previewGalleryApp } from "../entra/gallery-app";
import { readServicePrincipal } from "../entra/service-principal";
import { permissionSetsInput } from "./aws-steps";
import { StepError, type SetupContext, type StepOutcome } from "./context";
import { DEFAULT_APP_NAME, IDENTITY_CENTER_TEMPLATE_ID } from "./entra-steps";
import type { StepId } from "./steps";

const show = (value: string | string[] | null) => (Array.isArray(value) ? (value.length ? value.join(", ") : "(none)") : (value ?? "(none)"));

/** What running a step would change, read from live state; nothing is changed. */
const PREVIEWS: Partial<Record<StepId, (context: SetupContext, input: unknown) => Promise<{ changes: string[] }>>> = {
  "gallery-app": async (context) => {
    const preview = await previewGalleryApp(await context.entra(), { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME });
    const changes =
      preview.action === "adopt"
        ? [`No change in Entra: the existing app "${preview.existing?.displayName}" (${preview.existing?.appId}) is adopted.`]
        : preview.action === "create"
          ? [`Create the enterprise app "${DEFAULT_APP_NAME}" from the AWS IAM Identity Center gallery template.`]
          : [
              `Blocked: ${preview.wrongTemplate.map((w) => `"${w.displayName}" comes from the ${w.templateDisplayName ?? "wrong"} template`).join("; ")}. Rename or delete it first.`,
            ];
    return { changes };
  },
  "saml-mode": async (context) => {
    const app = context.facts.app;
    if (!app) throw new StepError("Create the enterprise app first (step 2).");
    const sp = await readServicePrincipal(await context.entra(), app.servicePrincipalId);
    return {
      changes:
        sp.preferredSingleSignOnMode === "saml"
          ? ["No change: SAML is already the single sign-on method."]
          : [`Single sign-on method: ${show(sp.preferredSingleSignOnMode)} → saml`],
    };
  },
  "basic-saml": async (context) => {
    const { app, spMetadata } = context.facts;
    if (!app || !spMetadata) throw new StepError("Steps 2 and 4 come first.");
    const preview = await previewBasicSaml(await context.entra(), {
      applicationObjectId: app.applicationObjectId,
      servicePrincipalId: app.servicePrincipalId,
      identifierUri: spMetadata.entityId,
      replyUrls: spMetadata.acsUrls,
      signOnUrl: spMetadata.accessPortalUrl,
    });
    const changes = preview.changes.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`);
    return {
      changes: [
        ...(changes.length ? changes : ["Basic SAML configuration already matches the AWS metadata."]),
        "Signing certificate: adopt the active one, or add a new one and make it active.",
        `Notification email: ${context.actor.email}.`,
        ...preview.warnings,
      ],
    };
  },
  "permission-sets": async (context, input) => {
    const instance = context.facts.instance;
    if (!instance) throw new StepError("Enable IAM Identity Center first (step 1).");
    const parsed = permissionSetsInput.safeParse(input);
    if (!parsed.success) throw new StepError(parsed.error.issues.map((i) => i.message).join("; "));
    const changes: string[] = [];
    for (const set of parsed.data.sets) {
      const preview = await previewPermissionSet(context.aws(), instance.instanceArn, {
        name: set.name,
        managedPolicyArns: [set.managedPolicyArn],
        sessionDuration: "PT8H",
      });
      const what = preview.changes.map((c) =>
        c.kind === "attach-managed-policy" ? `attach ${c.policyArn}` : c.kind === "create-permission-set" ? "create" : `set ${c.field} to ${c.to}`,
      );
      changes.push(`${set.name}: ${what.length ? what.join(", ") : "already as wanted (adopted)"}; then provision it.`);
    }
    return { changes };
  },
};

const DESCRIBED: Partial<Record<StepId, string>> = {
  "federation-metadata": "Nothing changes: the signed metadata is fetched and checked.",
  "provisioning-credentials":
    'Create (or adopt) the provisioning job, run Test Connection, and save the tenant URL and token with scope "only assigned users and groups".',
  mappings: "Group provisioning is switched as chosen; the userPrincipalName → userName mapping is only read.",
  "scope-assignments": "Assign each named group or user to the app (existing assignments are kept, nothing is removed).",
  "start-provisioning": "Start the provisioning job (an already running job is left alone).",
  "prove-user": "Provision the chosen user now (create or update them in AWS).",
};

export async function previewSetupStep(context: SetupContext, step: StepId, input: unknown): Promise<StepOutcome & { changes: string[] }> {
  const preview = PREVIEWS[step];
  if (preview) {
    const { changes } = await preview(context, input);
    return { changes, evidence: {} };
  }
  return { changes: [DESCRIBED[step] ?? "This step changes nothing in either cloud: it only checks."], evidence: {} };
}
