import "server-only";
import { z } from "zod";
import type { AccountTarget } from "../../../aws/account-clients";
import type { AwsClients } from "../../../aws/clients";
import { ensureRoleManager, createRoleManagerKey, readRoleManager, ROLE_MANAGER_USER, roleImportPolicyArn } from "../../../aws/ensure-role-manager";
import { listRolesTrustingProvider } from "../../../aws/list-roles-trusting-provider";
import { ensureProvisioningJob, AWS_ROLE_IMPORT_TEMPLATE_ID } from "../../../entra/ensure-provisioning-job";
import { listProvisioningJobs } from "../../../entra/list-provisioning-jobs";
import { getProvisioningJob } from "../../../entra/provisioning-job";
import { startProvisioningJob } from "../../../entra/provisioning-job-control";
import { saveRoleImportSecrets } from "../../../entra/provisioning-secrets";
import { readServicePrincipal } from "../../../entra/service-principal";
import { validateCredentials } from "../../../entra/validate-credentials";
import { StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";
import { loadRoleManagerKey, storeRoleManagerKey } from "../../role-manager-key";
import { testConnectionWords } from "../../role-manager-words";
import { recordCreated } from "../../store";
import { StepInputError } from "../../step-input-error";
import { defineStep, stepInputView } from "../types";
import { roleManagerKeyRotationPanel } from "./panels";
import { accountsOf, appOf, callerAccountOf, inEachAccount, legacyRef } from "./shared";
import { stepTitle } from "../../step-catalog";

/** IAM allows two access keys per user (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
const MAX_KEYS = 2;
/** How long the run waits for the job's first cycle (the import) before leaving it to the schedule. */
const FIRST_CYCLE_WAIT_MS = 30_000;

/**
 * The account whose roles this app imports (one app per account): the one a federation was added for, else the one
 * the portal's credentials belong to. A member account is reached through the role named for it, so the role-manager
 * user, its policy and its key are made in that account and Entra's import reads that account's roles.
 */
export function importAccountOf(context: SetupContext): AccountTarget & { providerArn: string } {
  const caller = callerAccountOf(context);
  const target = context.facts.legacyTarget;
  const accountId = target?.accountId ?? caller;
  const account = accountsOf(context).accounts.find((a) => a.accountId === accountId);
  if (!account?.providerArn) throw new StepError(`Create the IAM SAML provider in account ${accountId} first (${legacyRef("iam-saml-provider")}).`);
  return {
    accountId,
    providerArn: account.providerArn,
    assumeRoleName: accountId === caller ? null : (account.assumeRoleName ?? target?.assumeRoleName ?? null),
  };
}

/** Runs work with the clients of the import account (the portal's own, or the assumed role's in a member account). */
export async function inImportAccount<T>(
  context: SetupContext,
  work: (clients: AwsClients, account: ReturnType<typeof importAccountOf>) => Promise<T>,
): Promise<T> {
  const account = importAccountOf(context);
  const [result] = await inEachAccount(context, [account], (clients) => work(clients, account));
  return result as T;
}

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * Optional: an access key the admin already created for the role manager in the IAM console (the tutorial's own way),
 * to use instead of one the portal creates. Both fields or neither.
 */
export const roleImportInput = z
  .object({
    accessKeyId: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^AKIA[A-Z0-9]{12,124}$/, "an IAM user's access key ID: AKIA followed by capital letters and digits")
        .optional(),
    ),
    secretAccessKey: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^\S{16,128}$/, "the secret access key: 16–128 characters, no spaces")
        .optional(),
    ),
  })
  .refine((v) => Boolean(v.accessKeyId) === Boolean(v.secretAccessKey), {
    message: "give the access key ID and its secret, or neither",
    path: ["secretAccessKey"],
  })
  .optional();
type Input = z.infer<typeof roleImportInput>;
type TypedKey = { accessKeyId: string; secretAccessKey: string };
const typedKeyOf = (input: Input): TypedKey | null =>
  input?.accessKeyId && input.secretAccessKey ? { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey } : null;

