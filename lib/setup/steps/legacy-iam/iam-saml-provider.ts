import "server-only";
import { z } from "zod";
import { DEFAULT_MEMBER_ROLE } from "../../../aws/account-clients";
import { ensureSamlProvider, previewSamlProvider, readSamlProviderMetadata } from "../../../aws/ensure-saml-provider";
import { StepError, type SetupContext } from "../../context";
import { accountsOfOtherFederations } from "../../federations";
import { StepInputError } from "../../step-input-error";
import { defineStep, stepInputView } from "../types";
import { accountsOf, callerAccountOf, idpMetadataOf, inEachAccount } from "./shared";
import { stepTitle } from "../../step-catalog";

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const DEFAULT_PROVIDER_NAME = "EntraID";

export const iamSamlProviderInput = z
  .object({
    providerName: z
      .string()
      .trim()
      .regex(/^[\w._-]{1,128}$/, "1–128 letters, digits, dots, underscores or hyphens")
      .optional(),
    /** Member accounts beside the management account, each with the role to assume in it. */
    memberAccounts: z
      .array(
        z.object({
          accountId: z.string().trim().regex(ACCOUNT_ID, "an AWS account ID (12 digits)"),
          assumeRoleName: z.string().trim().regex(ROLE_NAME, "a role name (letters, digits and + = , . @ _ -)").default(DEFAULT_MEMBER_ROLE),
        }),
      )
      .max(20, "at most 20 accounts per app (one app per account is Microsoft's advice)")
      .optional(),
  })
  .optional();
type Input = z.infer<typeof iamSamlProviderInput>;

/**
 * The accounts and provider name: the input, else what the federation chose before, else the management account alone.
 * A federation added for one account (its app is that account's, Microsoft's "one app per account") reaches that account
 * only: directly when it is the portal's own, else through the role named when it was added.
 */
function wantedOf(context: SetupContext, input: Input) {
  const caller = callerAccountOf(context);
  const before = context.facts.legacyAccounts;
  const providerName = input?.providerName ?? before?.providerName ?? DEFAULT_PROVIDER_NAME;
  const target = context.facts.legacyTarget;
  if (target) {
    if (input?.memberAccounts?.some((m) => m.accountId !== target.accountId))
      throw new StepInputError(
        `This app is for account ${target.accountId} only (one app per account): add an app for another account on the Setup page instead.`,
        {
          memberAccounts: ["this app reaches only its own account"],
        },
      );
    return { providerName, accounts: [{ accountId: target.accountId, assumeRoleName: target.accountId === caller ? null : target.assumeRoleName }] };
  }
  const members =
    input?.memberAccounts ??
    before?.accounts.filter((a) => a.accountId !== caller).map((a) => ({ accountId: a.accountId, assumeRoleName: a.assumeRoleName ?? DEFAULT_MEMBER_ROLE })) ??
    [];
  const accounts = [
    { accountId: caller, assumeRoleName: null },
    ...members.filter((m, index) => m.accountId !== caller && members.findIndex((x) => x.accountId === m.accountId) === index),
  ];
  return { providerName, accounts };
}

/** Refuses accounts another legacy federation's app already reaches: two apps writing one provider would undo each other's metadata. */
async function refuseTakenAccounts(context: SetupContext, accounts: readonly { accountId: string }[]) {
  const taken = await accountsOfOtherFederations(context.database, context.federationId);
  const clashes = accounts.filter((a) => taken.has(a.accountId));
  if (clashes.length)
    throw new StepInputError(
      clashes.map((a) => `Account ${a.accountId} is already reached by the app of federation "${taken.get(a.accountId)}"`).join("; ") +
        ". One app per account: leave it out here.",
      { memberAccounts: clashes.map((a) => `${a.accountId}: another app's account`) },
    );
}

const via = (a: { assumeRoleName: string | null }) => (a.assumeRoleName ? ` (through ${a.assumeRoleName})` : " (management account)");

