import "server-only";
import { DescribeUserCommand, GetUserIdCommand } from "@aws-sdk/client-identitystore";
import { callAws, orNull } from "./call";
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

export type FindUserResult = { user: IdentityStoreUser | null };

/** AWS only finds users by userName, which Entra fills from the UPN: so the UPN must be the euid. */
export async function findUserByUserName(clients: AwsClients, identityStoreId: string, userName: string): Promise<FindUserResult> {
  const found = await getUserIdByUserName(clients, identityStoreId, userName);
  if (!found.userId) return { user: null };
  // The user can be deleted between the two calls (a SCIM cycle running); that is "not found" too.
  const described = await describeUserById(clients, identityStoreId, found.userId);
  const user = described.user ? { ...described.user, userName: described.user.userName || userName } : null;
  return { user };
}

/** GetUserId by userName alone: one round trip, so the helpdesk check can start it before it knows anything else. */
export async function getUserIdByUserName(clients: AwsClients, identityStoreId: string, userName: string): Promise<{ userId: string | null }> {
  const found = await orNull(
    callAws("GetUserId", () =>
      clients.ids.send(
        new GetUserIdCommand({
          IdentityStoreId: identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: userName } },
        }),
      ),
    ),
  );
  return { userId: found?.UserId ?? null };
}

/** DescribeUser by Identity Store user id; null when it is gone. */
export async function describeUserById(clients: AwsClients, identityStoreId: string, userId: string): Promise<FindUserResult> {
  const u = await orNull(callAws("DescribeUser", () => clients.ids.send(new DescribeUserCommand({ IdentityStoreId: identityStoreId, UserId: userId }))));
  if (!u) return { user: null };
  const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
  return {
    user: {
      userId,
      userName: u.UserName ?? "",
      displayName: u.DisplayName,
      givenName: u.Name?.GivenName,
      familyName: u.Name?.FamilyName,
      email: email?.Value,
      externalIds: (u.ExternalIds ?? []).map((x) => ({ issuer: x.Issuer ?? "", id: x.Id ?? "" })),
      status: u.UserStatus,
      createdAt: u.CreatedAt,
      updatedAt: u.UpdatedAt,
    },
  };
}
