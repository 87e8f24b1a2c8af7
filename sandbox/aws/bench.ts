import { GetUserIdCommand, ListUsersCommand } from "@aws-sdk/client-identitystore";
import { SANDBOX } from "../fixtures";
import { startAws } from "./testing";

export interface AwsBenchFigures {
  users: number;
  seedMs: number;
  getUserIdPerSecond: number;
  listUsersPagesPerSecond: number;
}

/**
 * Seeds N users (100,000 by default) and measures GetUserId and ListUsers (100-user pages) through the
 * real SDK over HTTP. Returns the figures; the caller prints them (npm run bench wires it in).
 */
export async function runAwsBench(users = 100_000, calls = 500): Promise<AwsBenchFigures> {
  const started = performance.now();
  const s = await startAws({ seed: { users } });
  const seedMs = performance.now() - started;
  try {
    const IdentityStoreId = SANDBOX.aws.identityStoreId;
    let t = performance.now();
    for (let i = 0; i < calls; i++) {
      const n = 1 + Math.floor(Math.random() * users);
      await s.ids.send(
        new GetUserIdCommand({
          IdentityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: `user${n}@contoso-sandbox.example` } },
        }),
      );
    }
    const getUserIdPerSecond = calls / ((performance.now() - t) / 1000);
    t = performance.now();
    let token: string | undefined;
    for (let i = 0; i < calls; i++) {
      const page: { NextToken?: string } = await s.ids.send(new ListUsersCommand({ IdentityStoreId, MaxResults: 100, NextToken: token }));
      token = page.NextToken;
    }
    const listUsersPagesPerSecond = calls / ((performance.now() - t) / 1000);
    return {
      users,
      seedMs: Math.round(seedMs),
      getUserIdPerSecond: Math.round(getUserIdPerSecond),
      listUsersPagesPerSecond: Math.round(listUsersPagesPerSecond),
    };
  } finally {
    await s.close();
  }
}
