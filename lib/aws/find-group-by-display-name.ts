import "server-only";
import { DescribeGroupCommand, GetGroupIdCommand } from "@aws-sdk/client-identitystore";
import { callAws, orNull } from "./call";
import type { AwsClients } from "./clients";

export interface IdentityStoreGroup {
  groupId: string;
  displayName: string;
  description?: string;
  externalIds: { issuer: string; id: string }[];
}

export type FindGroupResult = { group: IdentityStoreGroup | null };

/** Groups are found by displayName (the Identity Store's unique attribute for groups); none → null. */
export async function findGroupByDisplayName(clients: AwsClients, identityStoreId: string, displayName: string): Promise<FindGroupResult> {
  const found = await orNull(
    callAws("GetGroupId", () =>
      clients.ids.send(
        new GetGroupIdCommand({
          IdentityStoreId: identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: displayName } },
        }),
      ),
    ),
  );
  if (!found?.GroupId) return { group: null };
  const groupId = found.GroupId;
  const g = await orNull(callAws("DescribeGroup", () => clients.ids.send(new DescribeGroupCommand({ IdentityStoreId: identityStoreId, GroupId: groupId }))));
  if (!g) return { group: null };
  return {
    group: {
      groupId,
      displayName: g.DisplayName ?? displayName,
      description: g.Description,
      externalIds: (g.ExternalIds ?? []).map((x) => ({ issuer: x.Issuer ?? "", id: x.Id ?? "" })),
    },
  };
}
