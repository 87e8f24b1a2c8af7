import "server-only";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { findIdentityCenterInstance } from "../aws/find-identity-center-instance";
import { env } from "../config/env";
import type { Database } from "../db";
import { getAwsConnection } from "../settings/connections";

/** The Access area has nothing to read yet (no Identity Center instance). */
export class AccessNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessNotReadyError";
  }
}

export interface AccessContext {
  clients: AwsClients;
  instanceArn: string;
  identityStoreId: string;
}

/** The AWS clients and the Identity Center instance, for one page view or action; the caller destroys the clients. */
export async function withAccessContext<T>(database: Database, run: (context: AccessContext) => Promise<T>): Promise<T> {
  const clients = createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()));
  try {
    const found = await findIdentityCenterInstance(clients);
    if (!found.enabled) throw new AccessNotReadyError("IAM Identity Center is not enabled in this region yet: finish Setup first.");
    return await run({ clients, instanceArn: found.instance.instanceArn, identityStoreId: found.instance.identityStoreId });
  } finally {
    clients.destroy();
  }
}