/**
 * A key the admin typed: it must be an active key of the role manager, and Entra's Test Connection must accept it,
 * before the portal stores it or Entra saves it. A refusal changes neither (a Done step stays Done).
 */
async function adoptTypedKey(
  context: SetupContext,
  clients: AwsClients,
  accountId: string,
  typed: TypedKey,
  ref: { servicePrincipalId: string; jobId: string },
) {
  const rotating = await context.database.federation.findUnique({ where: { id: context.federationId }, select: { roleManagerKeyRotation: true } });
  if (rotating?.roleManagerKeyRotation)
    throw new StepInputError("A rotation of the role-manager key is under way: finish it (below) before giving another key.", {
      accessKeyId: ["finish the rotation first"],
    });
  const live = await readRoleManager(clients, accountId);
  const listed = live.keys.find((k) => k.accessKeyId === typed.accessKeyId);
  if (!listed)
    throw new StepInputError(`Nothing was changed: ${typed.accessKeyId} is not an access key of the IAM user ${ROLE_MANAGER_USER}.`, {
      accessKeyId: [`not a key of ${ROLE_MANAGER_USER} (IAM → Users → ${ROLE_MANAGER_USER} → Security credentials lists its keys)`],
    });
  if (listed.status !== "Active")
    throw new StepInputError(`Nothing was changed: the access key ${typed.accessKeyId} is deactivated in IAM.`, {
      accessKeyId: ["deactivated in IAM: activate it or use another key"],
    });
  const valid = await validateCredentials(await context.entra(), { ...ref, ...typed });
  if (!valid.ok) {
    const words = testConnectionWords(valid, typed.accessKeyId, "typed");
    const sentence = words.charAt(0).toUpperCase() + words.slice(1);
    throw new StepInputError(`Test Connection failed: ${sentence} Nothing was saved.`, {
      [/signature/.test(words) ? "secretAccessKey" : "accessKeyId"]: [sentence],
    });
  }
  const createdAt = listed.createdAt ? new Date(listed.createdAt) : new Date();
  await storeRoleManagerKey(context.database, context.keyring, context.federationId, typed, createdAt);
  return { key: { ...typed, createdAt }, outcome: "adopted" as const };
}

/** The stored key when IAM still has it active; otherwise a new one, stored encrypted before anything else happens. */
async function keyFor(context: SetupContext, clients: AwsClients, accountId: string) {
  const stored = await loadRoleManagerKey(context.database, context.keyring, context.federationId);
  const live = await readRoleManager(clients, accountId);
  if (stored && live.keys.some((k) => k.accessKeyId === stored.accessKeyId && k.status === "Active")) return { key: stored, outcome: "kept" as const };
  if (live.keys.length >= MAX_KEYS)
    throw new StepError(
      `The IAM user ${ROLE_MANAGER_USER} in account ${accountId} already has ${live.keys.length} access keys and the portal holds none of them. Delete an unused key in the IAM console (Users → ${ROLE_MANAGER_USER} → Security credentials), then run this step again.`,
    );
  const made = await createRoleManagerKey(clients);
  await storeRoleManagerKey(context.database, context.keyring, context.federationId, made, made.createdAt);
  context.facts = await recordCreated(context.database, context.federationId, "role-import", {
    facts: {},
    description: `Access key ${made.accessKeyId} of IAM user ${ROLE_MANAGER_USER} in account ${accountId} (stored encrypted)`,
  });
  return { key: { ...made }, outcome: "created" as const };
}

