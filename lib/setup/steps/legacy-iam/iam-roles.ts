import "server-only";
import { z } from "zod";
import { ensureSamlRole, LEGACY_ROLE_PATH, previewSamlRole, samlTrustPolicyJson } from "../../../aws/ensure-saml-role";
import { listRolesTrustingProvider } from "../../../aws/list-roles-trusting-provider";
import { StepError, type SetupContext } from "../../context";
import { defineStep, stepInputView } from "../types";
import { accountsOf, inEachAccount } from "./shared";
import { stepTitle } from "../../step-catalog";

const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/;

/** The tutorial's example roles, as a starting point the admin edits. */
export const DEFAULT_LEGACY_ROLES = [
  { name: "EntraAdministrator", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
  { name: "EntraReadOnly", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
];

export const iamRolesInput = z
  .object({
    roles: z
      .array(
        z.object({
          name: z
            .string()
            .trim()
            .regex(/^[\w+=,.@-]{1,64}$/, "1–64 letters, digits or + = , . @ _ - (no spaces)"),
          managedPolicyArns: z
            .array(z.string().trim().regex(MANAGED_POLICY_ARN, "a managed policy ARN, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess"))
            .min(1, "pick at least one policy")
            .max(10, "at most 10 managed policies per role (IAM's default quota)"),
        }),
      )
      .min(1, "at least one role")
      .max(20, "at most 20 roles")
      .refine((roles) => new Set(roles.map((r) => r.name.toLowerCase())).size === roles.length, "role names must differ (IAM ignores case)"),
  })
  .optional();
type Input = z.infer<typeof iamRolesInput>;

const wantedOf = (context: SetupContext, input: Input) =>
  input?.roles ??
  (context.facts.legacyRoles?.length
    ? [...new Map(context.facts.legacyRoles.map((r) => [r.roleName, { name: r.roleName, managedPolicyArns: r.managedPolicyArns }])).values()]
    : DEFAULT_LEGACY_ROLES);

export const iamRoles = defineStep<Input>({
  id: "iam-roles",
  side: "AWS",
  title: stepTitle("legacy-iam", "iam-roles"),
  guide:
    "In each account: IAM → Roles → Create role → SAML 2.0 federation → the provider → Allow programmatic and AWS Management Console access; attach the permission policies; name the role. " +
    "Each trusts only this provider, for sts:AssumeRoleWithSAML with SAML:aud https://signin.aws.amazon.com/saml.",
  how: "automated",
  verifiedBy:
    "ListRoles in each account finds each role trusting the provider with the audience https://signin.aws.amazon.com/saml, importable by Entra (one provider only).",
  requires: ["iam-saml-provider"],
  input: iamRolesInput,
  async run(context, input) {
    const roles = wantedOf(context, input);
    const { accounts } = accountsOf(context);
    const results = await inEachAccount(context, accounts, async (clients, account) => {
      const out = [];
      for (const role of roles) {
        if (!account.providerArn) throw new StepError(`Account ${account.accountId} has no provider recorded. Run the provider step again.`);
        const result = await ensureSamlRole(clients, { roleName: role.name, providerArn: account.providerArn, managedPolicyArns: role.managedPolicyArns });
        out.push({
          accountId: account.accountId,
          roleName: role.name,
          roleArn: result.roleArn,
          managedPolicyArns: role.managedPolicyArns,
          outcome: result.outcome,
        });
      }
      return out;
    });
    const flat = results.flat();
    return {
      facts: { legacyRoles: flat.map(({ outcome: _outcome, ...role }) => role) },
      evidence: { roles: flat.map((r) => `${r.roleArn}: ${r.outcome}`) },
    };
  },
  async verify(context) {
    const { accounts } = accountsOf(context);
    const recorded = context.facts.legacyRoles ?? [];
    if (!recorded.length) throw new StepError("No roles are recorded yet. Run this step.");
    const problems: string[] = [];
    const found = await inEachAccount(context, accounts, async (clients, account) => {
      const trusting = account.providerArn ? (await listRolesTrustingProvider(clients, account.providerArn)).roles : [];
      for (const role of recorded.filter((r) => r.accountId === account.accountId)) {
        const live = trusting.find((t) => t.roleArn === role.roleArn);
        if (!live) problems.push(`${role.roleArn} does not trust ${account.providerArn ?? "the provider"}`);
        else if (!live.audiences.includes("https://signin.aws.amazon.com/saml"))
          problems.push(`${role.roleArn} does not require SAML:aud https://signin.aws.amazon.com/saml`);
        else if (!live.importable) problems.push(`${role.roleArn} trusts more than one provider, so Entra will not import it`);
      }
      return trusting.length;
    });
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again.`);
    return { evidence: { roles: recorded.map((r) => r.roleArn), rolesTrustingProvider: found } };
  },
  async preview(context, input) {
    const roles = wantedOf(context, input);
    const { accounts } = accountsOf(context);
    const lines = await inEachAccount(context, accounts, async (clients, account) => {
      const out: string[] = [];
      const providerArn = account.providerArn ?? `arn:aws:iam::${account.accountId}:saml-provider/(provider)`;
      for (const role of roles) {
        const p = await previewSamlRole(clients, { roleName: role.name, providerArn, managedPolicyArns: role.managedPolicyArns });
        const where = `Account ${account.accountId}, role ${role.name}`;
        if (p.foreign) {
          out.push(`Blocked: ${where} exists outside ${LEGACY_ROLE_PATH} (made elsewhere); the portal does not change it. Choose another name.`);
          continue;
        }
        if (p.action === "create") out.push(`${where}: create under ${LEGACY_ROLE_PATH} with trust policy ${samlTrustPolicyJson(providerArn)}`);
        else if (p.action === "update-trust") out.push(`${where}: trust policy → ${samlTrustPolicyJson(providerArn)}`);
        else out.push(`${where}: trust policy kept (${p.roleArn ?? role.name}).`);
        out.push(
          p.attach.length
            ? `${where}: attach permission policies ${JSON.stringify(p.attach, null, 2)}`
            : `${where}: permission policies kept (${role.managedPolicyArns.join(", ")}).`,
        );
        if (p.kept.length) out.push(`${where}: also attached, left alone: ${p.kept.join(", ")}.`);
      }
      return out;
    });
    return { changes: lines.flat() };
  },
  labels: { run: "Create or update the roles" },
  view: stepInputView(
    () => import("@/components/setup/legacy-inputs-client").then((m) => m.LegacyRolesStepInput),
    (view) => ({
      roles: view.facts.legacyRoles?.length
        ? [...new Map(view.facts.legacyRoles.map((r) => [r.roleName, { name: r.roleName, managedPolicyArns: r.managedPolicyArns }])).values()]
        : DEFAULT_LEGACY_ROLES,
    }),
  ),
  panels: [],
  screens: ["legacy-role"],
});
