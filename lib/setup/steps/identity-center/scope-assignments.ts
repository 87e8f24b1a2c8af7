import "server-only";
import { z } from "zod";
import { ensureAppAssignment, listAppAssignments } from "../../../entra/app-assignments";
import { findGroupByDisplayName } from "../../../entra/find-group";
import { findUser } from "../../../entra/find-user";
import { listGroupMembers } from "../../../entra/list-group-members-transitive";
import { lintInScopeUsers, lintUser } from "../../../entra/lint-in-scope-users";
import { readProvisioningSecrets } from "../../../entra/provisioning-secrets";
import type { DirectoryUser } from "../../../entra/types";
import { usersNeedingAttention } from "../../attention";
import { StepError, type SetupContext } from "../../context";
import type { FederationFacts } from "../../facts";
import { stepRef } from "../../step-ref";
import { defineStep, stepInputView } from "../types";
import { appOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const scopeInput = z.object({
  principals: z.array(z.string().trim().min(1).max(256)).min(1, "name at least one group or user to assign").max(50),
});

type Principal = NonNullable<FederationFacts["assignments"]>["principals"][number];

/** A name as the admin typed it: a group's display name first, else a user's UPN (or mail). */
async function resolvePrincipals(context: SetupContext, names: string[]) {
  const gateway = await context.entra();
  const found: (Principal & { name: string })[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const group = await findGroupByDisplayName(gateway, name);
    const user = group.group ? null : await findUser(gateway, name);
    if (group.group) found.push({ name, id: group.group.id, type: "Group", displayName: group.group.displayName });
    else if (user?.user) found.push({ name, id: user.user.id, type: "User", displayName: user.user.userPrincipalName });
    else unknown.push(name);
  }
  return { found, unknown };
}

const unknownMessage = (unknown: string[]) => `Not found in Entra ID: ${unknown.join(", ")}. Use a group's display name or a user's UPN.`;

const problemsOf = (users: { user: DirectoryUser; issues: { message: string }[] }[]) =>
  users.filter((u) => u.issues.length).map((u) => ({ userPrincipalName: u.user.userPrincipalName, issues: u.issues.map((i) => i.message) }));

/** The sandbox tenant's project role groups, proposed for the scope there. */
const PROJECT_GROUPS = ["Project Admins", "Project Users", "Project Readers"] as const;

export const scopeAssignments = defineStep<z.infer<typeof scopeInput>>({
  id: "scope-assignments",
  side: "Entra",
  title: stepTitle("identity-center", "scope-assignments"),
  guide: "Provisioning → Settings → Scope: Sync only assigned users and groups. Users and groups → Add user/group → pick them → Assign.",
  how: "input",
  verifiedBy: 'The job\'s scope is "assigned only" and the chosen users and groups are assigned to the app; the users they bring into scope are linted.',
  requires: ["provisioning-credentials"],
  input: scopeInput,
  async run(context, { principals }) {
    const gateway = await context.entra();
    const app = appOf(context);
    const { found, unknown } = await resolvePrincipals(context, principals);
    const assigned: Principal[] = [];
    // Everyone found is assigned even when a name is unknown, so a retry after fixing the name adopts them.
    for (const { id, type, displayName } of found) {
      await ensureAppAssignment(gateway, { servicePrincipalId: app.servicePrincipalId, principalId: id });
      assigned.push({ id, type, displayName });
    }
    if (unknown.length) throw new StepError(unknownMessage(unknown));
    return { facts: { assignments: { principals: assigned } }, evidence: { assigned: assigned.map((p) => `${p.type} ${p.displayName}`) } };
  },
  async verify(context) {
    const gateway = await context.entra();
    const app = appOf(context);
    const [secrets, assignments] = await Promise.all([
      readProvisioningSecrets(gateway, app.servicePrincipalId),
      listAppAssignments(gateway, app.servicePrincipalId),
    ]);
    if (secrets.saved.syncAll !== false)
      throw new StepError(
        `Provisioning scope is "Sync all users and groups". Set it to "Sync only assigned users and groups" (run ${stepRef("provisioning-credentials")} again).`,
      );
    if (!assignments.assignments.length) throw new StepError("Nobody is assigned to the app yet, so nobody will be provisioned. Assign groups or users.");
    // The euid rule is checked over the users the assignments really bring into scope, now that there are some.
    const lint = await lintInScopeUsers(gateway, app.servicePrincipalId);
    const problems = problemsOf(lint.users);
    return {
      facts: { lint: { checked: lint.users.length, problems } },
      evidence: {
        scope: "only assigned users and groups",
        assigned: assignments.assignments.map((a) => `${a.principalType} ${a.principalDisplayName ?? a.principalId}`),
        inScopeUsersChecked: lint.users.length,
        ...usersNeedingAttention(problems),
      },
    };
  },
  async preview(context, { principals }) {
    const gateway = await context.entra();
    const app = appOf(context);
    const [{ found, unknown }, current] = await Promise.all([resolvePrincipals(context, principals), listAppAssignments(gateway, app.servicePrincipalId)]);
    const assignedIds = new Set(current.assignments.map((a) => a.principalId));
    const changes = found.map((p) =>
      assignedIds.has(p.id) ? `${p.type} ${p.displayName}: kept (already assigned).` : `Assign ${p.type.toLowerCase()} ${p.displayName} to the app.`,
    );
    if (unknown.length) changes.push(`Blocked: ${unknownMessage(unknown)}`);
    const others = current.assignments.filter((a) => !found.some((p) => p.id === a.principalId));
    if (others.length)
      changes.push(`Kept: ${others.map((a) => `${a.principalType} ${a.principalDisplayName ?? a.principalId}`).join(", ")} (nothing is removed).`);

    // Who these assignments bring into scope: direct members of the chosen groups and the chosen users, linted now.
    const users = new Map<string, DirectoryUser>();
    for (const p of found) {
      if (p.type === "User") {
        const user = await findUser(gateway, p.id);
        if (user.user) users.set(user.user.id, user.user);
      } else {
        const members = await listGroupMembers(gateway, p.id);
        for (const u of members.users) users.set(u.id, u);
      }
    }
    const problems = problemsOf([...users.values()].map((user) => ({ user, issues: lintUser(user, "group") })));
    changes.push(
      `${users.size} user${users.size === 1 ? "" : "s"} come into scope through these assignments${problems.length ? `; ${problems.length} need attention: ${problems.map((p) => `${p.userPrincipalName} (${p.issues.join("; ")})`).join(", ")}` : ", none flagged by the lint"}.`,
    );
    return { changes };
  },
  // The project role groups in the sandbox tenant; in a real tenant the admin chooses who is in scope.
  defaultInput: ({ sandbox }) => (sandbox ? { principals: [...PROJECT_GROUPS] } : null),
  labels: { run: "Assign them" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.ScopeStepInput),
    (view) => ({ suggestion: view.sandbox ? PROJECT_GROUPS.join("\n") : "" }),
  ),
  panels: [],
  screens: ["entra-provisioning-scope", "entra-add-assignment"],
});
