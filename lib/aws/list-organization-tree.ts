import "server-only";
import { DescribeOrganizationCommand, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent, paginateListRoots } from "@aws-sdk/client-organizations";
import { callAws, orNull, pagesOf } from "./call";
import type { AwsClients } from "./clients";
import { pacedPagesOf } from "./pace";

export interface OrganizationalUnit {
  id: string;
  name: string;
  parentId: string;
  /** "Workloads/Prod": names from the root down. */
  path: string;
  depth: number;
}

export interface TreeAccount {
  accountId: string;
  name: string;
  email?: string;
  state?: string;
  parentId: string;
  /** The OU path, "" for an account directly under the root. */
  ouPath: string;
  isManagement: boolean;
}

export interface OrganizationTree {
  rootId: string;
  managementAccountId: string | null;
  ous: OrganizationalUnit[];
  accounts: TreeAccount[];
}

/**
 * The organization as a tree: the root, its OUs level by level (ListOrganizationalUnitsForParent), and the
 * accounts of each parent (ListAccountsForParent). OUs nest at most five levels
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 */
export async function listOrganizationTree(clients: AwsClients, pace: () => Promise<void>): Promise<OrganizationTree> {
  const roots: string[] = [];
  for await (const page of pagesOf("ListRoots", paginateListRoots({ client: clients.org }, {}))) for (const r of page.Roots ?? []) if (r.Id) roots.push(r.Id);
  const rootId = roots[0];
  if (!rootId) return { rootId: "", managementAccountId: null, ous: [], accounts: [] };
  const described = await orNull(callAws("DescribeOrganization", () => clients.org.send(new DescribeOrganizationCommand({}))));
  const managementAccountId = described?.Organization?.MasterAccountId ?? null;

  const ous: OrganizationalUnit[] = [];
  const accounts: TreeAccount[] = [];
  let level: { id: string; path: string; depth: number }[] = [{ id: rootId, path: "", depth: 0 }];
  while (level.length) {
    const next: typeof level = [];
    for (const parent of level) {
      for await (const page of pacedPagesOf("ListAccountsForParent", paginateListAccountsForParent({ client: clients.org }, { ParentId: parent.id }), pace)) {
        for (const a of page.Accounts ?? []) {
          if (!a.Id) continue;
          accounts.push({
            accountId: a.Id,
            name: a.Name ?? a.Id,
            email: a.Email,
            state: a.State ?? a.Status,
            parentId: parent.id,
            ouPath: parent.path,
            isManagement: a.Id === managementAccountId,
          });
        }
      }
      for await (const page of pacedPagesOf("ListOrganizationalUnitsForParent", paginateListOrganizationalUnitsForParent({ client: clients.org }, { ParentId: parent.id }), pace)) {
        for (const ou of page.OrganizationalUnits ?? []) {
          if (!ou.Id) continue;
          const name = ou.Name ?? ou.Id;
          const path = parent.path ? `${parent.path}/${name}` : name;
          ous.push({ id: ou.Id, name, parentId: parent.id, path, depth: parent.depth + 1 });
          next.push({ id: ou.Id, path, depth: parent.depth + 1 });
        }
      }
    }
    level = next;
  }
  return { rootId, managementAccountId, ous, accounts };
}
