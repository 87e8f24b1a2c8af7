import "server-only";
import {
  DescribePermissionSetCommand,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  type SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { callAws, mapLimit, pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface PermissionSetDetails {
  permissionSetArn: string;
  name: string;
  description?: string;
  sessionDuration?: string;
  relayState?: string;
  createdAt?: Date;
  managedPolicyArns: string[];
}

export type ListPermissionSetsResult = { permissionSets: PermissionSetDetails[] };

/** Keeps the describes well under Identity Center's collective 20 requests per second. */
const DESCRIBE_CONCURRENCY = 4;

export async function listManagedPolicyArns(sso: SSOAdminClient, instanceArn: string, permissionSetArn: string): Promise<string[]> {
  const arns: string[] = [];
  const paginator = paginateListManagedPoliciesInPermissionSet({ client: sso }, { InstanceArn: instanceArn, PermissionSetArn: permissionSetArn });
  for await (const page of pagesOf("ListManagedPoliciesInPermissionSet", paginator)) {
    for (const p of page.AttachedManagedPolicies ?? []) if (p.Arn) arns.push(p.Arn);
  }
  return arns;
}

export async function describePermissionSet(
  sso: SSOAdminClient,
  instanceArn: string,
  permissionSetArn: string,
  withPolicies = true,
): Promise<PermissionSetDetails> {
  const [described, managedPolicyArns] = await Promise.all([
    callAws("DescribePermissionSet", () => sso.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }))),
    withPolicies ? listManagedPolicyArns(sso, instanceArn, permissionSetArn) : Promise.resolve([]),
  ]);
  const ps = described.PermissionSet;
  return {
    permissionSetArn,
    name: ps?.Name ?? "",
    description: ps?.Description,
    sessionDuration: ps?.SessionDuration,
    relayState: ps?.RelayState,
    createdAt: ps?.CreatedDate,
    managedPolicyArns,
  };
}

/** ListPermissionSets only returns ARNs; each is described (and its managed policies listed) to be useful. */
export async function listPermissionSets(
  clients: AwsClients,
  instanceArn: string,
  options: { withPolicies?: boolean } = {},
): Promise<ListPermissionSetsResult> {
  const arns: string[] = [];
  for await (const page of pagesOf("ListPermissionSets", paginateListPermissionSets({ client: clients.sso }, { InstanceArn: instanceArn }))) {
    arns.push(...(page.PermissionSets ?? []));
  }
  const permissionSets = await mapLimit(arns, DESCRIBE_CONCURRENCY, (arn) =>
    describePermissionSet(clients.sso, instanceArn, arn, options.withPolicies ?? true),
  );
  return { permissionSets };
}
