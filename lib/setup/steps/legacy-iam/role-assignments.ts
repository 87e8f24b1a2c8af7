import "server-only";
import { z } from "zod";
import { ensureAppAssignment, listAppAssignments } from "../../../entra/app-assignments";
import { findGroupByDisplayName } from "../../../entra/find-group";
import { findUser } from "../../../entra/find-user";
import { readServicePrincipal } from "../../../entra/service-principal";
import { StepError, type SetupContext } from "../../context";
import { defineStep, stepInputView } from "../types";
import { appOf, legacyRef } from "./shared";
import { stepTitle } from "../../step-catalog";

export const roleAssignmentsInput = z
  .object({
    assignments: z
      .array(
        z.object({
          principal: z.string().trim().min(1, "a user's UPN or a group's name"),
          role: z.string().trim().min(1, "an imported role's name (e.g. EntraReadOnly)"),
        }),
      )
      .min(1, "at least one assignment")
      .max(50, "at most 50 at a time"),
  })
  .optional();
type Input = z.infer<typeof roleAssignmentsInput>;

/** An imported role by its name (the part after role/… in its ARN), its display name or its whole value. */
function roleNamed(roles: { id: string; value: string | null; displayName: string; isEnabled: boolean }[], wanted: string) {
  const lower = wanted.toLowerCase();
  return roles.find((r) => {
    if (!r.isEnabled || !r.value?.includes(",arn:")) return false;
    const roleArn = r.value.split(",")[0] ?? "";
    return roleArn.toLowerCase().endsWith(`/${lower}`) || r.displayName.toLowerCase() === lower || r.value.toLowerCase() === lower;
  });
}

/** Users by UPN, groups by exact display name; ambiguity and absence are the admin's to fix, never guessed. */
async function resolve(context: SetupContext, input: NonNullable<Input>) {
  const gateway = await context.entra();
  const sp = await readServicePrincipal(gateway, appOf(context).servicePrincipalId);
  const problems: Record<string, string[]> = {};
  const resolved: { principalId: string; principal: string; type: "User" | "Group"; roleId: string; roleValue: string }[] = [];
  for (const [index, a] of input.assignments.entries()) {
    const role = roleNamed(sp.appRoles, a.role);
    if (!role) (problems[`assignments.${index}.role`] ??= []).push(`no imported role named ${a.role} (run ${legacyRef("role-import")} first?)`);
    let principal: { id: string; type: "User" | "Group" } | null = null;
    if (a.principal.includes("@")) {
      const found = await findUser(gateway, a.principal);
      if (found.user) principal = { id: found.user.id, type: "User" };
    } else {
      const found = await findGroupByDisplayName(gateway, a.principal);
      if (found.ambiguous.length) (problems[`assignments.${index}.principal`] ??= []).push(`several groups are named ${a.principal}`);
      else if (found.group) principal = { id: found.group.id, type: "Group" };
    }
    if (!principal && !problems[`assignments.${index}.principal`])
      (problems[`assignments.${index}.principal`] ??= []).push(`no user or group ${a.principal} in Entra`);
    if (principal && role)
      resolved.push({ principalId: principal.id, principal: a.principal, type: principal.type, roleId: role.id, roleValue: role.value ?? "" });
  }
  if (Object.keys(problems).length) throw new StepError(`Check the assignments: ${Object.values(problems).flat().join("; ")}.`, problems);
  return resolved;
}

const DEFAULT_INPUT = (context: SetupContext): Input =>
  context.facts.legacyAssignments?.length
    ? { assignments: context.facts.legacyAssignments.map((a) => ({ principal: a.principal, role: a.roleValue })) }
    : undefined;

export const roleAssignments = defineStep<Input>({
  id: "role-assignments",
  side: "Entra",
  title: stepTitle("legacy-iam", "role-assignments"),
  guide: "Enterprise app → Users and groups → Add user/group → pick users or groups → Select a role (an imported AWS role) → Assign.",
  how: "automated",
  verifiedBy: "Each chosen user or group reads back assigned to the app with the chosen imported role.",
  requires: ["role-import"],
  input: roleAssignmentsInput,
  async run(context, input) {
    const wanted = input ?? DEFAULT_INPUT(context);
    if (!wanted) throw new StepError("Name at least one user or group and the role to give them.", { assignments: ["at least one assignment"] });
    const resolved = await resolve(context, wanted);
    const gateway = await context.entra();
    const results = [];
    for (const r of resolved)
      results.push({
        ...r,
        outcome: (
          await ensureAppAssignment(gateway, { servicePrincipalId: appOf(context).servicePrincipalId, principalId: r.principalId, appRoleId: r.roleId })
        ).outcome,
      });
    return {
      facts: {
        legacyAssignments: resolved.map(({ principalId, principal, type, roleId, roleValue }) => ({ principalId, principal, type, roleId, roleValue })),
      },
      evidence: { assignments: results.map((r) => `${r.principal} → ${r.roleValue.split(",")[0] ?? ""}: ${r.outcome}`) },
    };
  },
  async verify(context) {
    const recorded = context.facts.legacyAssignments ?? [];
    if (!recorded.length) throw new StepError("No assignments are recorded yet. Run this step.");
    const { assignments } = await listAppAssignments(await context.entra(), appOf(context).servicePrincipalId);
    const missing = recorded.filter((r) => !assignments.some((a) => a.principalId === r.principalId && a.appRoleId === r.roleId));
    if (missing.length) throw new StepError(`Not assigned any more: ${missing.map((m) => m.principal).join(", ")}. Run this step again.`);
    return { evidence: { assignments: recorded.map((r) => `${r.principal} (${r.type}) → ${r.roleValue.split(",")[0] ?? ""}`) } };
  },
  async preview(context, input) {
    const wanted = input ?? DEFAULT_INPUT(context);
    if (!wanted) return { changes: ["Name at least one user or group and the role to give them."] };
    const resolved = await resolve(context, wanted);
    const { assignments } = await listAppAssignments(await context.entra(), appOf(context).servicePrincipalId);
    return {
      changes: resolved.map((r) =>
        assignments.some((a) => a.principalId === r.principalId && a.appRoleId === r.roleId)
          ? `${r.principal}: kept (already assigned ${r.roleValue.split(",")[0] ?? ""}).`
          : `Assign ${r.type === "User" ? "user" : "group"} ${r.principal} with the role ${r.roleValue}.`,
      ),
    };
  },
  labels: { run: "Assign" },
  view: stepInputView(
    () => import("@/components/setup/legacy-inputs-client").then((m) => m.LegacyAssignmentsStepInput),
    (view) => ({
      assignments: (view.facts.legacyAssignments ?? []).map((a) => ({
        principal: a.principal,
        role: a.roleValue.split(",")[0]?.split("/").pop() ?? a.roleValue,
      })),
      roles: (view.facts.roleImport?.imported ?? []).map((r) => r.value.split(",")[0]?.split("/").pop() ?? r.displayName),
    }),
  ),
  panels: [],
  screens: ["legacy-assign"],
});
