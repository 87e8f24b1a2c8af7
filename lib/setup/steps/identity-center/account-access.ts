import "server-only";
import { z } from "zod";
import { POLL_BACKOFF, backoffDelay, sleep, type Backoff } from "../../../aws/call";
import { createAwsClients } from "../../../aws/clients";
import { ACCOUNT_TARGET_PATTERN, expandAccountTargets } from "../../../aws/expand-account-targets";
import { findGroupByDisplayName } from "../../../aws/find-group-by-display-name";
import { listAccountAssignments } from "../../../aws/list-account-assignments";
import { listAccountsForProvisionedPermissionSet } from "../../../aws/list-accounts-for-provisioned-permission-set";
import { JOB_CLIENT_OPTIONS, runAwsJob } from "../../../aws-jobs/runner";
import { createAwsJob, progressLine, type NewAwsJobOperation } from "../../../aws-jobs/store";
import { requireFact, StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";
import { stepRef } from "../../step-ref";
import { DEFAULT_PERMISSION_SETS } from "../../steps";
import { defineStep, stepInputView, type StepPageView } from "../types";
import { instanceOf } from "./shared";
import { SANDBOX } from "../../../../sandbox/fixtures";
import { stepTitle } from "../../step-catalog";

export const accountAccessInput = z.object({
  grants: z
    .array(
      z.object({
        group: z.string().trim().min(1, "name the group").max(256),
        permissionSet: z.string().trim().min(1, "choose a permission set").max(32),
        targets: z
          .array(z.string().trim().regex(ACCOUNT_TARGET_PATTERN, "an account id (12 digits), an OU id (ou-…) or the root (r-…)"))
          .min(1, "pick at least one account or OU")
          .max(200),
      }),
    )
    .min(1, "give at least one group access")
    .max(20),
});
type AccountAccessInput = z.infer<typeof accountAccessInput>;

/** The project role groups' default permission sets (step permission-sets): Admins → ProjectAdmin, and so on. */
export function proposedPermissionSet(group: string, setNames: readonly string[]): string {
  const words: [RegExp, string][] = [
    [/admin/i, "Admin"],
    [/reader|read|view/i, "Reader"],
    [/user|developer|power/i, "User"],
  ];
  for (const [pattern, role] of words) {
    if (!pattern.test(group)) continue;
    const match = setNames.find((n) => n.toLowerCase().endsWith(role.toLowerCase()));
    if (match) return match;
  }
  return setNames[0] ?? "";
}

/** What the form starts with: each group chosen in the scope step, its proposed permission set, and (sandbox) every member account. */
export function accountAccessDefaults(view: Pick<StepPageView, "facts" | "sandbox">) {
  const setNames = view.facts.permissionSets?.map((p) => p.name) ?? DEFAULT_PERMISSION_SETS.map((p) => p.name);
  const groups = view.facts.assignments?.principals.filter((p) => p.type === "Group").map((p) => p.displayName) ?? [];
  const chosen = groups.length ? groups : ["Project Admins", "Project Users", "Project Readers"];
  const previous = view.facts.accountAccess?.grants;
  const suggested = view.sandbox ? [...SANDBOX.aws.memberAccountIds] : [];
  return {
    permissionSets: setNames,
    suggestedAccounts: suggested,
    grants: chosen.map((group) => {
      const before = previous?.find((g) => g.group === group);
      return { group, permissionSet: before?.permissionSet ?? proposedPermissionSet(group, setNames), targets: before?.accountIds ?? suggested };
    }),
  };
}

/** SCIM may not have created a group in AWS yet (Entra's cycle runs every 40 minutes): wait for it, bounded. */
export const GROUP_WAIT: Backoff = { initialMs: 2_000, maxMs: 15_000, timeoutMs: POLL_BACKOFF.timeoutMs };

interface ResolvedGrant {
  group: string;
  groupId: string | null;
  permissionSet: string;
  permissionSetArn: string;
  accountIds: string[];
}

async function resolve(context: SetupContext, grants: AccountAccessInput["grants"], waitForGroups: Backoff | null): Promise<ResolvedGrant[]> {
  const instance = instanceOf(context);
  const sets = requireFact(context, "permissionSets", `Create the permission sets first (${stepRef("permission-sets")}).`);
  const fieldErrors: Record<string, string[]> = {};
  grants.forEach((g, i) => {
    if (!sets.some((s) => s.name === g.permissionSet))
      fieldErrors[`grants.${i}.permissionSet`] = [`not one of the permission sets of ${stepRef("permission-sets")}: ${sets.map((s) => s.name).join(", ")}`];
  });
  if (Object.keys(fieldErrors).length) throw new StepError("Choose permission sets the checklist created.", fieldErrors);
  const resolved: ResolvedGrant[] = [];
  for (const g of grants) {
    const { accountIds } = await expandAccountTargets(context.aws(), g.targets);
    if (!accountIds.length) throw new StepError(`The OUs picked for ${g.group} hold no accounts.`);
    let groupId: string | null = null;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      groupId = (await findGroupByDisplayName(context.aws(), instance.identityStoreId, g.group)).group?.groupId ?? null;
      if (groupId || !waitForGroups) break;
      const wait = backoffDelay(waitForGroups, attempt);
      if (Date.now() - started + wait > waitForGroups.timeoutMs)
        throw new StepError(
          `${g.group} is not in AWS yet: Entra's provisioning has not created it after ${Math.round((Date.now() - started) / 1000)} s. Check that it is assigned to the app (${stepRef("scope-assignments")}) and that provisioning runs (${stepRef("start-provisioning")}), then run this step again.`,
        );
      context.onProgress?.({ waitingFor: `Entra's provisioning to create ${g.group} in AWS`, attempt: attempt + 1, nextCheckMs: wait });
      await sleep(wait);
    }
    const set = sets.find((s) => s.name === g.permissionSet);
    resolved.push({ group: g.group, groupId, permissionSet: g.permissionSet, permissionSetArn: set?.permissionSetArn ?? "", accountIds });
  }
  return resolved;
}

