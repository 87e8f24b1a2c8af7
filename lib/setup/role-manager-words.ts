import { ROLE_MANAGER_USER } from "../aws/ensure-role-manager";

/**
 * Entra relays AWS's answer to its ListRoles call in Test Connection's error text; the AWS error codes it names are
 * documented (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html) and become the admin's words here.
 * `typed`: the admin typed or pasted the key (the secret may be mistyped), rather than the portal storing what AWS returned.
 */
export function testConnectionWords(result: { message: string; detail: string | null }, accessKeyId: string, origin: "stored" | "typed" = "stored"): string {
  const detail = result.detail ?? "";
  if (/SignatureDoesNotMatch/.test(detail))
    return origin === "typed"
      ? `AWS refused the access key ${accessKeyId}: the signature does not match — check the secret key (copy it again from the .csv file IAM offered when the key was created; it is shown only once).`
      : `AWS refused the secret access key stored for access key ${accessKeyId}: the signature did not match, so the secret is wrong. Create a new key (run this step after deleting the old one in IAM) rather than retyping it.`;
  if (/InvalidClientTokenId/.test(detail))
    return `AWS does not know the access key ${accessKeyId}: it was deleted or deactivated in IAM (user ${ROLE_MANAGER_USER}), or mistyped.`;
  if (/AccessDenied/.test(detail))
    return `the access key works, but the IAM user ${ROLE_MANAGER_USER} may not call iam:ListRoles: attach the EntraRoleImport policy again.`;
  return `${result.message} Check the role manager's access key in IAM (user ${ROLE_MANAGER_USER}).`;
}
