import "server-only";
import { galleryAppStep } from "../shared/gallery-app-step";
import { DEFAULT_APP_NAME, IDENTITY_CENTER_TEMPLATE_ID } from "./shared";
import { stepTitle } from "../../step-catalog";

export const galleryApp = galleryAppStep({
  mode: "identity-center",
  templateId: IDENTITY_CENTER_TEMPLATE_ID,
  displayName: DEFAULT_APP_NAME,
  templateName: "AWS IAM Identity Center",
  title: stepTitle("identity-center", "gallery-app"),
  guide: 'Entra ID → Enterprise applications → New application → search "AWS" → AWS IAM Identity Center (successor to AWS Single Sign-On) → Create.',
  screens: ["entra-gallery-identity-center"],
});