/** The app's roles that came from the import (value "role ARN,provider ARN"), and the roles IAM has that Entra will skip, with why. */
async function importState(context: SetupContext, clients: AwsClients, providerArn: string) {
  const [sp, trusting] = await Promise.all([
    readServicePrincipal(await context.entra(), appOf(context).servicePrincipalId),
    listRolesTrustingProvider(clients, providerArn),
  ]);
  const imported = sp.appRoles
    .filter((r) => r.value?.includes(",arn:") && r.isEnabled)
    .map((r) => ({ id: r.id, value: r.value ?? "", displayName: r.displayName }));
  const skipped = trusting.roles
    .filter((r) => !r.importable)
    .map((r) => ({
      roleArn: r.roleArn,
      reason:
        r.providerArns.length > 1
          ? `trusts ${r.providerArns.length} SAML providers (${r.providerArns.join(", ")}); Entra imports only roles with exactly one`
          : "its role ARN and provider ARN together are too long for Entra (240 characters)",
    }));
  const expected = trusting.roles.filter((r) => r.importable).map((r) => r.roleClaim);
  const missing = expected.filter((claim) => !imported.some((r) => r.value === claim));
  return { imported, skipped, missing } satisfies Pick<NonNullable<FederationFacts["roleImport"]>, "imported" | "skipped"> & { missing: string[] };
}

