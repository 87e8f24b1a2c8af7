import type { AwsSignInEvent } from "../aws/lookup-sign-in-events";
import type { SignInEntry } from "../entra/list-sign-ins";
import type { RemedyBy } from "../helpdesk/types";
import { stepRef } from "../setup/step-ref";
import type { StepId } from "../setup/steps";

/** What an attempt to sign in to AWS through Entra came to, as one word the page and the tests branch on. */
export type SignInOutcome =
  | "success"
  | "not-assigned"
  | "user-disabled"
  | "mfa-or-conditional-access"
  | "credentials"
  | "entra-app-config"
  | "name-id-mismatch"
  | "certificate"
  | "clock"
  | "saml-config"
  | "interrupted"
  | "waiting-for-aws"
  | "entra-other"
  | "aws-other"
  | "no-aws-role"
  | "role-trust"
  | "session-duration";

export interface SignInTranslation {
  outcome: SignInOutcome;
  /** Plain language: what happened. */
  cause: string;
  remedy: string;
  remedyBy: RemedyBy;
}

type Entry = Omit<SignInTranslation, "outcome"> & { outcome: SignInOutcome };

const NOT_ASSIGNED: Entry = {
  outcome: "not-assigned",
  cause: "Entra refused the sign-in: the user is not assigned to the AWS app, directly or through a group they are a direct member of (AADSTS50105). Nested groups do not count.",
  remedy: "An Entra admin assigns the user (or a group they are a direct member of) to the AWS app — Setup {step:scope-assignments} — then provisions them.",
  remedyBy: "admin",
};
const DISABLED: Entry = {
  outcome: "user-disabled",
  cause: "Entra refused the sign-in: the account is disabled (AADSTS50057).",
  remedy: "An Entra user administrator enables the account (Users → the user → Edit properties → Account enabled) if the person should have access.",
  remedyBy: "admin",
};
const MFA: Entry = {
  outcome: "mfa-or-conditional-access",
  cause: "Entra stopped the sign-in for multi-factor authentication: it is required and was not completed, failed, or the user has not registered a method yet.",
  remedy: "The user completes (or registers) multi-factor authentication and tries again; if they cannot, an Entra admin checks their authentication methods.",
  remedyBy: "user",
};
const CONDITIONAL_ACCESS: Entry = {
  outcome: "mfa-or-conditional-access",
  cause: "Entra blocked the sign-in by a Conditional Access policy or the security defaults (the device, location or risk did not meet a policy).",
  remedy: "An Entra Conditional Access administrator opens the sign-in log entry (Conditional Access tab) to see which policy blocked it, then adjusts the policy or the user's device or location.",
  remedyBy: "admin",
};
const CREDENTIALS: Entry = {
  outcome: "credentials",
  cause: "Entra refused the user's password or account state (wrong password, expired password, or the account is locked).",
  remedy: "The user resets their password (self-service) or the helpdesk unlocks the account, then they try again.",
  remedyBy: "helpdesk",
};
const APP_CONFIG: Entry = {
  outcome: "entra-app-config",
  cause: "Entra refused the request from AWS: the app's identifier, reply URL or signing certificate in Entra does not match what AWS sends.",
  remedy: "An admin re-runs Setup {step:basic-saml} and {step:federation-metadata}, which write and check the identifier, reply URL and certificate.",
  remedyBy: "admin",
};
const INTERRUPTED: Entry = {
  outcome: "interrupted",
  cause: "Entra interrupted the sign-in to ask the user something (not signed in yet, or \"stay signed in?\"). Usually harmless: the next row shows how it ended.",
  remedy: "Nothing to fix; if no later attempt follows, the user closed the page: they try again.",
  remedyBy: "user",
};

/**
 * AADSTS codes a SAML sign-in to the AWS app ends with (https://learn.microsoft.com/entra/identity-platform/reference-error-codes,
 * https://learn.microsoft.com/entra/identity/enterprise-apps/debug-saml-sso-issues), in words a helpdesk agent can repeat.
 */
