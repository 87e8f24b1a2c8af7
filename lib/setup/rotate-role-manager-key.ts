import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  createRoleManagerKey,
  deactivateRoleManagerKey,
  deleteRoleManagerKey,
  readRoleManager,
  readRoleManagerKeyLastUsed,
  ROLE_MANAGER_USER,
} from "../aws/ensure-role-manager";
import { isAwsGatewayError } from "../aws/errors";
import { decryptSecretOrThrow, encryptSecret } from "../crypto/secrets";
import type { Database } from "../db";
import { replaceRoleImportKey } from "../entra/provisioning-secrets";
import { validateCredentials } from "../entra/validate-credentials";
import { problemLine, toProblem } from "../problems/problem";
import { StepError, type SetupContext } from "./context";
import { loadRoleManagerKey, ROLE_MANAGER_KEY_PURPOSE, type RoleManagerKey } from "./role-manager-key";
import { testConnectionWords } from "./role-manager-words";
import { stepRef } from "./step-ref";
import { inImportAccount } from "./steps/legacy-iam/role-import";
import { mergeFacts } from "./store";

/**
 * Guided rotation of the role-manager IAM user's access key, which Entra's role import signs ListRoles with
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial). IAM allows two keys per user
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), so AWS's own rotation recipe
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console) works
 * without a gap:
 *
 *   a. create a second key (the ids IAM already had are recorded, encrypted, BEFORE the call: a retry after a crash
 *      knows which key that call made; the new key is stored, encrypted, the moment AWS returns it);
 *   b. Entra's Test Connection with the new key, saving nothing;
 *   c. the new key written to the job's secrets (the other secrets kept) and stored as the portal's key; the old one
 *      is kept, encrypted, only until it is deleted;
 *   — the admin then retires the old key: —
 *   d. deactivate the old key, Test Connection with the saved credentials (Entra must not need it), delete it;
 *   e. Test Connection with the saved credentials once more, and the rotation is over.
 *
 * The state is one encrypted column (Federation.roleManagerKeyRotation) with the phase reached, so each call resumes
 * where the last one stopped: a stored new key is adopted, never a third one created. One attempt runs at a time
 * (a lease on the federation row). Every phase that calls AWS or Entra writes an audit row of result "intent" before
 * the call and its outcome after it, with one correlation id.
 */

export const ROTATION_PURPOSE = "federation:role-manager-key-rotation";
const LEASE_MS = 120_000;

export const ROTATION_PHASES = ["creating", "created", "validated", "switched", "deactivated", "deleted"] as const;
export type RotationPhase = (typeof ROTATION_PHASES)[number];

const storedKey = z.object({ accessKeyId: z.string(), secretAccessKey: z.string(), createdAt: z.string().nullable() });
const rotationSchema = z.object({
  phase: z.enum(ROTATION_PHASES),
  startedAt: z.string(),
  startedBy: z.string(),
  /** The key ids IAM had for the user just before CreateAccessKey was called: any other key is one that call made. */
  knownKeyIds: z.array(z.string()),
  /** The key the portal held when the rotation started. */
  oldKeyId: z.string(),
  /** The new key, from the moment AWS returned it until it is the portal's key. */
  pending: storedKey.optional(),
  /** The old key, from the switch until it is deleted in IAM. */
  previous: storedKey.optional(),
  /** A key that must go before IAM allows a new one (two exist): the admin is offered to delete it. */
  blockedBy: z
    .object({ accessKeyId: z.string(), createdAt: z.string().nullable(), lastUsed: z.string().nullable(), fromInterruptedAttempt: z.boolean() })
    .optional(),
});
type Rotation = z.infer<typeof rotationSchema>;

/** What the page shows (no secret): the phase reached, the keys by id, a key blocking the rotation. */
export interface RoleManagerRotationStatus {
  /** Step 7 has stored a key the portal can rotate. */
  available: boolean;
  phase: RotationPhase | null;
  currentKeyId: string | null;
  keyCreatedAt: string | null;
  oldKeyId: string | null;
  newKeyId: string | null;
  startedAt: string | null;
  startedBy: string | null;
  blockedBy: NonNullable<Rotation["blockedBy"]> | null;
}