/** For each grant, the accounts where the group already holds the permission set and those where it does not. */
async function diff(context: SetupContext, grants: ResolvedGrant[]) {
  const instance = instanceOf(context);
  return Promise.all(
    grants.map(async (g) => {
      const keep: string[] = [];
      const create: string[] = [];
      for (const accountId of g.accountIds) {
        const held = g.groupId ? await listAccountAssignments(context.aws(), instance.instanceArn, accountId, g.permissionSetArn) : [];
        (held.some((a) => a.principalType === "GROUP" && a.principalId === g.groupId) ? keep : create).push(accountId);
      }
      return { grant: g, keep, create };
    }),
  );
}

const accounts = (ids: string[]) => (ids.length > 6 ? `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more` : ids.join(", "));

export const accountAccess = defineStep<AccountAccessInput>({
  id: "account-access",
  side: "AWS",
  title: stepTitle("identity-center", "account-access"),
  guide:
    "IAM Identity Center → AWS accounts → select accounts → Assign users or groups → Groups: the project groups → Permission sets: the matching project role → Submit.",
  how: "input",
  verifiedBy:
    "ListAccountAssignments shows each group with its permission set in each chosen account, and each permission set is provisioned to those accounts.",
  requires: ["permission-sets", "start-provisioning"],
  input: accountAccessInput,
  async run(context, { grants }) {
    const instance = instanceOf(context);
    const resolved = await resolve(context, grants, GROUP_WAIT);
    const plan = await diff(context, resolved);
    const operations: NewAwsJobOperation[] = plan.flatMap(({ grant, create }) =>
      create.map((accountId) => ({
        kind: "create-assignment" as const,
        params: {
          accountId,
          permissionSetArn: grant.permissionSetArn,
          principalType: "GROUP" as const,
          principalId: grant.groupId ?? "",
          label: `${grant.group} → ${grant.permissionSet}`,
        },
      })),
    );
    let jobId: string | null = null;
    if (operations.length) {
      const created = await createAwsJob(context.database, {
        kind: "account-access",
        title: `Setup: ${operations.length} account assignments`,
        federationId: context.federationId,
        instanceArn: instance.instanceArn,
        actor: { email: context.actor.email, role: "admin" },
        operations,
      });
      jobId = created.jobId;
      // The job's own clients: the SDK's standard retry, paced by the job (lib/aws-jobs/runner.ts).
      const clients = createAwsClients(context.aws().target, JOB_CLIENT_OPTIONS);
      try {
        const result = await runAwsJob(context.database, jobId, {
          clients,
          onProgress: (p) =>
            context.onProgress?.({
              waitingFor: `AWS to create the account assignments (${progressLine(p)})`,
              left: `${p.total - p.byStatus.succeeded - p.byStatus.failed} of ${p.total} assignments left`,
            }),
        });
        if (!result.ok) throw new StepError(`The assignment job could not run (${result.reason}). Run the step again: it resumes where it stopped.`);
        const p = result.progress;
        if (p.status !== "succeeded")
          throw new StepError(`${progressLine(p)}. ${p.failures.map((f) => `${f.label}: ${f.error}`).join("; ")}. Run the step again to retry what failed.`);
      } finally {
        clients.destroy();
      }
    }
    const keptCount = plan.reduce((n, d) => n + d.keep.length, 0);
    return {
      facts: {
        accountAccess: {
          jobId,
          grants: resolved.map((g) => ({
            group: g.group,
            groupId: g.groupId ?? "",
            permissionSet: g.permissionSet,
            permissionSetArn: g.permissionSetArn,
            accountIds: g.accountIds,
          })),
        },
      },
      evidence: {
        created: operations.length,
        kept: keptCount,
        grants: plan.map(({ grant, create, keep }) => `${grant.group} → ${grant.permissionSet}: ${create.length} created, ${keep.length} kept`),
      },
    };
  },
  async verify(context) {
    const instance = instanceOf(context);
    const access: NonNullable<FederationFacts["accountAccess"]> = requireFact(context, "accountAccess", "Give the groups access first.");
    const problems: string[] = [];
    let assignments = 0;
    let provisioned = 0;
    for (const g of access.grants) {
      const provisionedTo = new Set((await listAccountsForProvisionedPermissionSet(context.aws(), instance.instanceArn, g.permissionSetArn)).accountIds);
      const missing: string[] = [];
      const notProvisioned: string[] = [];
      for (const accountId of g.accountIds) {
        const held = await listAccountAssignments(context.aws(), instance.instanceArn, accountId, g.permissionSetArn);
        if (held.some((a) => a.principalType === "GROUP" && a.principalId === g.groupId)) assignments++;
        else missing.push(accountId);
        if (provisionedTo.has(accountId)) provisioned++;
        else notProvisioned.push(accountId);
      }
      if (missing.length) problems.push(`${g.group} lacks ${g.permissionSet} in ${accounts(missing)}`);
      if (notProvisioned.length) problems.push(`${g.permissionSet} is not provisioned to ${accounts(notProvisioned)}`);
    }
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run the step again to repair it.`);
    return {
      evidence: {
        assignments,
        provisioned,
        grants: access.grants.map((g) => `${g.group} → ${g.permissionSet}: ${g.accountIds.length} account(s)`),
      },
    };
  },
  async preview(context, { grants }) {
    // The preview never waits for SCIM: a group not in AWS yet is named as such.
    const resolved = await resolve(context, grants, null);
    const plan = await diff(context, resolved);
    const changes = plan.map(({ grant, create, keep }) => {
      const who = `${grant.group} → ${grant.permissionSet}`;
      const parts = [
        create.length ? `create in ${create.length} account(s): ${accounts(create)}` : null,
        keep.length ? `keep in ${keep.length} account(s): ${accounts(keep)}` : null,
        grant.groupId ? null : "(the group is not in AWS yet: the run waits for Entra's provisioning to create it)",
      ].filter(Boolean);
      return `${who}: ${parts.join("; ")}.`;
    });
    changes.push("No assignment is removed.");
    return { changes };
  },
  // What the card proposes; without accounts to give (a real organization: the admin picks them) it needs a person.
  defaultInput: (known) => {
    const grants = accountAccessDefaults(known).grants.filter((g) => g.permissionSet && g.targets.length);
    return grants.length ? { grants } : null;
  },
  labels: { run: "Give access" },
  view: stepInputView(
    () => import("@/components/setup/account-access-input-client").then((m) => m.AccountAccessStepInput),
    (view) => accountAccessDefaults(view),
  ),
  panels: [
    () => import("@/components/setup/account-access-next").then((m) => m.AccountAccessProgressPanel),
    () => import("@/components/setup/account-access-next").then((m) => m.AccountAccessNextPanel),
  ],
  // The guides' last screen (seed 003's "assign permissions to the users and access AWS accounts"); the permission
  // sets screen stays on step permission-sets' card (a screen is on at most one card).
  screens: ["aws-group-membership-cli"],
});