const ENTRA_CODES: Record<number, Entry> = {
  50105: NOT_ASSIGNED,
  50057: DISABLED,
  50074: MFA,
  50076: MFA,
  50079: MFA,
  53003: CONDITIONAL_ACCESS,
  530035: CONDITIONAL_ACCESS,
  50126: CREDENTIALS,
  50055: CREDENTIALS,
  50053: CREDENTIALS,
  50034: {
    outcome: "credentials",
    cause: "Entra does not know the account the user typed (AADSTS50034): a typo, or an account from another tenant.",
    remedy: "The user signs in with their work account (their UPN), not a personal or other-tenant address.",
    remedyBy: "user",
  },
  50011: APP_CONFIG,
  700016: APP_CONFIG,
  50003: {
    outcome: "certificate",
    cause: "Entra has no active signing certificate for the AWS app, so it cannot sign the SAML response (AADSTS50003).",
    remedy: "An admin re-runs Setup {step:federation-metadata} (creates and activates the certificate), uploads the new metadata to AWS in {step:idp-metadata-upload}, and tests again.",
    remedyBy: "admin",
  },
  501241: {
    outcome: "name-id-mismatch",
    cause: "The attribute Entra puts in the NameID is empty for this user (AADSTS501241), so AWS cannot be told who they are.",
    remedy: "An Entra admin fills the attribute (the UPN by default) or sets the app's Unique User Identifier claim back to user.userprincipalname.",
    remedyBy: "admin",
  },
  50058: INTERRUPTED,
  50140: INTERRUPTED,
};

/**
 * Remedies name setup steps as "{step:id}", resolved when translated: this module loads with the step modules
 * (the Test sign-in step reads it), before the checklist that numbers them exists.
 */
const resolve = <T extends { remedy: string }>(entry: T): T => ({ ...entry, remedy: entry.remedy.replace(/\{step:([a-z-]+)\}/g, (_, id: StepId) => stepRef(id)) });

const SUCCESS: Entry = {
  outcome: "success",
  cause: "Signed in: Entra issued the SAML response and AWS accepted it (UserAuthentication).",
  remedy: "No action needed.",
  remedyBy: "helpdesk",
};

export function translateEntraSignIn(errorCode: number): SignInTranslation & { known: boolean } {
  if (errorCode === 0) return { ...SUCCESS, cause: "Entra signed the user in and sent the SAML response to AWS.", known: true };
  const hit = ENTRA_CODES[errorCode];
  if (hit) return { ...resolve(hit), known: true };
  return {
    outcome: "entra-other",
    cause: `Entra refused the sign-in with AADSTS${errorCode}, an error the portal does not translate yet.`,
    remedy: "An Entra admin opens the sign-in log entry (Entra admin center → Sign-in logs) for the details.",
    remedyBy: "admin",
    known: false,
  };
}

/**
 * An AWS failure event in words. AWS documents the error pages ("An unexpected error has occurred" for a NameID
 * or ACS mismatch, "It's not you, it is us" for clock, certificate or NameID-format problems:
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html), not the event's message texts, so
 * the words are matched loosely and anything else is the NameID case (the most common one in the field).
 */
