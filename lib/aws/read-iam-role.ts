import "server-only";
import { GetRoleCommand, GetRolePolicyCommand, paginateListAttachedRolePolicies, paginateListRolePolicies, paginateListRoles } from "@aws-sdk/client-iam";
import { mapLimit } from "../concurrency";
import { callAws, pagesOf } from "./call";
import type { AwsClients } from "./clients";
import { isAwsGatewayError } from "./errors";

export interface IamRoleView {
  roleName: string;
  roleArn: string;
  path: string;
  /** As IAM returns it: URL-encoded JSON. */
  assumeRolePolicyDocument: string | undefined;
  maxSessionDuration: number | null;
  /** The permissions boundary's policy ARN, when the role has one. */
  permissionsBoundaryArn: string | null;
}

/** One IAM role by name (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html); null when it does not exist. */
export async function readIamRole(clients: AwsClients, roleName: string): Promise<IamRoleView | null> {
  try {
    const out = await callAws("GetRole", () => clients.iam.send(new GetRoleCommand({ RoleName: roleName })));
    const role = out.Role;
    if (!role?.Arn || !role.RoleName) return null;
    return {
      roleName: role.RoleName,
      roleArn: role.Arn,
      path: role.Path ?? "/",
      assumeRolePolicyDocument: role.AssumeRolePolicyDocument,
      maxSessionDuration: role.MaxSessionDuration ?? null,
      permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    };
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return null;
    throw error;
  }
}

/** The managed policies attached to a role (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html). */
export async function listAttachedRolePolicyArns(clients: AwsClients, roleName: string): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of pagesOf("ListAttachedRolePolicies", paginateListAttachedRolePolicies({ client: clients.iam }, { RoleName: roleName })))
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
  return arns;
}

/**
 * The roles under a path (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html), each read again with
 * GetRole: ListRoles leaves out the permissions boundary.
 */
export async function listRolesUnderPath(clients: AwsClients, pathPrefix: string): Promise<IamRoleView[]> {
  const names: string[] = [];
  for await (const page of pagesOf("ListRoles", paginateListRoles({ client: clients.iam }, { PathPrefix: pathPrefix })))
    for (const role of page.Roles ?? []) if (role.RoleName) names.push(role.RoleName);
  const roles = await mapLimit(names, 4, (name) => readIamRole(clients, name));
  return roles.filter((r): r is IamRoleView => r !== null);
}

/**
 * A role's inline policies with their documents (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html); IAM returns each document URL-encoded.
 */
export async function listInlineRolePolicies(clients: AwsClients, roleName: string): Promise<{ name: string; document: string }[]> {
  const names: string[] = [];
  for await (const page of pagesOf("ListRolePolicies", paginateListRolePolicies({ client: clients.iam }, { RoleName: roleName }))) names.push(...(page.PolicyNames ?? []));
  return mapLimit(names, 4, async (name) => {
    const out = await callAws("GetRolePolicy", () => clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })));
    return { name, document: decodeURIComponent(out.PolicyDocument ?? "") };
  });
}
