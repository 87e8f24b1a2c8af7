import { IAMClient } from "@aws-sdk/client-iam";
import type { SandboxServer } from "../../../sandbox/core/server";
import { SANDBOX } from "../../../sandbox/fixtures";
import type { Database } from "../../db";
import { chooseFederationMode } from "../store";
import { driveChecklist } from "./drive-checklist";

/** The sandbox's IAM as an admin with the account's static key: changes "made outside the portal". Destroy after use. */
export const sandboxIam = (server: SandboxServer) =>
  new IAMClient({
    endpoint: `${server.url}/aws/iam`,
    region: "us-east-1",
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });

/**
 * A fresh sandbox with a legacy per-account federation set up to its role assignments: the management account and the
 * first member account (through OrganizationAccountAccessRole), jane.doe with EntraReadOnly and Project Admins with
 * EntraAdministrator. No role-import cycle runs on its own meanwhile (a test may change the app's roles).
 */
export async function setUpLegacyFederation(database: Database, server: SandboxServer, federationId: string): Promise<void> {
  const post = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  await post("/_sandbox/reset");
  await post("/_sandbox/entra/config", { replicationDelayMs: 0, cycleIntervalMs: 3_600_000 });
  await chooseFederationMode(database, federationId, "legacy-iam");
  const inputs = { "iam-saml-provider": { memberAccounts: [{ accountId: SANDBOX.aws.memberAccountIds[0] ?? "" }] } };
  const results = await driveChecklist(database, { federationId, sandboxUrl: server.url, until: "role-assignments", inputs });
  const failed = Object.entries(results).filter(([, r]) => !r.ok);
  if (failed.length) throw new Error(`legacy setup failed: ${JSON.stringify(failed)}`);
}
