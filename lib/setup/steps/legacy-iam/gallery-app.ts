import "server-only";
import { galleryAppStep } from "../shared/gallery-app-step";
import { LEGACY_APP_NAME, LEGACY_TEMPLATE_ID } from "./shared";
import { stepTitle } from "../../step-catalog";

export const galleryApp = galleryAppStep({
  mode: "legacy-iam",
  templateId: LEGACY_TEMPLATE_ID,
  // The first app keeps the gallery's name; an app added for another account carries the account, as users see it in My Apps.
  displayName: (context) => (context.facts.legacyTarget ? `${LEGACY_APP_NAME} (${context.facts.legacyTarget.accountId})` : LEGACY_APP_NAME),
  templateName: "AWS Single-Account Access",
  title: stepTitle("legacy-iam", "gallery-app"),
  guide:
    'Entra ID → Enterprise applications → New application → search "AWS Single-Account Access" (formerly "Amazon Web Services (AWS)") → Create. One app per AWS account.',
  screens: ["legacy-gallery"],
});
