import type { FederationFacts } from "../setup/facts";
import { DEFAULT_FEDERATION, federationQuery } from "../setup/federation-id";

/**
 * The expiry watch: the two credentials that stop federation silently when they run out. AWS SCIM access
 * tokens are valid one year and at most two exist (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html); the Entra SAML signing
 * certificate's end date is what Entra reports for the preferred certificate. Warnings start at 60 days
 * and escalate at 30 and 7.
 */
export type ExpiryKind = "scim-token" | "signing-certificate" | "role-manager-key";
export type ExpiryLevel = "ok" | "notice" | "warning" | "urgent" | "expired";

export interface ExpiryItem {
  kind: ExpiryKind;
  label: string;
  expiresAt: string;
  /** Whole days left, rounded down; negative once expired. */
  daysLeft: number;
  level: ExpiryLevel;
  /** What stops working when it runs out, in plain language. */
  consequence: string;
  /** Where the guided renewal lives. */
  renewHref: string;
  /** Which federation (app) the credential belongs to: several legacy apps each have their own. */
  federationId: string;
  /** The app's name in warnings when there are several ("AWS Single-Account Access #2, account 222222222222"). */
  appLabel?: string;
}

/** Which federation the facts are of, and how its checklist renews what runs out. */
export interface ExpiryScope {
  federationId: string;
  mode: string;
  appLabel?: string;
}

export const EXPIRY_THRESHOLDS = { notice: 60, warning: 30, urgent: 7 } as const;
const DAY_MS = 86_400_000;

export function expiryLevel(daysLeft: number): ExpiryLevel {
  if (daysLeft < 0) return "expired";
  if (daysLeft < EXPIRY_THRESHOLDS.urgent) return "urgent";
  if (daysLeft < EXPIRY_THRESHOLDS.warning) return "warning";
  if (daysLeft < EXPIRY_THRESHOLDS.notice) return "notice";
  return "ok";
}

export function daysLeft(expiresAt: string, now: Date): number {
  return Math.floor((new Date(expiresAt).getTime() - now.getTime()) / DAY_MS);
}

/**
 * Legacy mode: IAM access keys never expire, but AWS advises rotating long-lived keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#rotate-credentials): the role-manager key is
 * watched as if it ran out a year after it was created.
 */
const KEY_ROTATION_DAYS = 365;

function item(kind: ExpiryKind, expiresAt: string, now: Date, scope: ExpiryScope): ExpiryItem {
  const found = base(kind, expiresAt, now, federationQuery(scope.federationId));
  // A legacy app's certificate is renewed on its own checklist (the certificate step, then the providers in IAM).
  const renewHref =
    kind === "signing-certificate" && scope.mode === "legacy-iam" ? `/setup${federationQuery(scope.federationId)}#step-legacy-certificate` : found.renewHref;
  return { ...found, renewHref, federationId: scope.federationId, ...(scope.appLabel ? { appLabel: scope.appLabel } : {}) };
}

function base(kind: ExpiryKind, expiresAt: string, now: Date, query: string): Omit<ExpiryItem, "federationId" | "appLabel"> {
  const left = daysLeft(expiresAt, now);
  if (kind === "role-manager-key")
    return {
      kind,
      label: "role-manager IAM access key (due for rotation)",
      expiresAt,
      daysLeft: left,
      level: expiryLevel(left),
      consequence:
        "AWS keys do not expire, but this long-lived key should be replaced yearly. If it is deleted or deactivated in IAM, Entra's role import stops (the imported roles stay).",
      renewHref: `/setup${query}#rotate-role-manager-key`,
    };
  return kind === "scim-token"
    ? {
        kind,
        label: "AWS SCIM access token",
        expiresAt,
        daysLeft: left,
        level: expiryLevel(left),
        consequence: "When it expires, Entra can no longer create, update or disable users in AWS; provisioning stops without other warning.",
        renewHref: `/provisioning${query}#rotate-token`,
      }
    : {
        kind,
        label: "Entra SAML signing certificate",
        expiresAt,
        daysLeft: left,
        level: expiryLevel(left),
        consequence: "When it expires, AWS rejects every sign-in from Entra: nobody can reach the AWS access portal.",
        renewHref: `/provisioning${query}#rollover-certificate`,
      };
}

/** What the facts say about both credentials, soonest first; absent ones (setup not that far yet) are left out. */
export function expiryWatch(
  facts: FederationFacts,
  now: Date = new Date(),
  scope: ExpiryScope = { federationId: DEFAULT_FEDERATION, mode: "identity-center" },
): ExpiryItem[] {
  const items: ExpiryItem[] = [];
  if (facts.scim?.tokenExpiresAt) items.push(item("scim-token", facts.scim.tokenExpiresAt, now, scope));
  const certificateEnd = facts.signing?.notAfter ?? facts.idpMetadata?.notAfter;
  if (certificateEnd) items.push(item("signing-certificate", certificateEnd, now, scope));
  const keyCreated = facts.roleImport?.keyCreatedAt;
  if (keyCreated) items.push(item("role-manager-key", new Date(Date.parse(keyCreated) + KEY_ROTATION_DAYS * DAY_MS).toISOString(), now, scope));
  return items.sort((a, b) => a.daysLeft - b.daysLeft);
}

/** The items the header should warn about (inside 60 days or expired). */
export const expiryWarnings = (items: ExpiryItem[]) => items.filter((i) => i.level !== "ok");
