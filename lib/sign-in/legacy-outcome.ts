import type { AwsSignInEvent } from "../aws/lookup-sign-in-events";
import { stepRef } from "../setup/step-ref";
import type { StepId } from "../setup/steps";
import type { AttemptWords, SignInTranslation } from "./outcome";

/**
 * The legacy per-account sign-in in words: Entra's IdP-initiated SAML response goes to https://signin.aws.amazon.com/saml,
 * which calls STS AssumeRoleWithSAML for the role the user picks. STS's refusals are documented with their codes and
 * messages (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html); each names the legacy step that fixes it.
 * Step numbers are looked up when a message is made (this module loads with the step modules).
 */
const ref = (id: StepId) => stepRef(id, "legacy-iam");

const roleOf = (arn: string | null | undefined) => (arn ? ` (${arn.slice(arn.lastIndexOf("/") + 1)} in account ${arn.split(":")[4] ?? "?"})` : "");

export function translateAssumeRoleFailure(event: Pick<AwsSignInEvent, "errorMessage" | "errorCode" | "userName" | "roleArn">): SignInTranslation {
  const text = `${event.errorCode ?? ""} ${event.errorMessage ?? ""}`;
  const role = roleOf(event.roleArn);
  if (/signature/i.test(text))
    return {
      outcome: "certificate",
      cause: `AWS rejected the SAML response's signature${role}: the IAM SAML provider holds another certificate than the app's active signing certificate in Entra (typically after a certificate rollover).`,
      remedy: `An admin checks the certificate in Setup ${ref("legacy-certificate")}, then re-runs ${ref("iam-saml-provider")}, which uploads Entra's current federation metadata to the provider in each account.`,
      remedyBy: "admin",
    };
  if (/issuer not present|saml provider .* does not exist/i.test(text))
    return {
      outcome: "saml-config",
      cause: `AWS has no IAM SAML provider for this response${role}: the provider the role value names does not exist in that account, or its metadata is another tenant's or app's.`,
      remedy: `An admin re-runs Setup ${ref("iam-saml-provider")}, then ${ref("role-import")} so the role values name the providers that exist.`,
      remedyBy: "admin",
    };
  if (/MaxSessionDuration|SessionDuration/i.test(text))
    return {
      outcome: "session-duration",
      cause: `AWS refused the session length${role}: the SessionDuration claim asks for longer than the role's maximum session duration.`,
      remedy: `An admin lowers SessionDuration in Setup ${ref("legacy-saml")}, or raises the role's maximum session duration (IAM → Roles → the role → Edit, up to 12 hours).`,
      remedyBy: "admin",
    };
  if (/not authorized to perform sts:AssumeRoleWithSAML|AccessDenied/i.test(text))
    return {
      outcome: "role-trust",
      cause: `AWS refused to let the user into the role${role}: the role does not trust the SAML provider (its trust policy must allow sts:AssumeRoleWithSAML for the provider, with SAML:aud https://signin.aws.amazon.com/saml), or the role value pairs it with another provider.`,
      remedy: `An admin re-runs Setup ${ref("iam-roles")} (writes the trust policy), then ${ref("role-import")} and ${ref("role-assignments")}.`,
      remedyBy: "admin",
    };
  if (/RoleSessionName/i.test(text))
    return {
      outcome: "saml-config",
      cause: `AWS refused the SAML response${role}: the RoleSessionName claim is missing or not 2–64 letters, digits or +=,.@-.`,
      remedy: `An admin re-runs Setup ${ref("legacy-saml")}, which sets RoleSessionName to user.userprincipalname.`,
      remedyBy: "admin",
    };
  if (/audience|recipient/i.test(text))
    return {
      outcome: "saml-config",
      cause: `AWS refused the SAML response${role}: its audience or recipient is not https://signin.aws.amazon.com/saml.`,
      remedy: `An admin re-runs Setup ${ref("legacy-saml")} (identifier and reply URL).`,
      remedyBy: "admin",
    };
  if (/expired|redeemed|not yet valid/i.test(text))
    return {
      outcome: "clock",
      cause: "AWS refused the SAML response as stale: it was used more than 5 minutes after Entra issued it, or a clock is off.",
      remedy: "The user starts again from My Apps (not a bookmark or the back button); if it persists, an admin checks the clocks.",
      remedyBy: "user",
    };
  return {
    outcome: "aws-other",
    cause: `AWS refused the sign-in${role}: ${event.errorCode ?? "error"}${event.errorMessage ? ` — ${event.errorMessage}` : ""}.`,
    remedy: "An admin opens the AssumeRoleWithSAML event in CloudTrail (Event history) of that account for the details.",
    remedyBy: "admin",
  };
}

