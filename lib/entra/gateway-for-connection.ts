import "server-only";
import { env } from "../config/env";
import { keyring } from "../crypto/keyring";
import { decryptSecretOrThrow } from "../crypto/secrets";
import type { Database } from "../db";
import { ENTRA_SECRET_PURPOSE, getEntraConnection } from "../settings/connections";
import { createGraphGateway, parseStoredEntraCredential, resolveEntraTarget, type GraphGateway } from "./client";

// One gateway per stored connection for the life of the process, so MSAL's token cache and the
// discovery document serve every caller (setup steps, the provisioning poller, status actions) instead of
// each signing in again.
let cachedGateway: { key: string; gateway: Promise<GraphGateway> } | undefined;

/** The Graph gateway for the stored Entra connection; the credential is decrypted only here, for MSAL. */
export async function entraGatewayFor(database: Database): Promise<GraphGateway> {
  const connection = await getEntraConnection(database);
  const key = `${env().IB_MODE}|${env().SANDBOX_URL}|${connection.updatedAt?.toISOString() ?? "default"}`;
  if (cachedGateway?.key !== key) {
    const gateway = createEntraGateway(database, connection);
    gateway.catch(() => (cachedGateway = undefined));
    cachedGateway = { key, gateway };
  }
  return cachedGateway.gateway;
}

async function createEntraGateway(database: Database, connection: Awaited<ReturnType<typeof getEntraConnection>>): Promise<GraphGateway> {
  let credential;
  if (env().IB_MODE === "live") {
    const row = await database.connection.findUnique({ where: { id: "entra" }, omit: { secret: false } });
    credential = row?.secret ? parseStoredEntraCredential(decryptSecretOrThrow(keyring(), ENTRA_SECRET_PURPOSE, row.secret)) : undefined;
  }
  return createGraphGateway(resolveEntraTarget(connection, env(), credential));
}
