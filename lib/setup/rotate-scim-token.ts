import "server-only";
import { decryptSecretOrThrow, encryptSecret } from "../crypto/secrets";
import { getProvisioningJob } from "../entra/provisioning-job";
import { restartProvisioningJob } from "../entra/provisioning-job-control";
import { DEFAULT_DELETION_THRESHOLD, readProvisioningSecrets, saveProvisioningSecrets, type DeletionThreshold } from "../entra/provisioning-secrets";
import { validateCredentials } from "../entra/validate-credentials";
import { checkScimToken } from "../scim/check-token";
import { stepRef } from "./step-ref";
import { SCIM_TOKEN_PURPOSE, YEAR_MS } from "./steps/identity-center/shared";
import { StepError, requireFact, type SetupContext } from "./context";
import { mergeFacts } from "./store";

/**
 * Guided SCIM token rotation (tokens last a year, at most two exist, no API generates one: https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html):
 *
 *   1. the admin generates a second token in the AWS console and pastes it here;
 *   2. `rotateScimToken` checks it with a SCIM call, stores it (keeping the old one, encrypted, only to check
 *      it later), saves it as Entra's Secret Token, runs Test Connection with the saved credentials, and
 *      lifts a quarantine the old token caused;
 *   3. the admin deletes the old token in the AWS console;
 *   4. `confirmOldTokenRetired` checks that AWS now refuses the old token and still accepts the new one,
 *      then forgets the old one.
 *
 * Every state has a way forward: while an old token is pending, a new token can still be pasted ("start over"),
 * e.g. after the wrong token was deleted in AWS; the token kept as "old" is then the one AWS still accepts.
 *
 * Order matters for "nothing lost when it fails halfway": the new token is stored before Entra is changed,
 * and both tokens are valid in AWS until step 3, so a failure after the store leaves a working pair and
 * pasting the same token again resumes from where it stopped.
 */

export interface RotationStatus {
  /** An old token is waiting to be deleted in AWS (step 3/4). */
  oldTokenPending: boolean;
  tokenCreatedAt: string | null;
  tokenExpiresAt: string | null;
}

export async function rotationStatus(context: Pick<SetupContext, "database" | "federationId" | "facts">): Promise<RotationStatus> {
  const row = await context.database.federation.findUnique({ where: { id: context.federationId }, select: { scimTokenPrevious: true } });
  return {
    oldTokenPending: Boolean(row?.scimTokenPrevious),
    tokenCreatedAt: context.facts.scim?.tokenCreatedAt ?? null,
    tokenExpiresAt: context.facts.scim?.tokenExpiresAt ?? null,
  };
}

/**
 * The threshold a rotation writes back: the one the admin chose in the portal; else the one Entra shows when it is
 * on (set in the Entra admin center); else protection on with Entra's default. A switched-off value read from Entra
 * without the admin's choice on record is what the portal itself wrote before issue 13, so it is not kept.
 */
export function keptDeletionThreshold(chosen: DeletionThreshold | undefined, inEntra: DeletionThreshold | null): DeletionThreshold {
  if (chosen) return chosen;
  if (inEntra?.enabled) return inEntra;
  return DEFAULT_DELETION_THRESHOLD;
}

export interface RotateResult {
  message: string;
  /** The job was quarantined and has been restarted (QuarantineState, Escrows). */
  liftedQuarantine: boolean;
  tokenExpiresAt: string;
}

async function storedTokens(context: SetupContext) {
  const row = await context.database.federation.findUniqueOrThrow({
    where: { id: context.federationId },
    select: { scimToken: true, scimTokenPrevious: true },
  });
  const open = (envelope: string | null) => (envelope ? decryptSecretOrThrow(context.keyring, SCIM_TOKEN_PURPOSE, envelope) : null);
  return { current: open(row.scimToken), previous: open(row.scimTokenPrevious) };
}

