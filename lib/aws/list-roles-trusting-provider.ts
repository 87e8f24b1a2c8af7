import "server-only";
import { paginateListRoles } from "@aws-sdk/client-iam";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface SamlTrustingRole {
  roleName: string;
  roleArn: string;
  path: string;
  maxSessionDuration?: number;
  /** SAML:aud values the trust policy accepts, e.g. https://signin.aws.amazon.com/saml. */
  audiences: string[];
  /** The SAML providers the trust policy names (Entra imports a role only when it names exactly one). */
  providerArns: string[];
  /** Entra's role import: exactly one provider and role ARN + provider ARN under 240 characters. */
  importable: boolean;
  /** The value Entra sends in the Role claim: "<role ARN>,<provider ARN>". */
  roleClaim: string;
}

export type RolesTrustingProviderResult = { roles: SamlTrustingRole[] };

type Json = Record<string, unknown>;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === "string");
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function parsePolicy(encoded: string | undefined): Json | undefined {
  if (!encoded) return undefined;
  try {
    // IAM returns the trust policy URL-encoded.
    const parsed: unknown = JSON.parse(decodeURIComponent(encoded));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The SAML:aud values of a condition block; condition keys are case-insensitive. */
function audiencesOf(condition: unknown): string[] {
  if (!isObject(condition)) return [];
  const out: string[] = [];
  for (const block of Object.values(condition)) {
    if (!isObject(block)) continue;
    for (const [key, value] of Object.entries(block)) if (key.toLowerCase() === "saml:aud") out.push(...strings(value));
  }
  return out;
}

/** What a role's trust policy says about SAML: the providers it lets in with AssumeRoleWithSAML, and the audiences for one. */
export interface SamlTrust {
  /** The document could be read as a policy. */
  readable: boolean;
  /** Every SAML provider an Allow statement for sts:AssumeRoleWithSAML names. */
  providerArns: string[];
  /** Whether `providerArn` is among them. */
  trusts: boolean;
  /** The SAML:aud values accepted for `providerArn` (empty: no audience condition). */
  audiences: string[];
}

/** Reads a trust policy (URL-encoded, as IAM returns it) for one SAML provider. */
export function samlTrustOf(encodedPolicy: string | undefined, providerArn: string): SamlTrust {
  const policy = parsePolicy(encodedPolicy);
  if (!policy) return { readable: false, providerArns: [], trusts: false, audiences: [] };
  const providers = new Set<string>();
  const audiences: string[] = [];
  let trusts = false;
  for (const statement of list(policy.Statement)) {
    if (!isObject(statement) || statement.Effect !== "Allow") continue;
    if (!strings(statement.Action).some((a) => a.toLowerCase() === "sts:assumerolewithsaml")) continue;
    const federated = isObject(statement.Principal) ? strings(statement.Principal.Federated) : [];
    federated.forEach((p) => providers.add(p));
    if (federated.includes(providerArn)) {
      trusts = true;
      audiences.push(...audiencesOf(statement.Condition));
    }
  }
  return { readable: true, providerArns: [...providers], trusts, audiences };
}

/** Legacy mode: the IAM roles whose trust policy lets this SAML provider's users in with AssumeRoleWithSAML. */
export async function listRolesTrustingProvider(clients: AwsClients, providerArn: string): Promise<RolesTrustingProviderResult> {
  const roles: SamlTrustingRole[] = [];
  for await (const page of pagesOf("ListRoles", paginateListRoles({ client: clients.iam }, {}))) {
    for (const role of page.Roles ?? []) {
      if (!role.Arn || !role.RoleName) continue;
      const trust = samlTrustOf(role.AssumeRolePolicyDocument, providerArn);
      if (!trust.trusts) continue;
      roles.push({
        roleName: role.RoleName,
        roleArn: role.Arn,
        path: role.Path ?? "/",
        maxSessionDuration: role.MaxSessionDuration,
        audiences: trust.audiences,
        providerArns: trust.providerArns,
        importable: trust.providerArns.length === 1 && role.Arn.length + providerArn.length < 240,
        roleClaim: `${role.Arn},${providerArn}`,
      });
    }
  }
  return { roles };
}