async function waitForFirstCycle(context: SetupContext, ref: { servicePrincipalId: string; jobId: string }) {
  const until = Date.now() + FIRST_CYCLE_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    const { job } = await getProvisioningJob(await context.entra(), ref);
    if (job.status.lastExecution?.timeEnded) return job;
    if (Date.now() > until) return job;
    context.onProgress?.({ waitingFor: "Entra's first role import cycle (it reads the account's roles with iam:ListRoles)", attempt, nextCheckMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export const roleImport = defineStep<Input>({
  id: "role-import",
  side: "Both",
  title: stepTitle("legacy-iam", "role-import"),
  guide:
    "IAM → Policies → Create policy (JSON: iam:ListRoles on *); IAM → Users → Create user, attach the policy, create an access key. " +
    "In the enterprise app: Provisioning → Automatic → clientsecret = access key ID, Secret Token = secret access key → Test Connection → Save → Provisioning Status On. " +
    "Entra then imports each role that trusts exactly one SAML provider as an app role.",
  how: "automated",
  verifiedBy:
    "Test Connection with the saved key succeeds; the job runs; every role trusting the provider with one provider only is an app role (roleArn,providerArn); the others are listed as skipped with why.",
  requires: ["iam-roles"],
  input: roleImportInput,
  run: (context, input) =>
    inImportAccount(context, async (clients, { accountId, providerArn }) => {
      const typed = typedKeyOf(input);
      // A typed key must belong to the role manager: a user that does not exist yet has none.
      if (typed && !(await readRoleManager(clients, accountId)).user)
        throw new StepInputError(
          `Nothing was changed: the IAM user ${ROLE_MANAGER_USER} does not exist yet, so ${typed.accessKeyId} is not its key. Leave the key fields empty: the portal creates the user and its key.`,
          { accessKeyId: [`${ROLE_MANAGER_USER} does not exist yet`] },
        );
      const made = await ensureRoleManager(clients, accountId);
      const gateway = await context.entra();
      const app = appOf(context);
      const job = await ensureProvisioningJob(gateway, { servicePrincipalId: app.servicePrincipalId, templateId: AWS_ROLE_IMPORT_TEMPLATE_ID });
      const ref = { servicePrincipalId: app.servicePrincipalId, jobId: job.jobId };
      const { key, outcome } = typed ? await adoptTypedKey(context, clients, accountId, typed, ref) : await keyFor(context, clients, accountId);
      const valid = await validateCredentials(gateway, { ...ref, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
      if (!valid.ok) throw new StepError(`Test Connection failed: ${testConnectionWords(valid, key.accessKeyId)}`);
      await saveRoleImportSecrets(gateway, {
        ...ref,
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        notificationEmail: context.actor.email,
      });
      await startProvisioningJob(gateway, ref);
      await waitForFirstCycle(context, ref);
      const state = await importState(context, clients, providerArn);
      return {
        facts: {
          roleImport: {
            jobId: job.jobId,
            accountId,
            accessKeyId: key.accessKeyId,
            keyCreatedAt: key.createdAt?.toISOString(),
            imported: state.imported,
            skipped: state.skipped,
          },
        },
        evidence: {
          account: accountId,
          created: made.created,
          accessKey: `${outcome} ${key.accessKeyId}`,
          job: `${job.outcome} ${job.jobId}`,
          testConnection: "succeeded",
        },
      };
    }),
  verify: (context) =>
    inImportAccount(context, async (clients, { providerArn }) => {
      const recorded = context.facts.roleImport;
      if (!recorded) throw new StepError("Run this step to set up the role import.");
      const gateway = await context.entra();
      const ref = { servicePrincipalId: appOf(context).servicePrincipalId, jobId: recorded.jobId };
      const valid = await validateCredentials(gateway, { ...ref, useSavedCredentials: true });
      if (!valid.ok) throw new StepError(`Test Connection with the saved key failed: ${testConnectionWords(valid, recorded.accessKeyId)}`);
      const { job } = await getProvisioningJob(gateway, ref);
      if (job.schedule.state !== "Active")
        throw new StepError(`The role import job is ${job.schedule.state.toLowerCase()}, not running. Run this step to start it.`);
      const state = await importState(context, clients, providerArn);
      if (state.missing.length)
        throw new StepError(
          `Not imported yet: ${state.missing.map((m) => m.split(",")[0]).join(", ")}. The import runs every cycle (about 40 minutes); verify again after the next one.`,
        );
      return {
        facts: { roleImport: { ...recorded, imported: state.imported, skipped: state.skipped } },
        evidence: {
          importedRoles: state.imported.map((r) => r.value),
          skippedRoles: state.skipped.map((s) => `${s.roleArn}: ${s.reason}`),
          job: `${job.status.code} ${job.schedule.state}`,
          accessKey: recorded.accessKeyId,
        },
      };
    }),
  preview: (context, input) =>
    inImportAccount(context, async (clients, { accountId, assumeRoleName }) => {
      const typed = typedKeyOf(input);
      const live = await readRoleManager(clients, accountId);
      const stored = await loadRoleManagerKey(context.database, context.keyring, context.federationId);
      const jobs = await listProvisioningJobs(await context.entra(), appOf(context).servicePrincipalId);
      const keyKept = stored && live.keys.some((k) => k.accessKeyId === stored.accessKeyId && k.status === "Active");
      const roleImportJob = jobs.jobs.find((j) => j.templateId.toLowerCase() === AWS_ROLE_IMPORT_TEMPLATE_ID);
      return {
        changes: [
          live.policy ? `Policy ${roleImportPolicyArn(accountId)}: kept.` : `Create the policy ${roleImportPolicyArn(accountId)} allowing only iam:ListRoles.`,
          live.user ? `IAM user ${ROLE_MANAGER_USER}: kept.` : `Create the IAM user ${ROLE_MANAGER_USER} under /entra-saml/ (no console password).`,
          live.policyAttached ? "Policy attachment: kept." : `Attach the policy to ${ROLE_MANAGER_USER}.`,
          typed
            ? `Access key: use ${typed.accessKeyId}, which you typed, once Entra's Test Connection accepts it (it must be an active key of ${ROLE_MANAGER_USER}); store it encrypted.`
            : keyKept
              ? `Access key: kept (${stored.accessKeyId}, created ${stored.createdAt?.toISOString().slice(0, 10) ?? "at an unknown date"}).`
              : `Create an access key for ${ROLE_MANAGER_USER} and store it encrypted in the portal (a long-lived key: rotate it yearly).`,
          roleImportJob ? `Role import job: kept (${roleImportJob.id}).` : "Create the provisioning job from the app's template aws (role import).",
          "Test Connection with the key, save it as clientsecret and Secret Token, and switch provisioning on.",
          `Entra imports the roles of account ${accountId}${assumeRoleName ? ` (the role manager is made there through ${assumeRoleName})` : " (the portal's own account)"}.`,
        ],
      };
    }),
  labels: { run: "Set up the role import" },
  view: stepInputView(
    () => import("@/components/setup/legacy-inputs-client").then((m) => m.LegacyRoleImportStepInput),
    () => ({}),
  ),
  panels: [roleManagerKeyRotationPanel],
  screens: ["legacy-policy", "legacy-role-manager", "legacy-provisioning"],
});