/** One audit row of a phase: the action builds the actor, the target and the secrets to scrub. */
export interface PhaseAuditEvent {
  phase: string;
  result: "intent" | "success" | "failure";
  correlationId: string;
  after?: unknown;
  error?: string;
  secrets: string[];
}
export type PhaseAudit = (event: PhaseAuditEvent) => Promise<unknown>;

async function readRotation(database: Database, context: Pick<SetupContext, "keyring" | "federationId">): Promise<Rotation | null> {
  const row = await database.federation.findUnique({ where: { id: context.federationId }, select: { roleManagerKeyRotation: true } });
  if (!row?.roleManagerKeyRotation) return null;
  return rotationSchema.parse(JSON.parse(decryptSecretOrThrow(context.keyring, ROTATION_PURPOSE, row.roleManagerKeyRotation)));
}

async function writeRotation(context: SetupContext, rotation: Rotation | null, extra: { roleManagerKey?: string; roleManagerKeyCreatedAt?: Date | null } = {}) {
  await context.database.federation.update({
    where: { id: context.federationId },
    data: { roleManagerKeyRotation: rotation ? encryptSecret(context.keyring, ROTATION_PURPOSE, JSON.stringify(rotation)) : null, ...extra },
  });
}

/** The rotation as the page shows it; reads the database only (a page never calls upstream). */
export async function roleManagerRotationStatus(
  context: Pick<SetupContext, "database" | "keyring" | "federationId" | "facts">,
): Promise<RoleManagerRotationStatus> {
  const [rotation, stored] = await Promise.all([
    readRotation(context.database, context),
    loadRoleManagerKey(context.database, context.keyring, context.federationId),
  ]);
  return {
    available: Boolean(stored && context.facts.roleImport),
    phase: rotation?.phase ?? null,
    currentKeyId: stored?.accessKeyId ?? null,
    keyCreatedAt: stored?.createdAt?.toISOString() ?? context.facts.roleImport?.keyCreatedAt ?? null,
    oldKeyId: rotation?.oldKeyId ?? null,
    newKeyId: rotation?.pending?.accessKeyId ?? (rotation && rotation.phase !== "creating" ? (stored?.accessKeyId ?? null) : null),
    startedAt: rotation?.startedAt ?? null,
    startedBy: rotation?.startedBy ?? null,
    blockedBy: rotation?.blockedBy ?? null,
  };
}

