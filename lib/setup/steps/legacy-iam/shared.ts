import "server-only";
import { clientsForAccount, type AccountTarget } from "../../../aws/account-clients";
import type { AwsClients } from "../../../aws/clients";
import { requireFact, StepError, type SetupContext } from "../../context";
import { stepRef } from "../../step-ref";
import type { StepId } from "../../steps";

/**
 * The gallery app "AWS Single-Account Access" (formerly "Amazon Web Services (AWS)"): its application template id
 * (https://learn.microsoft.com/graph/api/applicationtemplate-list) and Microsoft's tutorial for it
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial).
 */
export const LEGACY_TEMPLATE_ID = "8b1025e4-1dd2-430b-a150-2ef79cd700f5";
export const LEGACY_APP_NAME = "AWS Single-Account Access";

/** AWS's SAML endpoint: the reply URL of every instance, and the identifier of the first (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-saml.html). */
export const AWS_SAML_URL = "https://signin.aws.amazon.com/saml";

/** The identifier of the n-th instance in one tenant: "#2", "#3" … from the second on; Entra strips the suffix (tutorial, "Basic SAML Configuration"). */
export const legacyIdentifier = (instance: number) => (instance > 1 ? `${AWS_SAML_URL}#${instance}` : AWS_SAML_URL);

/** SessionDuration AWS accepts: 900 s (15 minutes) to 43,200 s (12 hours). */
export const SESSION_DURATION = { min: 900, max: 43_200, default: 3_600 } as const;

export const legacyRef = (id: StepId) => stepRef(id, "legacy-iam");
export const appOf = (c: SetupContext) => requireFact(c, "app", `Create the enterprise app first (${legacyRef("gallery-app")}).`);
export const legacySamlOf = (c: SetupContext) => requireFact(c, "legacySaml", `Run ${legacyRef("legacy-saml")} first.`);
export const signingOf = (c: SetupContext) => requireFact(c, "signing", `Run ${legacyRef("legacy-certificate")} first.`);
export const idpMetadataOf = (c: SetupContext) => requireFact(c, "idpMetadata", `Run ${legacyRef("legacy-certificate")} first.`);

export const accountsOf = (c: SetupContext) => requireFact(c, "legacyAccounts", `Create the IAM SAML provider first (${legacyRef("iam-saml-provider")}).`);

/** The account the portal's own credentials belong to, as the connect step's preflight found it. */
export function callerAccountOf(c: Pick<SetupContext, "facts">): string {
  const account = c.facts.preflight?.aws?.account;
  if (!account) throw new StepError(`The portal does not know its AWS account yet: run ${legacyRef("connect")}.`);
  return account;
}

/** Runs work in each account (one after the other: IAM is global and rate-limited per account) with the clients for it. */
export async function inEachAccount<A extends AccountTarget, T>(
  c: SetupContext,
  accounts: readonly A[],
  work: (clients: AwsClients, account: A) => Promise<T>,
): Promise<T[]> {
  const caller = callerAccountOf(c);
  const results: T[] = [];
  for (const account of accounts) {
    const { clients, dispose } = await clientsForAccount(c.aws(), caller, account);
    try {
      results.push(await work(clients, account));
    } finally {
      dispose();
    }
  }
  return results;
}
