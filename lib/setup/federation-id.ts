import { z } from "zod";

/**
 * Which federation a page or an action is about. The first one is "default" (Identity Center or legacy); every
 * further one is a legacy per-account app for one more AWS account (Microsoft's advice: one app per account,
 * https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial), named after that account.
 * Only legacy federations can be several: the Identity Center one covers the whole organization.
 */
export const DEFAULT_FEDERATION = "default";

const ACCOUNT_ID = /^\d{12}$/;
/** Lower-case letters, digits and hyphens: "default", "legacy-111122223333"; whether it exists is the database's answer. */
const FEDERATION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The id of the federation added for one AWS account: one app per account, so one federation per account. */
export const legacyFederationId = (accountId: string) => {
  if (!ACCOUNT_ID.test(accountId)) throw new Error(`not an AWS account id: ${accountId}`);
  return `legacy-${accountId}`;
};

export const isFederationId = (value: string) => FEDERATION_ID.test(value);

/** A federation id from a form: absent means the first federation; anything not shaped like an id is refused. */
export const federationIdField = z
  .string()
  .trim()
  .max(100, "unknown federation")
  .optional()
  .transform((value) => value || DEFAULT_FEDERATION)
  .refine(isFederationId, "unknown federation");

/**
 * A page's `?federation=` search parameter: absent or empty is the first federation; a value that is not an id is
 * "unknown" (the page answers not-found), never a crash. Whether the federation exists is the caller's database read.
 */
export function federationFromSearchParam(value: string | string[] | undefined): { ok: true; id: string } | { ok: false } {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") return { ok: true, id: DEFAULT_FEDERATION };
  const id = raw.trim();
  return isFederationId(id) ? { ok: true, id } : { ok: false };
}

/** The query string that keeps a federation in links (nothing for the first one, so its URLs stay as they were). */
export const federationQuery = (federationId: string, prefix: "?" | "&" = "?") =>
  federationId === DEFAULT_FEDERATION ? "" : `${prefix}federation=${encodeURIComponent(federationId)}`;

/**
 * The app instance number for a new legacy app: the smallest one no other legacy app in the tenant uses. Entra needs
 * each instance's identifier to differ, so the second app's is https://signin.aws.amazon.com/saml#2 (tutorial,
 * "Basic SAML Configuration").
 */
export function nextLegacyInstance(used: readonly number[]): number {
  const taken = new Set(used);
  let instance = 1;
  while (taken.has(instance)) instance += 1;
  return instance;
}

/** What an admin gives to add an app for another AWS account. */
export const addLegacyFederationInput = z.object({
  accountId: z.string().trim().regex(ACCOUNT_ID, "an AWS account ID (12 digits)"),
  /** The role the portal assumes in the account; left empty, the role AWS Organizations creates in accounts it creates. */
  assumeRoleName: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || "OrganizationAccountAccessRole")
    .pipe(z.string().regex(/^[\w+=,.@-]{1,64}$/, "a role name (letters, digits and + = , . @ _ -)")),
});
