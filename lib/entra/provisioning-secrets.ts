import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";

export interface ProvisioningSecretsInput {
  servicePrincipalId: string;
  /** The AWS SCIM endpoint (Entra's "Tenant URL"). */
  baseAddress: string;
  /** The AWS access token (Entra's "Secret Token"): sent once, never returned or logged. */
  secretToken: string;
  /** false = only assigned users and groups are in scope (step 11). */
  syncAll: boolean;
  /** Quarantine notification e-mail (SyncNotificationSettings; recipient field names are not confirmed on a live tenant). */
  notificationEmail?: string;
  /** Entra's accidental-deletion prevention: on by default, with the admin's threshold. */
  deletionThreshold: DeletionThreshold;
}

/**
 * Entra's accidental-deletion prevention (https://learn.microsoft.com/entra/identity/app-provisioning/accidental-deletions):
 * a cycle that would delete or disable more than `value` users and groups in AWS is held, and the job quarantined
 * (reason TooManyDeletes), until an admin allows the deletions.
 */
export interface DeletionThreshold {
  enabled: boolean;
  value: number;
}

/**
 * Entra's own default threshold: the job setting QuarantineTooManyDeletesThreshold is 500
 * (https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-configuration-api).
 */
export const ENTRA_DEFAULT_DELETE_THRESHOLD = 500;
export const DEFAULT_DELETION_THRESHOLD: DeletionThreshold = { enabled: true, value: ENTRA_DEFAULT_DELETE_THRESHOLD };

/**
 * The SyncNotificationSettings secret's JSON. Microsoft's docs show only Enabled and DeleteThresholdEnabled; the
 * recipients and threshold-value field names (Recipients, DeleteThresholdValue) are not confirmed on a live tenant, so
 * the portal also keeps the admin's threshold itself (federation facts) and never depends on reading it back.
 */
export function syncNotificationSettings(notificationEmail: string | undefined, threshold: DeletionThreshold): string {
  return JSON.stringify({
    ...(notificationEmail ? { Enabled: true, Recipients: notificationEmail } : { Enabled: false }),
    DeleteThresholdEnabled: threshold.enabled,
    ...(threshold.enabled ? { DeleteThresholdValue: threshold.value } : {}),
  });
}

/** The threshold in a SyncNotificationSettings value; null when Graph masks it ("*"), leaves it out, or it is not JSON. */
export function parseDeletionThreshold(raw: string | undefined): DeletionThreshold | null {
  if (!raw || raw === "*") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const enabled = record.DeleteThresholdEnabled === true || record.DeleteThresholdEnabled === "true";
  const value = Number(record.DeleteThresholdValue);
  return { enabled, value: Number.isInteger(value) && value > 0 ? value : ENTRA_DEFAULT_DELETE_THRESHOLD };
}

/** What Graph reports back: secret values are masked ("*"), so only keys and non-secret values are shown. */
export interface SavedSecrets {
  baseAddress: string | null;
  secretTokenSet: boolean;
  syncAll: boolean | null;
  /** The accidental-deletion threshold as Entra reports it; null when it cannot be read (masked or absent). */
  deletionThreshold: DeletionThreshold | null;
  keys: string[];
}

export type SaveProvisioningSecretsResult = { saved: SavedSecrets };

async function readSecrets(gateway: GraphGateway, servicePrincipalId: string): Promise<SavedSecrets> {
  const page = await callGraph<{ value?: { key: string; value: string }[] }>(gateway, "GetSynchronizationSecrets", () =>
    gateway.api(`/servicePrincipals/${servicePrincipalId}/synchronization/secrets`).get(),
  );
  const pairs = page.value ?? [];
  const get = (key: string) => pairs.find((p) => p.key === key)?.value;
  const syncAll = get("SyncAll");
  return {
    baseAddress: get("BaseAddress") ?? null,
    secretTokenSet: Boolean(get("SecretToken")),
    syncAll: syncAll === undefined ? null : syncAll.toLowerCase() === "true",
    deletionThreshold: parseDeletionThreshold(get("SyncNotificationSettings")),
    keys: pairs.map((p) => p.key),
  };
}

/** The saved tenant URL and scope, with the token masked (for status pages and drift checks). */
export async function readProvisioningSecrets(gateway: GraphGateway, servicePrincipalId: string): Promise<{ saved: SavedSecrets }> {
  return { saved: await readSecrets(gateway, servicePrincipalId) };
}

/**
 * Step 9/11: PUTs the full secret set (https://learn.microsoft.com/graph/api/synchronization-serviceprincipal-put-synchronization: whether PUT merges is unconfirmed, so never send a
 * partial list), then reads back the masked view to confirm the tenant URL and scope took.
 */