export const iamSamlProvider = defineStep<Input>({
  id: "iam-saml-provider",
  side: "AWS",
  title: stepTitle("legacy-iam", "iam-saml-provider"),
  guide:
    "In each AWS account: IAM → Identity providers → Add provider → SAML; name it (e.g. EntraID) and upload Entra's Federation Metadata XML. Member accounts are reached by assuming a role in them (OrganizationAccountAccessRole unless you name another).",
  how: "automated",
  verifiedBy: "In each account, IAM's provider of that name holds exactly Entra's current federation metadata.",
  requires: ["legacy-certificate"],
  input: iamSamlProviderInput,
  async run(context, input) {
    const wanted = wantedOf(context, input);
    await refuseTakenAccounts(context, wanted.accounts);
    const xml = idpMetadataOf(context).xml;
    const results = await inEachAccount(context, wanted.accounts, async (clients, account) => ({
      ...account,
      ...(await ensureSamlProvider(clients, wanted.providerName, xml)),
    }));
    return {
      facts: {
        legacyAccounts: {
          providerName: wanted.providerName,
          accounts: results.map((r) => ({ accountId: r.accountId, assumeRoleName: r.assumeRoleName, providerArn: r.providerArn })),
        },
      },
      evidence: { providers: results.map((r) => `${r.accountId}: ${r.outcome} ${r.providerArn}`) },
    };
  },
  async verify(context) {
    const { accounts } = accountsOf(context);
    const xml = idpMetadataOf(context).xml.replace(/^\uFEFF/, "");
    const problems: string[] = [];
    await inEachAccount(context, accounts, async (clients, account) => {
      if (!account.providerArn) return problems.push(`${account.accountId}: no provider recorded`);
      if ((await readSamlProviderMetadata(clients, account.providerArn)) !== xml)
        problems.push(`${account.accountId}: the provider does not hold Entra's current federation metadata`);
    });
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again.`);
    return { evidence: { providers: accounts.map((a) => `${a.accountId}: ${a.providerArn ?? "?"}`) } };
  },
  async preview(context, input) {
    const wanted = wantedOf(context, input);
    await refuseTakenAccounts(context, wanted.accounts);
    const xml = idpMetadataOf(context).xml;
    const lines = await inEachAccount(context, wanted.accounts, async (clients, account) => {
      const preview = await previewSamlProvider(clients, wanted.providerName, xml);
      if (preview.action === "create")
        return `Account ${account.accountId}${via(account)}: create the SAML provider "${wanted.providerName}" from Entra's federation metadata.`;
      if (preview.action === "update")
        return `Account ${account.accountId}${via(account)}: replace the metadata of ${preview.providerArn} with Entra's current federation metadata.`;
      return `Account ${account.accountId}${via(account)}: no change (${preview.providerArn} already holds the current metadata).`;
    });
    return { changes: lines };
  },
  labels: { run: "Create or update the providers" },
  view: stepInputView(
    () => import("@/components/setup/legacy-inputs-client").then((m) => m.LegacyAccountsStepInput),
    (view) => ({
      providerName: view.facts.legacyAccounts?.providerName ?? DEFAULT_PROVIDER_NAME,
      managementAccount: view.facts.preflight?.aws?.account ?? null,
      // A federation added for one account: that account only, no member list to edit.
      fixedAccount: view.facts.legacyTarget ? { accountId: view.facts.legacyTarget.accountId, assumeRoleName: view.facts.legacyTarget.assumeRoleName } : null,
      memberAccounts: (view.facts.legacyAccounts?.accounts ?? [])
        .filter((a) => a.assumeRoleName)
        .map((a) => ({ accountId: a.accountId, assumeRoleName: a.assumeRoleName ?? DEFAULT_MEMBER_ROLE })),
      defaultRole: DEFAULT_MEMBER_ROLE,
    }),
  ),
  panels: [],
  screens: ["legacy-identity-provider"],
});
