import "server-only";
import { createAwsClients, resolveAwsTarget } from "../aws/clients";
import { env } from "../config/env";
import { db } from "../db";
import { log } from "../log";
import { getAwsConnection } from "../settings/connections";
import { startAwsJobResumer, type AwsJobResumer } from "./resumer";
import { JOB_CLIENT_OPTIONS } from "./runner";

const globalForResumer = globalThis as unknown as { identityBridgeAwsJobResumer?: AwsJobResumer };

export const backgroundAwsJobResumer = (): AwsJobResumer | undefined => globalForResumer.identityBridgeAwsJobResumer;

/**
 * Starts the AWS job resumer once per server process (instrumentation.ts), like the provisioning poller
 * (lib/provisioning/background.ts). Every replica runs one; a job's lease lets exactly one of them resume it.
 */
export function startAwsJobBackground(): AwsJobResumer {
  if (globalForResumer.identityBridgeAwsJobResumer) return globalForResumer.identityBridgeAwsJobResumer;
  const database = db();
  const resumer = startAwsJobResumer({
    database,
    // The connection is read on each pass that has work: the admin may have changed it in Settings.
    createClients: async () => createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()), JOB_CLIENT_OPTIONS),
  });
  globalForResumer.identityBridgeAwsJobResumer = resumer;
  log("info", "aws job resumer started", {});
  const stop = () => {
    if (globalForResumer.identityBridgeAwsJobResumer !== resumer) return;
    globalForResumer.identityBridgeAwsJobResumer = undefined;
    void resumer.stop().then(() => log("info", "aws job resumer stopped", {}));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return resumer;
}
