import "server-only";
import { DescribeUserCommand, GetUserIdCommand } from "@aws-sdk/client-identitystore";
import { callAws, orNull, type WithRequestIds } from "./call";
import type { AwsClients } from "./clients";

export interface IdentityStoreUser {
  userId: string;
  userName: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  /** SCIM-provisioned users carry the IdP's id here; console-made users have none. */
  externalIds: { issuer: string; id: string }[];
  status?: string;
  createdAt?: Date;
  updatedAt?: Date;
}

export type FindUserResult = WithRequestIds & { user: IdentityStoreUser | null };

/** AWS only finds users by userName, which Entra fills from the UPN: so the UPN must be the euid. */
export async function findUserByUserName(clients: AwsClients, identityStoreId: string, userName: string): Promise<FindUserResult> {
  const requestIds: string[] = [];
  const found = await orNull(
    callAws("GetUserId", requestIds, () =>
      clients.ids.send(
        new GetUserIdCommand({
          IdentityStoreId: identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: userName } },
        }),
      ),
    ),
  );
  if (!found?.UserId) return { user: null, requestIds };
  const userId = found.UserId;
  // The user can be deleted between the two calls (a SCIM cycle running); that is "not found" too.
  const u = await orNull(
    callAws("DescribeUser", requestIds, () => clients.ids.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId }))),
  );
  if (!u) return { user: null, requestIds };
  const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
  return {
    user: {
      userId,
      userName: u.UserName ?? userName,
      displayName: u.DisplayName,
      givenName: u.Name?.GivenName,
      familyName: u.Name?.FamilyName,
      email: email?.Value,
      externalIds: (u.ExternalIds ?? []).map((x) => ({ issuer: x.Issuer ?? "", id: x.Id ?? "" })),
      status: u.UserStatus,
      createdAt: u.CreatedAt,
      updatedAt: u.UpdatedAt,
    },
    requestIds,
  };
}