export function translateAwsFailure(event: Pick<AwsSignInEvent, "errorMessage" | "errorCode" | "userName">, expectedUserName?: string): SignInTranslation {
  const text = `${event.errorCode ?? ""} ${event.errorMessage ?? ""}`;
  if (/signature|certificate|cert\b|x509/i.test(text))
    return {
      outcome: "certificate",
      cause: "AWS rejected the SAML response's signature: the certificate Entra signs with is not the one uploaded to IAM Identity Center (typically after a certificate rollover).",
      remedy: `An admin downloads Entra's federation metadata and uploads it to IAM Identity Center — Setup ${stepRef("idp-metadata-upload")} — then tests sign-in again.`,
      remedyBy: "admin",
    };
  if (/\bdisabled\b/i.test(text))
    return {
      outcome: "user-disabled",
      cause: "Entra signed the user in, but their AWS user is disabled in IAM Identity Center.",
      remedy: "An AWS admin enables the user in IAM Identity Center (Users → the user → Enable user access) if the person should have access.",
      remedyBy: "admin",
    };
  if (/issuer|audience|recipient|consumer service/i.test(text))
    return {
      outcome: "saml-config",
      cause: "AWS rejected the SAML response: its issuer, audience or recipient does not match the identity provider metadata and service provider settings IAM Identity Center has.",
      remedy: `An admin re-runs Setup ${stepRef("basic-saml")} (identifier and reply URL) and uploads Entra's current metadata to AWS in ${stepRef("idp-metadata-upload")}.`,
      remedyBy: "admin",
    };
  if (/expired|not ?yet ?valid|NotOnOrAfter|NotBefore|clock|skew|already been used|request id/i.test(text))
    return {
      outcome: "clock",
      cause: "AWS rejected the SAML response as stale: outside its validity window, already used, or answering a request AWS no longer has (a bookmarked Entra page, a back button, or a clock difference).",
      remedy: "The user starts again from the access portal URL (not a bookmark of the Entra page); if it persists, an admin checks the clocks.",
      remedyBy: "user",
    };
  const sent = event.userName;
  const mismatch = sent && expectedUserName && sent.toLowerCase() !== expectedUserName.toLowerCase();
  return {
    outcome: "name-id-mismatch",
    cause: mismatch
      ? `Entra signed the user in, but AWS has no user named ${sent}: the SAML NameID must equal the AWS user name exactly, and the user is ${expectedUserName} in AWS.`
      : "Entra signed the user in, but AWS refused the SAML response: the NameID Entra sent does not equal the user name of an AWS user (or the user is not in AWS yet).",
    remedy: `An Entra admin sets the app's Unique User Identifier (NameID) claim to user.userprincipalname, the attribute provisioning maps to userName; check the user reached AWS in Setup ${stepRef("prove-user")}.`,
    remedyBy: "admin",
  };
}

export type AttemptStatus = "pass" | "warn" | "fail";

/** How one checklist reads the evidence: AWS's success in words, its failures, and Entra codes it words its own way. */
export interface AttemptWords {
  success: SignInTranslation;
  awsFailure(event: Pick<AwsSignInEvent, "errorMessage" | "errorCode" | "userName" | "roleArn">, expectedUserName?: string): SignInTranslation;
  /** An Entra code this checklist explains differently (its own setup step as the fix); undefined: the common words. */
  entra?(errorCode: number): SignInTranslation | undefined;
}

/** IAM Identity Center: UserAuthentication is success, ExternalIdPDirectoryLogin the failure. */
export const IDENTITY_CENTER_WORDS: AttemptWords = { success: SUCCESS, awsFailure: translateAwsFailure };

/** One sign-in attempt as both sides recorded it, joined by time, with its translation. */
export interface SignInAttempt extends SignInTranslation {
  at: string;
  status: AttemptStatus;
  entra: { at: string; errorCode: number; userPrincipalName: string | null; conditionalAccessStatus: string | null; correlationId: string | null } | null;
  aws: { at: string; eventName: string; outcome: "success" | "failure"; userName: string | null } | null;
}

/** Entra writes its row when it answers; AWS writes its event when the response arrives (seconds later, or up to a minute in a slow browser). */
export const JOIN_WINDOW_MS = { before: 60_000, after: 10 * 60_000 };
/** CloudTrail delivers events in about 5 minutes on average (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html). */
export const AWS_DELIVERY_MS = 15 * 60_000;

const ms = (iso: string) => new Date(iso).getTime();
const statusOf = (outcome: SignInOutcome): AttemptStatus => (outcome === "success" ? "pass" : outcome === "interrupted" || outcome === "waiting-for-aws" ? "warn" : "fail");

/**
 * Joins the user's Entra sign-ins to the app with the AWS sign-in events, newest first. Entra and AWS share no id
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/understanding-sign-in-events.html), so an Entra success is
 * paired with the first AWS event in the window after it: this user's own events, or a failure with another user
 * name (AWS then received a NameID that is not this user's AWS user name). AWS events with no Entra row (Entra's log
 * lags by minutes) stand alone.
 */
