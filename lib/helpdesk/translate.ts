import { stepRef } from "../setup/step-ref";
import type { RemedyBy } from "./types";

export interface Translation {
  /** Plain language: what went wrong. */
  cause: string;
  remedy: string;
  remedyBy: RemedyBy;
}

/**
 * Provisioning log error codes (errorInformation of https://learn.microsoft.com/graph/api/resources/provisioningobjectsummary; the AWS side in https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html) in words a helpdesk agent can repeat. The vendor's reason
 * text is shown only as evidence next to it; what to do comes from here.
 */
const CODES: Record<string, Translation> = {
  SystemForCrossDomainIdentityManagementBadRequest: {
    cause:
      "AWS IAM Identity Center rejected the user as invalid. Usually a required attribute is empty (first name, last name or display name) or an attribute has several values (several e-mail addresses).",
    remedy: "An Entra admin fills in the missing attribute (or leaves a single e-mail address), then provisions the user on demand.",
    remedyBy: "admin",
  },
  SystemForCrossDomainIdentityManagementConflict: {
    cause: "A user with the same user name already exists in AWS and is not the one Entra created (made by hand in the AWS console, or by another identity provider).",
    remedy: "An AWS admin checks the existing AWS user, deletes it (or renames its user name), then provisions this user on demand.",
    remedyBy: "admin",
  },
  SystemForCrossDomainIdentityManagementServiceIncompatible: {
    cause: "The AWS SCIM endpoint gave an answer Entra did not understand or could not reach it for this user.",
    remedy: "Usually temporary: provision the user on demand again. If it keeps failing, an admin checks the provisioning status page.",
    remedyBy: "admin",
  },
  SystemForCrossDomainIdentityManagementInvalidCredentials: {
    cause: "AWS refused the SCIM access token Entra uses: it was deleted, has expired, or the tenant URL is wrong.",
    remedy: `An admin generates a new SCIM access token in IAM Identity Center and enters it in Setup ${stepRef("scim-endpoint")}, then restarts provisioning.`,
    remedyBy: "admin",
  },
  SystemForCrossDomainIdentityManagementUnauthorized: {
    cause: "AWS refused the SCIM access token Entra uses: it was deleted, has expired, or the tenant URL is wrong.",
    remedy: `An admin generates a new SCIM access token in IAM Identity Center and enters it in Setup ${stepRef("scim-endpoint")}, then restarts provisioning.`,
    remedyBy: "admin",
  },
  NotEffectivelyEntitled: {
    cause: "Entra decided the user is not entitled to be provisioned: the account is disabled, or the user is not assigned to the app (directly or through a group they are a direct member of).",
    remedy: "An Entra admin enables the account or assigns the user (or one of their groups) to the AWS app, then provisions on demand.",
    remedyBy: "admin",
  },
  RedundantExport: {
    cause: "Nothing to change: AWS already had this user exactly as Entra would send it.",
    remedy: "No action needed.",
    remedyBy: "helpdesk",
  },
  DuplicateTargetEntries: {
    cause: "More than one AWS user matches this Entra user, so Entra cannot tell which one to update.",
    remedy: "An AWS admin removes the duplicate AWS users so only one has this user name, then provisions on demand.",
    remedyBy: "admin",
  },
  DuplicateSourceEntries: {
    cause: "More than one Entra user produces the same AWS user name.",
    remedy: "An Entra admin makes the user principal names unique, then provisions on demand.",
    remedyBy: "admin",
  },
};

const FALLBACK: Translation = {
  cause: "Provisioning to AWS failed for this user with an error the portal does not know yet.",
  remedy: "An admin opens the provisioning log entry (Provisioning page) for the details and provisions the user on demand after fixing it.",
  remedyBy: "admin",
};

export function translateProvisioningError(code: string | null | undefined): Translation & { known: boolean } {
  const hit = code ? CODES[code] : undefined;
  return hit ? { ...hit, known: true } : { ...FALLBACK, known: false };
}
