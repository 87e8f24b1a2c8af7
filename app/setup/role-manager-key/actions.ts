"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { appendAuditEvent } from "@/lib/audit/append";
import { keyring } from "@/lib/crypto/keyring";
import type { Session } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { SetupContext } from "@/lib/setup/context";
import { publishSetupEvent } from "@/lib/setup/progress";
import {
  deleteBlockingRoleManagerKey,
  retireOldRoleManagerKey,
  roleManagerRotationStatus,
  rotateRoleManagerKey,
  type PhaseAudit,
} from "@/lib/setup/rotate-role-manager-key";
import { describeFailure, withSetupContext } from "@/lib/setup/run-step";
import { DEFAULT_FEDERATION, loadFacts } from "@/lib/setup/store";

const federation = z.string().min(1).max(100).default(DEFAULT_FEDERATION);
/** The UI shows what will happen first; the action runs only with the confirmation it sends after. */
const confirmed = z.literal("yes", { message: "confirm this first" });
const target = (federationId: string) => `federation:${federationId}:role-manager-key`;

/**
 * The rotation's work in the setup context. Each phase that calls AWS or Entra writes its own intent and outcome rows
 * (`setup.role-manager-key.<phase>`), beside the action's own pair; progress is pushed to the open page.
 */
async function inFederation<T>(session: Session, federationId: string, task: "role-manager-key-rotation", work: (context: SetupContext, audit: PhaseAudit) => Promise<T>): Promise<T> {
  const audit: PhaseAudit = (event) =>
    appendAuditEvent(db(), {
      actor: session.email,
      role: session.role,
      action: `setup.role-manager-key.${event.phase}`,
      target: target(federationId),
      after: event.after,
      error: event.error,
      result: event.result,
      correlationId: event.correlationId,
      knownSecrets: event.secrets,
    });
  const startedAt = new Date().toISOString();
  try {
    return await withSetupContext(
      db(),
      { email: session.email, name: session.name },
      federationId,
      (context) => work(context, audit),
      (progress) => publishSetupEvent({ type: "task", federationId, task, startedAt, ...progress }),
    );
  } catch (error) {
    throw new ActionError(describeFailure(error).message);
  }
}

/** The rotation as it stood, for the audit row's before (key ids and dates, never a secret). */
async function statusOf(federationId: string) {
  const s = await roleManagerRotationStatus({ database: db(), keyring: keyring(), federationId, facts: await loadFacts(db(), federationId) });
  return { phase: s.phase, currentKeyId: s.currentKeyId, keyCreatedAt: s.keyCreatedAt, oldKeyId: s.oldKeyId, newKeyId: s.newKeyId };
}

/** Phases a–c: a second key for EntraRoleManager, Entra's Test Connection with it, then Entra and the portal switch to it. */
export const rotateRoleManagerKeyAction = defineAction({
  name: "setup.role-manager-key.rotate",
  permission: "setup.run",
  input: z.object({ federationId: federation, confirm: confirmed }),
  revalidate: ["/setup", "/provisioning"],
  auditTarget: (input) => target(input.federationId),
  intent: () => ({
    will: "rotate the role-manager access key: create a second key in IAM (or adopt the one an earlier attempt stored), test it with Entra's Test Connection, save it on the role import job",
  }),
  run: async (input, { session }) => {
    const before = await statusOf(input.federationId);
    const result = await inFederation(session, input.federationId, "role-manager-key-rotation", (context, audit) => rotateRoleManagerKey(context, audit));
    return {
      data: { phase: result.phase, newKeyId: result.newKeyId },
      message: result.message,
      audit: { target: target(input.federationId), before, after: { phase: result.phase, key: "changed", newKeyId: result.newKeyId, oldKeyId: result.oldKeyId } },
    };
  },
});

/** Phases d–e: deactivate the old key, Test Connection with the saved key, delete the old key, confirm. */
export const retireOldRoleManagerKeyAction = defineAction({
  name: "setup.role-manager-key.retire",
  permission: "setup.run",
  input: z.object({ federationId: federation, confirm: confirmed }),
  revalidate: ["/setup", "/provisioning"],
  auditTarget: (input) => target(input.federationId),
  intent: () => ({ will: "retire the old role-manager access key: deactivate it in IAM, Test Connection with the saved key, delete it, confirm with Test Connection" }),
  run: async (input, { session }) => {
    const before = await statusOf(input.federationId);
    const result = await inFederation(session, input.federationId, "role-manager-key-rotation", (context, audit) => retireOldRoleManagerKey(context, audit));
    return {
      data: { retired: result.retired },
      message: result.message,
      audit: { target: target(input.federationId), before, after: { retired: result.retired, deletedKeyId: result.oldKeyId } },
    };
  },
});

/** When IAM already has two keys: delete the one the rotation named (never the key Entra uses). */
export const deleteBlockingRoleManagerKeyAction = defineAction({
  name: "setup.role-manager-key.delete-other",
  permission: "setup.run",
  input: z.object({
    federationId: federation,
    accessKeyId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{16,128}$/, "an access key ID (AKIA…)"),
    confirm: confirmed,
  }),
  revalidate: ["/setup", "/provisioning"],
  auditTarget: (input) => target(input.federationId),
  intent: (input) => ({ will: `delete access key ${input.accessKeyId} of EntraRoleManager in IAM, which the portal does not hold`, key: input.accessKeyId }),
  run: async (input, { session }) => {
    const result = await inFederation(session, input.federationId, "role-manager-key-rotation", (context, audit) =>
      deleteBlockingRoleManagerKey(context, input.accessKeyId, audit),
    );
    return { data: { deleted: input.accessKeyId }, message: result.message, audit: { target: target(input.federationId), after: { deleted: input.accessKeyId } } };
  },
});