export function joinSignIns(
  entra: readonly SignInEntry[],
  aws: readonly AwsSignInEvent[],
  user: { userName: string; awsUserId?: string | null },
  now: Date = new Date(),
  words: AttemptWords = IDENTITY_CENTER_WORDS,
): SignInAttempt[] {
  const name = user.userName.toLowerCase();
  const mine = (e: AwsSignInEvent) => (user.awsUserId && e.userId === user.awsUserId) || (e.userName !== null && e.userName.toLowerCase() === name);
  const used = new Set<AwsSignInEvent>();
  const attempts: SignInAttempt[] = [];
  for (const row of [...entra].sort((a, b) => ms(a.createdDateTime) - ms(b.createdDateTime))) {
    const entraView = { at: row.createdDateTime, errorCode: row.errorCode, userPrincipalName: row.userPrincipalName, conditionalAccessStatus: row.conditionalAccessStatus, correlationId: row.correlationId };
    if (row.errorCode !== 0) {
      const t = words.entra?.(row.errorCode) ?? translateEntraSignIn(row.errorCode);
      attempts.push({ at: row.createdDateTime, status: statusOf(t.outcome), outcome: t.outcome, cause: t.cause, remedy: t.remedy, remedyBy: t.remedyBy, entra: entraView, aws: null });
      continue;
    }
    const t0 = ms(row.createdDateTime);
    const candidates = aws
      .filter((e) => !used.has(e) && ms(e.eventTime) >= t0 - JOIN_WINDOW_MS.before && ms(e.eventTime) <= t0 + JOIN_WINDOW_MS.after)
      .filter((e) => mine(e) || e.outcome === "failure")
      .sort((a, b) => Math.abs(ms(a.eventTime) - t0) - Math.abs(ms(b.eventTime) - t0));
    const match = candidates.find(mine) ?? candidates[0];
    if (match) used.add(match);
    const awsView = match ? { at: match.eventTime, eventName: match.eventName, outcome: match.outcome, userName: match.userName } : null;
    if (match?.outcome === "success") attempts.push({ at: row.createdDateTime, status: "pass", ...words.success, entra: entraView, aws: awsView });
    else if (match) {
      const t = words.awsFailure(match, user.userName);
      attempts.push({ at: row.createdDateTime, status: "fail", ...t, entra: entraView, aws: awsView });
    } else if (now.getTime() - t0 < AWS_DELIVERY_MS)
      attempts.push({
        at: row.createdDateTime,
        status: "warn",
        outcome: "waiting-for-aws",
        cause: "Entra signed the user in and sent the SAML response to AWS; AWS has not recorded the outcome yet (CloudTrail delivers events within minutes).",
        remedy: "Wait a few minutes: the line updates when AWS's event arrives.",
        remedyBy: "helpdesk",
        entra: entraView,
        aws: null,
      });
    else
      attempts.push({
        at: row.createdDateTime,
        status: "warn",
        outcome: "aws-other",
        cause: "Entra signed the user in, but AWS recorded neither a sign-in nor a failure for it: the browser may not have reached AWS, or CloudTrail is read in another Region than the instance's.",
        remedy: "The user tries again from the access portal URL; an admin checks the IAM Identity Center Region in Settings.",
        remedyBy: "admin",
        entra: entraView,
        aws: null,
      });
  }
  for (const e of aws) {
    if (used.has(e) || !mine(e)) continue;
    const awsView = { at: e.eventTime, eventName: e.eventName, outcome: e.outcome, userName: e.userName };
    const t = e.outcome === "success" ? words.success : words.awsFailure(e, user.userName);
    attempts.push({ at: e.eventTime, status: statusOf(t.outcome), ...t, entra: null, aws: awsView });
  }
  return attempts.sort((a, b) => ms(b.at) - ms(a.at));
}

/** One line of evidence for an attempt: when, what each side said. */
export function attemptEvidence(attempt: SignInAttempt): string {
  const entra = attempt.entra ? `Entra: ${attempt.entra.errorCode === 0 ? "signed in" : `AADSTS${attempt.entra.errorCode}`}` : "Entra: no row yet";
  const aws = attempt.aws ? `AWS: ${attempt.aws.eventName} ${attempt.aws.outcome}${attempt.aws.userName ? ` as ${attempt.aws.userName}` : ""}` : "AWS: no event yet";
  return `${attempt.at.replace("T", " ").slice(0, 19)} UTC — ${entra}; ${aws}.`;
}
