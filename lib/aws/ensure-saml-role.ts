import "server-only";
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { callAws } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError, isAwsGatewayError } from "./errors";
import { listAttachedRolePolicyArns } from "./read-iam-role";

/** AWS's SAML endpoint: the audience every legacy role's trust policy requires (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html). */
export const AWS_SAML_AUDIENCE = "https://signin.aws.amazon.com/saml";

/** The path of the roles the portal makes; its IAM policy may change roles under this path only. */
export const LEGACY_ROLE_PATH = "/entra-saml/";

export interface SamlRoleSpec {
  roleName: string;
  providerArn: string;
  /** Managed policies to attach (AWS managed or the account's own). Policies attached otherwise are left alone. */
  managedPolicyArns: string[];
}

/** The trust policy of a role SAML users assume: this provider only, AssumeRoleWithSAML, for AWS's sign-in endpoint. */
export function samlTrustPolicy(providerArn: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:aud": AWS_SAML_AUDIENCE } },
      },
    ],
  };
}

export const samlTrustPolicyJson = (providerArn: string) => JSON.stringify(samlTrustPolicy(providerArn), null, 2);

/** Same policy, whatever the spacing (IAM returns it URL-encoded and compacted). */
function sameDocument(encoded: string | undefined, wanted: object): boolean {
  if (!encoded) return false;
  try {
    return JSON.stringify(JSON.parse(decodeURIComponent(encoded))) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

async function readRole(clients: AwsClients, roleName: string) {
  try {
    const out = await callAws("GetRole", () => clients.iam.send(new GetRoleCommand({ RoleName: roleName })));
    return out.Role ?? null;
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return null;
    throw error;
  }
}

export interface SamlRolePreview {
  action: "create" | "update-trust" | "keep";
  roleArn: string | null;
  /** Not under the portal's path: a role of that name made elsewhere, which the portal does not change. */
  foreign: boolean;
  attach: string[];
  /** Attached but not asked for: left alone. */
  kept: string[];
}

/** What ensureSamlRole would do, from the role as it is. */
export async function previewSamlRole(clients: AwsClients, spec: SamlRoleSpec): Promise<SamlRolePreview> {
  const role = await readRole(clients, spec.roleName);
  if (!role) return { action: "create", roleArn: null, foreign: false, attach: spec.managedPolicyArns, kept: [] };
  const foreign = role.Path !== LEGACY_ROLE_PATH;
  const attached = await listAttachedRolePolicyArns(clients, spec.roleName);
  return {
    action: sameDocument(role.AssumeRolePolicyDocument, samlTrustPolicy(spec.providerArn)) ? "keep" : "update-trust",
    roleArn: role.Arn ?? null,
    foreign,
    attach: spec.managedPolicyArns.filter((arn) => !attached.includes(arn)),
    kept: attached.filter((arn) => !spec.managedPolicyArns.includes(arn)),
  };
}

export type EnsureSamlRoleResult = { outcome: "created" | "updated" | "kept"; roleArn: string; attached: string[] };

/**
 * The role SAML users of this provider assume, under the portal's path: created with the trust policy, its trust
 * policy put back when it differs, the chosen managed policies attached. A role of that name outside the path was
 * made by someone else and is refused rather than changed.
 */
export async function ensureSamlRole(clients: AwsClients, spec: SamlRoleSpec): Promise<EnsureSamlRoleResult> {
  const trust = samlTrustPolicy(spec.providerArn);
  let role = await readRole(clients, spec.roleName);
  let outcome: EnsureSamlRoleResult["outcome"] = "kept";
  if (!role) {
    try {
      const created = await callAws("CreateRole", () =>
        clients.iam.send(
          new CreateRoleCommand({
            RoleName: spec.roleName,
            Path: LEGACY_ROLE_PATH,
            AssumeRolePolicyDocument: JSON.stringify(trust),
            Description: "Entra ID users sign in to this role through SAML (Identity Bridge, legacy per-account mode).",
          }),
        ),
      );
      role = created.Role ?? null;
      outcome = "created";
    } catch (error) {
      // Another attempt created it a moment ago: adopt it like any existing role.
      if (!isAwsGatewayError(error, "conflict")) throw error;
      role = await readRole(clients, spec.roleName);
    }
  }
  if (!role?.Arn) throw new AwsGatewayError({ kind: "unknown", operation: "GetRole", message: `IAM returned no role for ${spec.roleName}.` });
  if (role.Path !== LEGACY_ROLE_PATH)
    throw new AwsGatewayError({
      kind: "validation",
      operation: "CreateRole",
      message: `The role ${spec.roleName} exists outside ${LEGACY_ROLE_PATH} (made elsewhere); the portal does not change it. Choose another name.`,
    });
  if (outcome !== "created" && !sameDocument(role.AssumeRolePolicyDocument, trust)) {
    await callAws("UpdateAssumeRolePolicy", () =>
      clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: spec.roleName, PolicyDocument: JSON.stringify(trust) })),
    );
    outcome = "updated";
  }
  const attached = outcome === "created" ? [] : await listAttachedRolePolicyArns(clients, spec.roleName);
  const missing = spec.managedPolicyArns.filter((arn) => !attached.includes(arn));
  for (const arn of missing)
    await callAws("AttachRolePolicy", () => clients.iam.send(new AttachRolePolicyCommand({ RoleName: spec.roleName, PolicyArn: arn })));
  if (missing.length && outcome === "kept") outcome = "updated";
  return { outcome, roleArn: role.Arn, attached: missing };
}
