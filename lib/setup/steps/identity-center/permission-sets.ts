import "server-only";
import { z } from "zod";
import { ensurePermissionSet, previewPermissionSet } from "../../../aws/ensure-permission-set";
import { listPermissionSets } from "../../../aws/list-permission-sets";
import { provisionPermissionSet, waitForPermissionSetProvisioning } from "../../../aws/provision-permission-set";
import { requireFact, StepError } from "../../context";
import type { FederationFacts } from "../../facts";
import { DEFAULT_PERMISSION_SETS } from "../../steps";
import { defineStep, stepInputView } from "../types";
import { instanceOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const permissionSetsInput = z.object({
  sets: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .regex(/^[\w+=,.@-]{1,32}$/, "1–32 letters, digits or + = , . @ _ - (no spaces)"),
        managedPolicyArn: z
          .string()
          .trim()
          .regex(/^arn:aws:iam::aws:policy\/.+$/, "an AWS managed policy ARN"),
      }),
    )
    .min(1, "choose at least one permission set")
    .max(10),
});

export const permissionSets = defineStep<z.infer<typeof permissionSetsInput>>({
  id: "permission-sets",
  side: "AWS",
  title: stepTitle("identity-center", "permission-sets"),
  guide:
    "IAM Identity Center → Permission sets → Create permission set → Predefined permission set: AdministratorAccess, PowerUserAccess, ViewOnlyAccess, named for the project roles.",
  how: "input",
  verifiedBy: "Each permission set is described with its managed policy, and its provisioning status is SUCCEEDED.",
  requires: ["enable-instance"],
  input: permissionSetsInput,
  async run(context, { sets }) {
    const instance = instanceOf(context);
    const results: NonNullable<FederationFacts["permissionSets"]> = [];
    for (const set of sets) {
      const ensured = await ensurePermissionSet(context.aws(), instance.instanceArn, {
        name: set.name,
        managedPolicyArns: [set.managedPolicyArn],
        sessionDuration: "PT8H",
      });
      const left = `${sets.length - results.length} of ${sets.length} permission sets left`;
      context.onProgress?.({ waitingFor: `AWS to provision ${set.name} (${ensured.outcome}) to the accounts`, attempt: 1, left });
      const started = await provisionPermissionSet(context.aws(), instance.instanceArn, ensured.permissionSet.permissionSetArn, "all-provisioned-accounts");
      const finished =
        started.status === "IN_PROGRESS"
          ? await waitForPermissionSetProvisioning(context.aws(), instance.instanceArn, started.provisioningRequestId, {
              onProgress: (p) =>
                context.onProgress?.({
                  waitingFor: `AWS to provision ${set.name} to the accounts (${p.status.toLowerCase().replace("_", " ")})`,
                  attempt: p.polls,
                  left,
                }),
            })
          : started;
      if (finished.status === "FAILED") throw new StepError(`Provisioning ${set.name} failed: ${finished.failureReason ?? "AWS gave no reason"}.`);
      results.push({
        name: set.name,
        permissionSetArn: ensured.permissionSet.permissionSetArn,
        managedPolicyArn: set.managedPolicyArn,
        status: finished.status,
      });
    }
    return {
      facts: { permissionSets: results },
      evidence: { permissionSets: results.map((r) => `${r.name} → ${r.managedPolicyArn.split("/").pop()}: ${r.status}`) },
    };
  },
  async verify(context) {
    const instance = instanceOf(context);
    const wanted = requireFact(context, "permissionSets", "Create the permission sets first.");
    const listed = await listPermissionSets(context.aws(), instance.instanceArn, { withPolicies: true });
    const problems = wanted.flatMap((w) => {
      const found = listed.permissionSets.find((p) => p.name === w.name);
      if (!found) return [`${w.name} no longer exists in AWS`];
      return found.managedPolicyArns.includes(w.managedPolicyArn) ? [] : [`${w.name} lacks ${w.managedPolicyArn}`];
    });
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run the step again to repair it.`);
    return { evidence: { permissionSets: wanted.map((w) => `${w.name}: ${w.managedPolicyArn.split("/").pop()}`) } };
  },
  async preview(context, { sets }) {
    const instance = instanceOf(context);
    const changes: string[] = [];
    for (const set of sets) {
      const preview = await previewPermissionSet(context.aws(), instance.instanceArn, {
        name: set.name,
        managedPolicyArns: [set.managedPolicyArn],
        sessionDuration: "PT8H",
      });
      const what = preview.changes.map((c) =>
        c.kind === "attach-managed-policy"
          ? `attach ${c.policyArn}`
          : c.kind === "create-permission-set"
            ? "create"
            : `${c.field} ${c.from ?? "(none)"} → ${c.to}`,
      );
      // Policies attached in AWS but not asked for are never detached by the portal.
      const kept = preview.extraManagedPolicyArns.length ? `; keeps ${preview.extraManagedPolicyArns.join(", ")}` : "";
      changes.push(`${set.name}: ${what.length ? what.join(", ") : "already as wanted (adopted)"}${kept}; then provision it.`);
    }
    return { changes };
  },
  // The project roles as proposed on the card (a re-run keeps the sets created before).
  defaultInput: ({ facts }) => ({
    sets: facts.permissionSets?.length
      ? facts.permissionSets.map(({ name, managedPolicyArn }) => ({ name, managedPolicyArn }))
      : DEFAULT_PERMISSION_SETS.map(({ name, managedPolicyArn }) => ({ name, managedPolicyArn })),
  }),
  labels: { run: "Create and provision permission sets" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.PermissionSetsStepInput),
    () => ({ defaults: DEFAULT_PERMISSION_SETS }),
  ),
  panels: [],
  screens: ["aws-permission-sets"],
});
