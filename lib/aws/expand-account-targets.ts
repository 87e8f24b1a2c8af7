import "server-only";
import { paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } from "@aws-sdk/client-organizations";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

/** An account id (12 digits), an OU id (ou-…) or the organization's root (r-…). */
export const ACCOUNT_TARGET_PATTERN = /^(\d{12}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

export interface ExpandedTargets {
  /** Every account the targets name, each once, in the order first met. */
  accountIds: string[];
  /** How many accounts each OU or root brought (nested OUs included). */
  fromParents: { parentId: string; accounts: number }[];
}

/** The accounts under an OU or root, nested OUs included (ListAccountsForParent and ListOrganizationalUnitsForParent, https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html). */
export async function accountsUnder(clients: AwsClients, parentId: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [parentId];
  for (let parent = queue.shift(); parent; parent = queue.shift()) {
    for await (const page of pagesOf("ListAccountsForParent", paginateListAccountsForParent({ client: clients.org }, { ParentId: parent })))
      for (const a of page.Accounts ?? []) if (a.Id) found.push(a.Id);
    for await (const page of pagesOf("ListOrganizationalUnitsForParent", paginateListOrganizationalUnitsForParent({ client: clients.org }, { ParentId: parent })))
      for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) queue.push(ou.Id);
  }
  return found;
}

/** Account ids as given, and OUs (or the root) expanded to their accounts. */
export async function expandAccountTargets(clients: AwsClients, targets: readonly string[]): Promise<ExpandedTargets> {
  const accountIds: string[] = [];
  const fromParents: ExpandedTargets["fromParents"] = [];
  const add = (id: string) => {
    if (!accountIds.includes(id)) accountIds.push(id);
  };
  for (const target of targets) {
    if (/^\d{12}$/.test(target)) {
      add(target);
      continue;
    }
    const under = await accountsUnder(clients, target);
    fromParents.push({ parentId: target, accounts: under.length });
    under.forEach(add);
  }
  return { accountIds, fromParents };
}
