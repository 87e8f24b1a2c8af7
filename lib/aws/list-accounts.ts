import "server-only";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface OrganizationAccount {
  accountId: string;
  name: string;
  email?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE… (Organizations' newer State, or the older Status). */
  state?: string;
}

export type ListAccountsResult = { accounts: OrganizationAccount[] };

/** The organization's accounts, the targets of account assignments (ListAccounts pages at most 20). */
export async function listAccounts(clients: AwsClients): Promise<ListAccountsResult> {
  const accounts: OrganizationAccount[] = [];
  for await (const page of pagesOf("ListAccounts", paginateListAccounts({ client: clients.org }, {}))) {
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      accounts.push({ accountId: a.Id, name: a.Name ?? a.Id, email: a.Email, state: a.State ?? a.Status });
    }
  }
  return { accounts };
}