/** Entra signed the user in, but the response has no well-formed AWS role: AWS answers "invalid SAML response" and logs nothing. */
export function noAwsRole(userPrincipalName: string, heldValues: readonly string[]): SignInTranslation {
  return {
    outcome: "no-aws-role",
    cause: heldValues.length
      ? `${userPrincipalName} is assigned to the app, but none of their role values is an AWS role and provider pair (roleArn,providerArn): ${heldValues.join("; ")}. AWS shows "Your request included an invalid SAML response".`
      : `${userPrincipalName} is assigned to the app without an AWS role (default access), so Entra's SAML response carries no Role claim and AWS shows "Your request included an invalid SAML response".`,
    remedy: `An admin assigns them (or a group they are a direct member of) with an imported role in Setup ${ref("role-assignments")}.`,
    remedyBy: "admin",
  };
}

/** The legacy checklist's words: success is AWS's AssumeRoleWithSAML; an unassigned user is fixed by role assignment. */
export const LEGACY_WORDS: AttemptWords = {
  success: {
    outcome: "success",
    cause: "Signed in: Entra issued the SAML response and AWS let the user into the role they picked (AssumeRoleWithSAML).",
    remedy: "No action needed.",
    remedyBy: "helpdesk",
  },
  awsFailure: translateAssumeRoleFailure,
  entra(errorCode) {
    if (errorCode !== 50105) return undefined;
    return {
      outcome: "not-assigned",
      cause: "Entra refused the sign-in: the user is not assigned to the AWS app, directly or through a group they are a direct member of (AADSTS50105). Nested groups do not count.",
      remedy: `An admin assigns the user (or a group they are a direct member of) with an imported role in Setup ${ref("role-assignments")}.`,
      remedyBy: "admin",
    };
  },
};

/** A role value Entra can put in the Role claim for AWS: "roleArn,providerArn" in either order. */
export function isRolePair(value: string): boolean {
  const parts = value.split(",").map((p) => p.trim());
  return (
    parts.length === 2 &&
    parts.some((p) => /^arn:aws:iam::\d{12}:role\/.+/.test(p)) &&
    parts.some((p) => /^arn:aws:iam::\d{12}:saml-provider\/.+/.test(p))
  );
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const PROVIDER_ARN = /^arn:aws[\w-]*:iam::(\d{12}):saml-provider\/([\w._-]{1,128})$/;

/** A role value read: the role and provider it names, or why AWS cannot use it (in words for the helpdesk). */
export type RoleValue =
  | { ok: true; value: string; roleArn: string; roleName: string; providerArn: string; accountId: string }
  | { ok: false; value: string; problem: string };

/**
 * Reads an app role value as AWS reads the Role attribute: "roleArn,providerArn" (either order), both ARNs well formed
 * and in the same account (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
 */
export function parseRoleValue(value: string): RoleValue {
  const parts = value.split(",").map((p) => p.trim());
  if (parts.length !== 2) return { ok: false, value, problem: `it has ${parts.length === 1 ? "no comma" : `${parts.length} parts`}; AWS expects exactly "roleArn,providerArn"` };
  const role = parts.map((p) => ROLE_ARN.exec(p)).find(Boolean);
  const provider = parts.map((p) => PROVIDER_ARN.exec(p)).find(Boolean);
  if (!role && !provider) return { ok: false, value, problem: "neither part is a valid IAM role ARN or SAML provider ARN" };
  if (!role) return { ok: false, value, problem: "no part is a valid IAM role ARN (arn:aws:iam::<account>:role/<name>)" };
  if (!provider) return { ok: false, value, problem: "no part is a valid SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)" };
  if (role[1] !== provider[1]) return { ok: false, value, problem: `the role is in account ${role[1]} but the provider in account ${provider[1]}; both must be in the same account` };
  return { ok: true, value, roleArn: role[0], roleName: role[2] ?? "", providerArn: provider[0], accountId: role[1] ?? "" };
}