export async function saveProvisioningSecrets(gateway: GraphGateway, input: ProvisioningSecretsInput): Promise<SaveProvisioningSecretsResult> {
  const refuse = (message: string) => new EntraGatewayError({ kind: "validation", operation: "PutSynchronizationSecrets", message });
  const baseAddress = input.baseAddress.trim();
  const token = input.secretToken.trim();
  let url: URL | undefined;
  try {
    url = new URL(baseAddress);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && !(url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost"))))
    throw refuse("The tenant URL must be the https SCIM endpoint shown in the AWS console (Settings → Automatic provisioning).");
  if (!token) throw refuse("The secret token is empty. Copy the access token from the AWS console.");
  const value = [
    { key: "BaseAddress", value: baseAddress },
    { key: "SecretToken", value: token },
    { key: "SyncAll", value: input.syncAll ? "true" : "false" },
    { key: "SyncNotificationSettings", value: syncNotificationSettings(input.notificationEmail, input.deletionThreshold) },
  ];
  await callGraph(gateway, "PutSynchronizationSecrets", () =>
    gateway.api(`/servicePrincipals/${input.servicePrincipalId}/synchronization/secrets`).put({ value }),
  );
  const saved = await readSecrets(gateway, input.servicePrincipalId);
  // Only the token is documented as masked; a masked tenant URL is tolerated rather than reported as a mismatch.
  const urlDiffers = saved.baseAddress !== null && saved.baseAddress !== "*" && saved.baseAddress !== baseAddress;
  // The threshold is compared only when Entra shows it (its field names are unconfirmed; a masked value is tolerated).
  const thresholdDiffers =
    saved.deletionThreshold !== null &&
    (saved.deletionThreshold.enabled !== input.deletionThreshold.enabled || (input.deletionThreshold.enabled && saved.deletionThreshold.value !== input.deletionThreshold.value));
  if (urlDiffers || thresholdDiffers || saved.syncAll !== input.syncAll || !saved.secretTokenSet)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "PutSynchronizationSecrets",
      message: "Entra accepted the provisioning credentials but reads back different values. Check the app's Provisioning page in Entra.",
    });
  return { saved };
}

/**
 * The legacy app's role import: the IAM access key (ClientSecret = key id, SecretToken = secret key, as the
 * tutorial's Provisioning page names them) and who is told about failures. The full set is PUT, as above.
 */
export async function saveRoleImportSecrets(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; accessKeyId: string; secretAccessKey: string; notificationEmail: string },
): Promise<void> {
  const value = [
    { key: "ClientSecret", value: input.accessKeyId.trim() },
    { key: "SecretToken", value: input.secretAccessKey.trim() },
    { key: "SyncNotificationSettings", value: syncNotificationSettings(input.notificationEmail, DEFAULT_DELETION_THRESHOLD) },
  ];
  await putRoleImportCredentials(gateway, input.servicePrincipalId, value, "Entra accepted the role import credentials but does not show them saved.");
}

/** Writes the role import's whole secret set and reads it back: a key Entra does not show saved is an error, not a success. */
async function putRoleImportCredentials(gateway: GraphGateway, servicePrincipalId: string, value: { key: string; value: string }[], unsaved: string): Promise<void> {
  await callGraph(gateway, "PutSynchronizationSecrets", () => gateway.api(`/servicePrincipals/${servicePrincipalId}/synchronization/secrets`).put({ value }));
  const saved = await readSecrets(gateway, servicePrincipalId);
  if (!saved.secretTokenSet || !saved.keys.includes("ClientSecret"))
    throw new EntraGatewayError({ kind: "unknown", operation: "PutSynchronizationSecrets", message: `${unsaved} Check the app's Provisioning page in Entra.` });
}

/**
 * A rotation of the role import's access key: the new key id and secret replace ClientSecret and SecretToken, and
 * every other saved secret Entra shows (the notification settings, anything set in the Entra admin center) is kept.
 * Graph masks secret values ("*") and the PUT replaces the whole set, so a masked value cannot be sent back: a masked
 * SyncNotificationSettings is written again from the portal's own record of the e-mail.
 */
export async function replaceRoleImportKey(
  gateway: GraphGateway,
  input: { servicePrincipalId: string; accessKeyId: string; secretAccessKey: string; notificationEmail: string },
): Promise<{ kept: string[] }> {
  const page = await callGraph<{ value?: { key: string; value: string }[] }>(gateway, "GetSynchronizationSecrets", () =>
    gateway.api(`/servicePrincipals/${input.servicePrincipalId}/synchronization/secrets`).get(),
  );
  const credentialKeys = new Set(["ClientSecret", "SecretToken"]);
  const kept = (page.value ?? []).filter((p) => !credentialKeys.has(p.key) && p.value !== "*");
  const value = [
    { key: "ClientSecret", value: input.accessKeyId.trim() },
    { key: "SecretToken", value: input.secretAccessKey.trim() },
    ...kept,
  ];
  if (!kept.some((p) => p.key === "SyncNotificationSettings"))
    value.push({ key: "SyncNotificationSettings", value: syncNotificationSettings(input.notificationEmail, DEFAULT_DELETION_THRESHOLD) });
  await putRoleImportCredentials(gateway, input.servicePrincipalId, value, "Entra accepted the new role import key but does not show it saved.");
  return { kept: kept.map((p) => p.key) };
}
