import { AwsError } from "./errors";
import type { IamState } from "./iam-state";

type Json = Record<string, unknown>;
const malformed = (message: string) => new AwsError("MalformedPolicyDocument", message, 400);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statements(doc: string): Json[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc);
  } catch {
    throw malformed("This policy contains invalid Json");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw malformed("This policy contains invalid Json");
  const root = parsed as Json;
  if (root.Version !== undefined && root.Version !== "2012-10-17" && root.Version !== "2008-10-17")
    throw malformed("The policy must contain a valid version string");
  const stmts = list(root.Statement);
  if (!stmts.length) throw malformed("Syntax errors in policy.");
  return stmts.map((s) => {
    if (!s || typeof s !== "object") throw malformed("Syntax errors in policy.");
    const st = s as Json;
    if (st.Effect !== "Allow" && st.Effect !== "Deny") throw malformed("Invalid effect: the policy statement must have Effect Allow or Deny.");
    if (st.Action === undefined && st.NotAction === undefined) throw malformed("Policy statement must contain actions.");
    return st;
  });
}

/**
 * A role trust policy: principals required, and a federated SAML principal in this account must name an
 * existing SAML provider — IAM checks that at write time ("Invalid principal in policy").
 */
export function checkTrustPolicy(doc: string, iam: IamState, accountId: string): void {
  for (const st of statements(doc)) {
    if (st.Resource !== undefined) throw malformed("Has prohibited field Resource");
    const principal = st.Principal;
    if (!principal) throw malformed("Statement is missing required Principal field.");
    if (principal === "*") continue;
    for (const federated of list((principal as Json).Federated)) {
      if (typeof federated !== "string") throw malformed("Invalid principal in policy.");
      const m = /^arn:aws:iam::(\d{12}):saml-provider\/(.+)$/.exec(federated);
      if (m && m[1] === accountId && !iam.samlProviders.has(federated)) throw malformed(`Invalid principal in policy: "FEDERATED":"${federated}"`);
    }
  }
}

/** An identity policy: resources required, no principals. */
export function checkIdentityPolicy(doc: string): void {
  for (const st of statements(doc)) {
    if (st.Principal !== undefined) throw malformed("Policy document should not specify a principal.");
    if (st.Resource === undefined && st.NotResource === undefined) throw malformed("Policy statement must contain resources.");
  }
}
