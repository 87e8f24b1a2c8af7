import "server-only";
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  paginateListAttachedUserPolicies,
} from "@aws-sdk/client-iam";
import { callAws, pagesOf } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError, isAwsGatewayError } from "./errors";

/**
 * The role-manager IAM user Entra's role import signs in as, and its only permission, iam:ListRoles
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial#how-to-configure-role-provisioning-in-amazon-web-services-aws).
 * Both live under the portal's path, which its own IAM policy is scoped to.
 */
export const ROLE_MANAGER_PATH = "/entra-saml/";
export const ROLE_MANAGER_USER = "EntraRoleManager";
export const ROLE_IMPORT_POLICY = "EntraRoleImport";
export const ROLE_IMPORT_POLICY_DOCUMENT = {
  Version: "2012-10-17",
  Statement: [{ Sid: "EntraRoleImport", Effect: "Allow", Action: "iam:ListRoles", Resource: "*" }],
};

export const roleImportPolicyArn = (accountId: string) => `arn:aws:iam::${accountId}:policy${ROLE_MANAGER_PATH}${ROLE_IMPORT_POLICY}`;

async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return null;
    throw error;
  }
}

export interface RoleManagerState {
  policy: boolean;
  user: boolean;
  policyAttached: boolean;
  keys: { accessKeyId: string; status: string; createdAt: string | null }[];
}

/** What exists of the role manager, read only. */
export async function readRoleManager(clients: AwsClients, accountId: string): Promise<RoleManagerState> {
  const arn = roleImportPolicyArn(accountId);
  const [policy, user] = await Promise.all([
    orNull(callAws("GetPolicy", () => clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })))),
    orNull(callAws("GetUser", () => clients.iam.send(new GetUserCommand({ UserName: ROLE_MANAGER_USER })))),
  ]);
  if (!user) return { policy: Boolean(policy), user: false, policyAttached: false, keys: [] };
  const attached: string[] = [];
  for await (const page of pagesOf("ListAttachedUserPolicies", paginateListAttachedUserPolicies({ client: clients.iam }, { UserName: ROLE_MANAGER_USER })))
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attached.push(p.PolicyArn);
  const keys = await callAws("ListAccessKeys", () => clients.iam.send(new ListAccessKeysCommand({ UserName: ROLE_MANAGER_USER })));
  return {
    policy: Boolean(policy),
    user: true,
    policyAttached: attached.includes(arn),
    keys: (keys.AccessKeyMetadata ?? []).map((k) => ({ accessKeyId: k.AccessKeyId ?? "", status: k.Status ?? "", createdAt: k.CreateDate?.toISOString() ?? null })),
  };
}

/** The iam:ListRoles policy and the user with it attached, each adopted when it exists. Returns what it created. */
export async function ensureRoleManager(clients: AwsClients, accountId: string): Promise<{ created: string[] }> {
  const arn = roleImportPolicyArn(accountId);
  const before = await readRoleManager(clients, accountId);
  const created: string[] = [];
  const adoptConflict = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return true;
    } catch (error) {
      if (isAwsGatewayError(error, "conflict")) return false;
      throw error;
    }
  };
  if (!before.policy) {
    const made = await adoptConflict(() =>
      callAws("CreatePolicy", () =>
        clients.iam.send(
          new CreatePolicyCommand({
            PolicyName: ROLE_IMPORT_POLICY,
            Path: ROLE_MANAGER_PATH,
            PolicyDocument: JSON.stringify(ROLE_IMPORT_POLICY_DOCUMENT),
            Description: "Lets Entra ID's role import list this account's roles (Identity Bridge, legacy per-account mode).",
          }),
        ),
      ),
    );
    if (made) created.push(`policy ${arn}`);
  }
  if (!before.user) {
    const made = await adoptConflict(() =>
      callAws("CreateUser", () => clients.iam.send(new CreateUserCommand({ UserName: ROLE_MANAGER_USER, Path: ROLE_MANAGER_PATH }))),
    );
    if (made) created.push(`user ${ROLE_MANAGER_USER}`);
  }
  if (!before.policyAttached) await callAws("AttachUserPolicy", () => clients.iam.send(new AttachUserPolicyCommand({ UserName: ROLE_MANAGER_USER, PolicyArn: arn })));
  return { created };
}

/** A new access key for the role manager; its secret is returned once and must be stored at once. */
export async function createRoleManagerKey(clients: AwsClients): Promise<{ accessKeyId: string; secretAccessKey: string; createdAt: Date }> {
  const out = await callAws("CreateAccessKey", () => clients.iam.send(new CreateAccessKeyCommand({ UserName: ROLE_MANAGER_USER })));
  const key = out.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey)
    throw new AwsGatewayError({ kind: "unknown", operation: "CreateAccessKey", message: "AWS created an access key but returned no secret." });
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey, createdAt: key.CreateDate ?? new Date() };
}

/**
 * Deactivates one of the role manager's keys (reversible: AWS advises deactivating before deleting,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console).
 * Returns false when IAM no longer has the key.
 */
export async function deactivateRoleManagerKey(clients: AwsClients, accessKeyId: string): Promise<boolean> {
  try {
    await callAws("UpdateAccessKey", () => clients.iam.send(new UpdateAccessKeyCommand({ UserName: ROLE_MANAGER_USER, AccessKeyId: accessKeyId, Status: "Inactive" })));
    return true;
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return false;
    throw error;
  }
}

/** Deletes one of the role manager's keys; false when IAM no longer has it (a retry after the delete went through). */
export async function deleteRoleManagerKey(clients: AwsClients, accessKeyId: string): Promise<boolean> {
  try {
    await callAws("DeleteAccessKey", () => clients.iam.send(new DeleteAccessKeyCommand({ UserName: ROLE_MANAGER_USER, AccessKeyId: accessKeyId })));
    return true;
  } catch (error) {
    if (isAwsGatewayError(error, "not-found")) return false;
    throw error;
  }
}

/** When a key was last used (ISO), or null when never (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html). */
export async function readRoleManagerKeyLastUsed(clients: AwsClients, accessKeyId: string): Promise<string | null> {
  const out = await callAws("GetAccessKeyLastUsed", () => clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
  return out.AccessKeyLastUsed?.LastUsedDate?.toISOString() ?? null;
}