export async function rotateScimToken(context: SetupContext, newTokenInput: string): Promise<RotateResult> {
  const scim = requireFact(context, "scim", `Provisioning is not set up yet: paste the first SCIM token in Setup ${stepRef("scim-endpoint")}.`);
  const app = requireFact(context, "app", `Provisioning is not set up yet: the AWS app does not exist in Entra (Setup ${stepRef("gallery-app")}).`);
  const job = requireFact(context, "job", `Provisioning is not set up yet: the provisioning job is created in Setup ${stepRef("provisioning-credentials")}.`);
  const newToken = newTokenInput.trim();
  const ref = { servicePrincipalId: app.servicePrincipalId, jobId: job.jobId };

  // What the admin waits for, stage by stage (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html#rotate-token).
  const stages = 5;
  const waiting = (stage: number, waitingFor: string) =>
    context.onProgress?.({ waitingFor, attempt: 1, left: `${stages - stage + 1} of ${stages} stages left` });

  // 1. AWS must accept the new token before anything changes.
  waiting(1, "AWS's SCIM endpoint to accept the new token");
  const check = await checkScimToken(scim.endpoint, newToken, { sandbox: context.isSandbox });
  if (check.status !== "ok") throw new StepError(`Nothing was changed. ${check.message}`);

  const { current, previous } = await storedTokens(context);
  const resuming = current === newToken;
  if (resuming && !previous) {
    throw new StepError(
      "This is the token the portal already uses. Generate a new token in the AWS console (Settings → Automatic provisioning → Generate token) and paste that.",
    );
  }

  // 2. Entra's own Test Connection with the new token, still without saving anything.
  const gateway = await context.entra();
  waiting(2, "Entra's Test Connection with the new token");
  const probe = await validateCredentials(gateway, { ...ref, baseAddress: scim.endpoint, secretToken: newToken });
  if (!probe.ok) throw new StepError(`Nothing was changed. Entra's Test Connection refused the new token: ${probe.message}`);

  // 3. Store the new token, keeping the old one only to confirm later that AWS no longer accepts it.
  const now = new Date();
  let oldToken = current;
  if (!resuming && current && previous) {
    // Starting over while an old token is pending. If AWS refuses the token the portal switched to (the wrong one
    // was deleted in the console), the token still to delete is the older one, not the dead one.
    const inUse = await checkScimToken(scim.endpoint, current, { sandbox: context.isSandbox });
    if (inUse.status === "unauthorized") oldToken = previous;
    else if (inUse.status !== "ok") throw new StepError(`Nothing was changed. Could not check the token the portal uses now: ${inUse.message}`);
  }
  // Pasting the pending old token back makes it the only one: there is nothing left to retire.
  if (oldToken === newToken) oldToken = null;
  if (!resuming) {
    await context.database.federation.update({
      where: { id: context.federationId },
      data: {
        scimToken: encryptSecret(context.keyring, SCIM_TOKEN_PURPOSE, newToken),
        scimTokenPrevious: oldToken ? encryptSecret(context.keyring, SCIM_TOKEN_PURPOSE, oldToken) : null,
        scimTokenCreatedAt: now,
      },
    });
    context.facts = await mergeFacts(context.database, context.federationId, {
      scim: { endpoint: scim.endpoint, tokenCreatedAt: now.toISOString(), tokenExpiresAt: new Date(now.getTime() + YEAR_MS).toISOString() },
    });
  }

  // 4. Entra's Secret Token: the whole secret set is PUT, so keep the saved scope, notification address and the
  //    accidental-deletion threshold (a PUT without it would switch Entra's protection off).
  waiting(3, "Entra to save the new token as the app's Secret Token");
  const saved = await readProvisioningSecrets(gateway, app.servicePrincipalId);
  const deletionThreshold = keptDeletionThreshold(context.facts.deletionThreshold, saved.saved.deletionThreshold);
  await saveProvisioningSecrets(gateway, {
    servicePrincipalId: app.servicePrincipalId,
    baseAddress: scim.endpoint,
    secretToken: newToken,
    syncAll: saved.saved.syncAll ?? false,
    notificationEmail: context.facts.signing?.notificationEmail ?? context.actor.email,
    deletionThreshold,
  });
  if (!context.facts.deletionThreshold) context.facts = await mergeFacts(context.database, context.federationId, { deletionThreshold });
  waiting(4, "Entra's Test Connection with the saved credentials");
  const test = await validateCredentials(gateway, { ...ref, useSavedCredentials: true });
  if (!test.ok) throw new StepError(`The new token is saved in Entra but Test Connection with the saved credentials failed: ${test.message}`);

  // 5. A quarantine the old token caused does not lift by itself until Entra's next attempt (up to a day).
  waiting(5, "the provisioning job's state (a quarantine the old token caused is lifted)");
  const state = await getProvisioningJob(gateway, ref);
  let liftedQuarantine = false;
  if (state.job.status.code === "Quarantine") {
    await restartProvisioningJob(gateway, ref, ["QuarantineState", "Escrows"]);
    liftedQuarantine = true;
  }
  const tokenExpiresAt = context.facts.scim?.tokenExpiresAt ?? new Date(now.getTime() + YEAR_MS).toISOString();
  const oldPending = resuming || oldToken !== null;
  return {
    message:
      `The new token works and Entra uses it now${liftedQuarantine ? "; the quarantine was lifted and provisioning restarted" : ""}. ` +
      (oldPending
        ? "Next: delete the old token in the AWS console (Settings → Automatic provisioning → Manage tokens), then confirm here."
        : "No other token is waiting to be deleted: the rotation is complete."),
    liftedQuarantine,
    tokenExpiresAt,
  };
}

export interface RetireResult {
  retired: boolean;
  message: string;
}

/** Step 4: only the new token may work. The old one is forgotten once AWS refuses it. */
export async function confirmOldTokenRetired(context: SetupContext): Promise<RetireResult> {
  const scim = requireFact(context, "scim", "Provisioning is not set up yet.");
  const { current, previous } = await storedTokens(context);
  if (!previous) return { retired: true, message: "No old token is waiting to be retired." };
  if (!current) throw new StepError("No current token is stored. Paste the new token first.");

  const fresh = await checkScimToken(scim.endpoint, current, { sandbox: context.isSandbox });
  if (fresh.status !== "ok")
    throw new StepError(
      `The new token no longer works: ${fresh.message} If you deleted the wrong token in AWS, generate another token in the AWS console and paste it under "Start over with a new token": the portal switches Entra to it and keeps the older token as the one to delete.`,
    );
  const old = await checkScimToken(scim.endpoint, previous, { sandbox: context.isSandbox });
  if (old.status === "ok")
    return {
      retired: false,
      message:
        "AWS still accepts the old token. Delete it in the AWS console (Settings → Automatic provisioning → Manage tokens: the older of the two), then confirm again.",
    };
  if (old.status !== "unauthorized") throw new StepError(`Could not check the old token: ${old.message}`);
  await context.database.federation.update({ where: { id: context.federationId }, data: { scimTokenPrevious: null } });
  return { retired: true, message: "Rotation complete: AWS refuses the old token and accepts the new one." };
}
