import "server-only";
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
import { recordCreated } from "../../store";
import { defineStep } from "../types";
import { accountsOf, appOf, callerAccountOf, inEachAccount, legacyRef } from "./shared";

/** IAM allows two access keys per user (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
const MAX_KEYS = 2;
/** How long the run waits for the job's first cycle (the import) before leaving it to the schedule. */
const FIRST_CYCLE_WAIT_MS = 30_000;

/**
 * The account whose roles this app imports (one app per account): the one a federation was added for, else the one
 * the portal's credentials belong to. A member account is reached through the role named for it, so the role-manager
 * user, its policy and its key are made in that account and Entra's import reads that account's roles.
 */
function importAccountOf(context: SetupContext): AccountTarget & { providerArn: string } {
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
async function inImportAccount<T>(context: SetupContext, work: (clients: AwsClients, account: ReturnType<typeof importAccountOf>) => Promise<T>): Promise<T> {
  const account = importAccountOf(context);
  const [result] = await inEachAccount(context, [account], (clients) => work(clients, account));
  return result as T;
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

/**
 * Entra relays AWS's answer to its ListRoles call in the error's text; the AWS error codes it names are documented
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html) and become the admin's words here.
 */
function testConnectionWords(result: { message: string; detail: string | null }, accessKeyId: string): string {
  const detail = result.detail ?? "";
  if (/SignatureDoesNotMatch/.test(detail))
    return `AWS refused the secret access key stored for access key ${accessKeyId}: the signature did not match, so the secret is wrong. Create a new key (run this step after deleting the old one in IAM) rather than retyping it.`;
  if (/InvalidClientTokenId/.test(detail))
    return `AWS does not know the access key ${accessKeyId}: it was deleted or deactivated in IAM (user ${ROLE_MANAGER_USER}).`;
  if (/AccessDenied/.test(detail))
    return `the access key works, but the IAM user ${ROLE_MANAGER_USER} may not call iam:ListRoles: attach the EntraRoleImport policy again.`;
  return `${result.message} Check the role manager's access key in IAM (user ${ROLE_MANAGER_USER}).`;
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

export const roleImport = defineStep({
  id: "role-import",
  side: "Both",
  title: "Role import: the iam:ListRoles user, its access key and Entra's provisioning",
  guide:
    "IAM → Policies → Create policy (JSON: iam:ListRoles on *); IAM → Users → Create user, attach the policy, create an access key. " +
    "In the enterprise app: Provisioning → Automatic → clientsecret = access key ID, Secret Token = secret access key → Test Connection → Save → Provisioning Status On. " +
    "Entra then imports each role that trusts exactly one SAML provider as an app role.",
  how: "automated",
  verifiedBy:
    "Test Connection with the saved key succeeds; the job runs; every role trusting the provider with one provider only is an app role (roleArn,providerArn); the others are listed as skipped with why.",
  requires: ["iam-roles"],
  input: null,
  run: (context) =>
    inImportAccount(context, async (clients, { accountId, providerArn }) => {
      const made = await ensureRoleManager(clients, accountId);
      const { key, outcome } = await keyFor(context, clients, accountId);
      const gateway = await context.entra();
      const app = appOf(context);
      const job = await ensureProvisioningJob(gateway, { servicePrincipalId: app.servicePrincipalId, templateId: AWS_ROLE_IMPORT_TEMPLATE_ID });
      const ref = { servicePrincipalId: app.servicePrincipalId, jobId: job.jobId };
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
  preview: (context) =>
    inImportAccount(context, async (clients, { accountId, assumeRoleName }) => {
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
          keyKept
            ? `Access key: kept (${stored.accessKeyId}, created ${stored.createdAt?.toISOString().slice(0, 10) ?? "at an unknown date"}).`
            : `Create an access key for ${ROLE_MANAGER_USER} and store it encrypted in the portal (a long-lived key: rotate it yearly).`,
          roleImportJob ? `Role import job: kept (${roleImportJob.id}).` : "Create the provisioning job from the app's template aws (role import).",
          "Test Connection with the key, save it as clientsecret and Secret Token, and switch provisioning on.",
          `Entra imports the roles of account ${accountId}${assumeRoleName ? ` (the role manager is made there through ${assumeRoleName})` : " (the portal's own account)"}.`,
        ],
      };
    }),
  labels: { run: "Set up the role import" },
  view: null,
  panels: [],
  screens: ["legacy-policy", "legacy-role-manager", "legacy-provisioning"],
});