/** One attempt at a time across tabs and replicas: a conditional update of the federation row. */
async function withLease<T>(context: SetupContext, work: () => Promise<T>): Promise<T> {
  const now = new Date();
  const claimed = await context.database.federation.updateMany({
    where: { id: context.federationId, OR: [{ roleManagerKeyRotationLeaseUntil: null }, { roleManagerKeyRotationLeaseUntil: { lt: now } }] },
    data: { roleManagerKeyRotationLeaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  if (claimed.count !== 1)
    throw new StepError("Another rotation attempt of the role-manager key is running. Wait for it to finish (at most two minutes), then look again.");
  try {
    return await work();
  } finally {
    await context.database.federation.update({ where: { id: context.federationId }, data: { roleManagerKeyRotationLeaseUntil: null } });
  }
}

const failureText = (error: unknown): string => {
  if (error instanceof StepError) return error.message;
  const problem = toProblem(error);
  return problem ? problemLine(problem) : "unexpected error";
};

/** Intent before the cloud call, outcome after, one correlation id; if the intent cannot be written nothing is called. */
async function phase<T>(
  audit: PhaseAudit,
  name: string,
  will: Record<string, unknown>,
  secrets: string[],
  run: () => Promise<T>,
  outcome: (value: T) => unknown,
): Promise<T> {
  const correlationId = randomUUID();
  await audit({ phase: name, result: "intent", correlationId, after: will, secrets });
  let value: T;
  try {
    value = await run();
  } catch (error) {
    await audit({ phase: name, result: "failure", correlationId, error: failureText(error), secrets }).catch(() => undefined);
    throw error;
  }
  await audit({ phase: name, result: "success", correlationId, after: outcome(value), secrets });
  return value;
}

// Entered through step-ref, not the legacy steps' shared module: loading that first would cycle through the checklist.
const legacyRef = (id: "role-import") => stepRef(id, "legacy-iam");
const accountOf = (context: SetupContext) => context.facts.roleImport?.accountId ?? context.facts.preflight?.aws?.account ?? "";

function prerequisites(context: SetupContext) {
  const roleImport = context.facts.roleImport;
  const app = context.facts.app;
  if (!roleImport || !app) throw new StepError(`There is no role-manager key to rotate yet: run ${legacyRef("role-import")} first.`);
  return { ref: { servicePrincipalId: app.servicePrincipalId, jobId: roleImport.jobId }, roleImport };
}

/** IAM changes are eventually consistent: a key just made may be refused for a few seconds (InvalidClientTokenId). */
async function testNewKey(context: SetupContext, ref: { servicePrincipalId: string; jobId: string }, key: RoleManagerKey) {
  const gateway = await context.entra();
  for (let attempt = 1; ; attempt += 1) {
    const result = await validateCredentials(gateway, { ...ref, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    if (result.ok || attempt >= 4 || !/InvalidClientTokenId/.test(result.detail ?? "")) return result;
    context.onProgress?.({
      waitingFor: "IAM to make the new access key usable (it takes a few seconds after it is created)",
      attempt,
      nextCheckMs: 2_000 * attempt,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000 * attempt));
  }
}

const progress = (context: SetupContext, stage: number, stages: number, waitingFor: string) =>
  context.onProgress?.({ waitingFor, attempt: 1, left: `${stages - stage + 1} of ${stages} stages left` });

export interface RotateKeyResult {
  phase: RotationPhase;
  message: string;
  newKeyId: string | null;
  oldKeyId: string | null;
}

/** Phases a–c: a second key, tested, then written to Entra and stored. Resumes from the phase the last attempt reached. */
async function rotateKey(context: SetupContext, audit: PhaseAudit): Promise<RotateKeyResult> {
  const { ref } = prerequisites(context);
  return withLease(context, async () => {
    const stored = await loadRoleManagerKey(context.database, context.keyring, context.federationId);
    if (!stored) throw new StepError(`The portal holds no role-manager key: run ${legacyRef("role-import")}, which creates one.`);
    let rotation = await readRotation(context.database, context);
    if (rotation && ["switched", "deactivated", "deleted"].includes(rotation.phase))
      return {
        phase: rotation.phase,
        newKeyId: stored.accessKeyId,
        oldKeyId: rotation.oldKeyId,
        message: `Entra already uses the new key ${stored.accessKeyId}. Next: retire the old key ${rotation.oldKeyId}.`,
      };

    // a. The new key: adopt the one a previous attempt stored, else create one.
    progress(context, 1, 3, "IAM to create the second access key");
    const live = await readRoleManager(context.aws(), accountOf(context));
    if (rotation?.pending && !live.keys.some((k) => k.accessKeyId === rotation?.pending?.accessKeyId)) {
      // The stored new key was deleted in IAM meanwhile: it can be neither used nor adopted; start the key over.
      rotation = { ...rotation, phase: "creating", pending: undefined };
    }
    if (!rotation?.pending) {
      if (!live.keys.some((k) => k.accessKeyId === stored.accessKeyId))
        throw new StepError(
          `IAM no longer has the access key the portal holds (${stored.accessKeyId}), so Entra's role import cannot be using it: run ${legacyRef("role-import")}, which creates a new key, instead of rotating.`,
        );
      const others = live.keys.filter((k) => k.accessKeyId !== stored.accessKeyId);
      if (others.length > 0) {
        const other = others[0];
        if (!other) throw new StepError("IAM listed no second key.");
        // A key this rotation's cut-off CreateAccessKey made: not among the ids recorded before that call.
        const fromInterruptedAttempt = Boolean(rotation && rotation.phase === "creating" && !rotation.knownKeyIds.includes(other.accessKeyId));
        const lastUsed = await readRoleManagerKeyLastUsed(context.aws(), other.accessKeyId);
        const blockedBy = { accessKeyId: other.accessKeyId, createdAt: other.createdAt, lastUsed, fromInterruptedAttempt };
        const base: Rotation = rotation ?? {
          phase: "creating",
          startedAt: new Date().toISOString(),
          startedBy: context.actor.email,
          knownKeyIds: live.keys.map((k) => k.accessKeyId),
          oldKeyId: stored.accessKeyId,
        };
        await writeRotation(context, { ...base, blockedBy });
        throw new StepError(
          fromInterruptedAttempt
            ? `IAM already has two access keys for ${ROLE_MANAGER_USER}: the one Entra uses (${stored.accessKeyId}) and ${other.accessKeyId}, which an earlier attempt of this rotation created and was cut off before it could store its secret (AWS shows a secret only once), so nobody can use it. Delete ${other.accessKeyId} below, then rotate again.`
            : `IAM already has two access keys for ${ROLE_MANAGER_USER} (its limit): the one Entra uses (${stored.accessKeyId}) and ${other.accessKeyId} (created ${other.createdAt?.slice(0, 10) ?? "at an unknown date"}, ${lastUsed ? `last used ${lastUsed.slice(0, 10)}` : "never used"}), which the portal does not hold. If nothing else uses it, delete ${other.accessKeyId} below (the key Entra uses is never deleted), then rotate again.`,
        );
      }
      // Recorded before the call: any key IAM shows later that is not in this list is the one this call made.
      rotation = {
        phase: "creating",
        startedAt: rotation?.startedAt ?? new Date().toISOString(),
        startedBy: rotation?.startedBy ?? context.actor.email,
        knownKeyIds: live.keys.map((k) => k.accessKeyId),
        oldKeyId: stored.accessKeyId,
      };
      await writeRotation(context, rotation);
      const started: Rotation = rotation;
      const made = await phase(
        audit,
        "create-key",
        { will: `create a second access key for IAM user ${ROLE_MANAGER_USER} (IAM CreateAccessKey)`, keptKey: stored.accessKeyId },
        [],
        async () => {
          const key = await createRoleManagerKey(context.aws());
          // Stored at once, encrypted: AWS never shows the secret again.
          await writeRotation(context, { ...started, phase: "created", pending: { ...key, createdAt: key.createdAt.toISOString() } });
          return key;
        },
        (key) => ({ created: key.accessKeyId, createdAt: key.createdAt.toISOString() }),
      ).catch((error: unknown) => {
        if (isAwsGatewayError(error, "validation") && /LimitExceeded|quota/i.test(`${error.detail ?? ""} ${error.message}`))
          throw new StepError(`IAM refused a new key: ${ROLE_MANAGER_USER} already has two access keys (its limit). Rotate again to see which one to delete.`);
        throw error;
      });
      rotation = { ...started, phase: "created", pending: { ...made, createdAt: made.createdAt.toISOString() } };
    }
    const pending = rotation.pending;
    if (!pending) throw new StepError("The rotation lost track of its new key. Rotate again.");
    const secrets = [pending.secretAccessKey, stored.secretAccessKey];

    // b. Entra's Test Connection with the new key; nothing is saved.
    if (rotation.phase === "creating" || rotation.phase === "created") {
      progress(context, 2, 3, "Entra's Test Connection with the new key (Entra signs iam:ListRoles with it)");
      const tested = await phase(
        audit,
        "test-new-key",
        { will: "run Entra's Test Connection with the new key (Graph: validateCredentials)", key: pending.accessKeyId },
        secrets,
        async () => {
          const result = await testNewKey(context, ref, pending);
          if (!result.ok)
            throw new StepError(
              `Entra's Test Connection refused the new key ${pending.accessKeyId}: ${testConnectionWords(result, pending.accessKeyId)} Entra still uses ${stored.accessKeyId}; rotate again to retry.`,
            );
          return result;
        },
        () => ({ key: pending.accessKeyId, testConnection: "succeeded" }),
      );
      void tested;
      rotation = { ...rotation, phase: "validated" };
      await writeRotation(context, rotation);
    }

    // c. The new key becomes Entra's and the portal's; the old one is kept (encrypted) until it is deleted.
    progress(context, 3, 3, "Entra to save the new key in the role import's credentials");
    const validated = rotation;
    await phase(
      audit,
      "switch",
      {
        will: "save the new key as the role import's ClientSecret and SecretToken, keeping the other saved secrets (Graph: synchronization secrets)",
        key: pending.accessKeyId,
      },
      secrets,
      async () => {
        const kept = await replaceRoleImportKey(await context.entra(), {
          servicePrincipalId: ref.servicePrincipalId,
          accessKeyId: pending.accessKeyId,
          secretAccessKey: pending.secretAccessKey,
          notificationEmail: context.facts.signing?.notificationEmail ?? context.actor.email,
        });
        const createdAt = new Date(pending.createdAt ?? Date.now());
        await writeRotation(
          context,
          {
            ...validated,
            phase: "switched",
            pending: undefined,
            previous: { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, createdAt: stored.createdAt?.toISOString() ?? null },
          },
          {
            roleManagerKey: encryptSecret(
              context.keyring,
              ROLE_MANAGER_KEY_PURPOSE,
              JSON.stringify({ accessKeyId: pending.accessKeyId, secretAccessKey: pending.secretAccessKey }),
            ),
            roleManagerKeyCreatedAt: createdAt,
          },
        );
        const roleImport = context.facts.roleImport;
        if (roleImport)
          context.facts = await mergeFacts(context.database, context.federationId, {
            roleImport: { ...roleImport, accessKeyId: pending.accessKeyId, keyCreatedAt: createdAt.toISOString() },
          });
        return kept;
      },
      (kept) => ({ key: pending.accessKeyId, replaced: stored.accessKeyId, keptSecrets: kept.kept }),
    );
    const saved = await validateCredentials(await context.entra(), { ...ref, useSavedCredentials: true });
    if (!saved.ok)
      throw new StepError(
        `The new key is saved in Entra but Test Connection with the saved credentials failed: ${testConnectionWords(saved, pending.accessKeyId)} The old key ${stored.accessKeyId} still works and is not retired.`,
      );
    return {
      phase: "switched",
      newKeyId: pending.accessKeyId,
      oldKeyId: stored.accessKeyId,
      message: `Entra's role import now uses the new key ${pending.accessKeyId}, and Test Connection with the saved credentials passed. Next: retire the old key ${stored.accessKeyId} (deactivate, test, delete).`,
    };
  });
}

export interface RetireKeyResult {
  retired: boolean;
  message: string;
  oldKeyId: string | null;
}

/** Phases d–e: deactivate the old key, check Entra does not need it, delete it, confirm with the saved credentials. */
async function retireOldKey(context: SetupContext, audit: PhaseAudit): Promise<RetireKeyResult> {
  const { ref } = prerequisites(context);
  return withLease(context, async () => {
    let rotation = await readRotation(context.database, context);
    if (!rotation) return { retired: true, oldKeyId: null, message: "No old key is waiting to be retired." };
    if (!["switched", "deactivated", "deleted"].includes(rotation.phase))
      throw new StepError("Entra does not use the new key yet: rotate first (create, test and switch), then retire the old key.");
    const current = await loadRoleManagerKey(context.database, context.keyring, context.federationId);
    const oldKeyId = rotation.oldKeyId;
    if (current?.accessKeyId === oldKeyId) throw new StepError("The key the portal holds is the old one: this rotation is inconsistent. Rotate again.");
    const secrets = [rotation.previous?.secretAccessKey ?? "", current?.secretAccessKey ?? ""].filter(Boolean);
    const gateway = await context.entra();
    const savedTest = async () => {
      const result = await validateCredentials(gateway, { ...ref, useSavedCredentials: true });
      if (!result.ok) throw new StepError(`Test Connection with the saved credentials failed: ${testConnectionWords(result, current?.accessKeyId ?? "")}`);
      return result;
    };

    if (rotation.phase === "switched") {
      progress(context, 1, 3, `IAM to deactivate the old key ${oldKeyId}`);
      const found = await phase(
        audit,
        "deactivate-old",
        {
          will: `deactivate the old access key of ${ROLE_MANAGER_USER} (IAM UpdateAccessKey Inactive), then Test Connection with the saved credentials`,
          key: oldKeyId,
        },
        secrets,
        async () => {
          const deactivated = await deactivateRoleManagerKey(context.aws(), oldKeyId);
          await savedTest().catch((error: unknown) => {
            throw new StepError(
              `${failureText(error)} The old key ${oldKeyId} is deactivated, not deleted: if Entra still needs it, reactivate it in IAM (Users → ${ROLE_MANAGER_USER} → Security credentials) and rotate again.`,
            );
          });
          return deactivated;
        },
        (deactivated) => ({ key: oldKeyId, deactivated: deactivated ? "now" : "already gone from IAM", testConnection: "succeeded" }),
      );
      void found;
      rotation = { ...rotation, phase: "deactivated" };
      await writeRotation(context, rotation);
    }
    if (rotation.phase === "deactivated") {
      progress(context, 2, 3, `IAM to delete the old key ${oldKeyId}`);
      await phase(
        audit,
        "delete-old",
        { will: `delete the old access key of ${ROLE_MANAGER_USER} (IAM DeleteAccessKey)`, key: oldKeyId },
        secrets,
        () => deleteRoleManagerKey(context.aws(), oldKeyId),
        (deleted) => ({ key: oldKeyId, deleted: deleted ? "now" : "already gone from IAM" }),
      );
      // The old key's secret is forgotten once IAM no longer has the key.
      rotation = { ...rotation, phase: "deleted", previous: undefined };
      await writeRotation(context, rotation);
    }
    progress(context, 3, 3, "Entra's Test Connection with the saved credentials");
    await phase(
      audit,
      "confirm",
      { will: "confirm the rotation with Entra's Test Connection on the saved credentials (Graph: validateCredentials)", key: current?.accessKeyId },
      secrets,
      savedTest,
      () => ({ key: current?.accessKeyId, testConnection: "succeeded" }),
    );
    await writeRotation(context, null);
    return {
      retired: true,
      oldKeyId,
      message: `Rotation complete: the old key ${oldKeyId} is deleted in IAM and Entra's Test Connection passes with the new key ${current?.accessKeyId ?? ""}.`,
    };
  });
}

/**
 * The offer made when IAM already has two keys: delete the one the portal does not hold. Only the key the rotation
 * named is accepted, and never the key Entra uses, the new key or the old one pending retirement.
 */
async function deleteBlockingKey(context: SetupContext, accessKeyId: string, audit: PhaseAudit): Promise<{ message: string }> {
  prerequisites(context);
  return withLease(context, async () => {
    const rotation = await readRotation(context.database, context);
    const stored = await loadRoleManagerKey(context.database, context.keyring, context.federationId);
    const protectedIds = [stored?.accessKeyId, rotation?.pending?.accessKeyId, rotation?.previous?.accessKeyId, rotation?.oldKeyId].filter(Boolean);
    if (protectedIds.includes(accessKeyId))
      throw new StepError(`Nothing was deleted: ${accessKeyId} is a key this rotation needs (the one Entra uses, the new one or the old one to retire).`);
    if (!rotation?.blockedBy || rotation.blockedBy.accessKeyId !== accessKeyId)
      throw new StepError(`Nothing was deleted: the portal only deletes the key the rotation named as blocking it. Rotate again to see which one that is.`);
    await phase(
      audit,
      "delete-other",
      {
        will: `delete access key ${accessKeyId} of ${ROLE_MANAGER_USER}, which the portal does not hold, so IAM allows a new one (IAM DeleteAccessKey)`,
        key: accessKeyId,
        keptKey: stored?.accessKeyId,
      },
      [],
      () => deleteRoleManagerKey(context.aws(), accessKeyId),
      (deleted) => ({ key: accessKeyId, deleted: deleted ? "now" : "already gone from IAM" }),
    );
    await writeRotation(context, { ...rotation, blockedBy: undefined, knownKeyIds: rotation.knownKeyIds.filter((id) => id !== accessKeyId) });
    return { message: `Access key ${accessKeyId} is deleted. Rotate again: IAM now allows the second key.` };
  });
}

/**
 * The role manager lives in the account whose roles the app imports: the portal's own, or a member account reached
 * through the role named for it (an app added for that account). Every IAM call of a rotation goes there.
 */
async function inRoleManagerAccount<T>(context: SetupContext, work: () => Promise<T>): Promise<T> {
  prerequisites(context);
  const own = context.aws;
  return inImportAccount(context, async (clients) => {
    context.aws = () => clients;
    try {
      return await work();
    } finally {
      context.aws = own;
    }
  });
}

export const rotateRoleManagerKey = (context: SetupContext, audit: PhaseAudit) => inRoleManagerAccount(context, () => rotateKey(context, audit));
export const retireOldRoleManagerKey = (context: SetupContext, audit: PhaseAudit) => inRoleManagerAccount(context, () => retireOldKey(context, audit));
export const deleteBlockingRoleManagerKey = (context: SetupContext, accessKeyId: string, audit: PhaseAudit) =>
  inRoleManagerAccount(context, () => deleteBlockingKey(context, accessKeyId, audit));
