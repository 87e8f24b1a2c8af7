import { startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { SANDBOX } from "../../sandbox/fixtures";
import { createAwsClients, resolveAwsTarget, type AwsClientOptions, type AwsClients } from "./clients";

/** Test support: a sandbox with only the AWS module, and the gateway's own clients pointed at it. */
export interface GatewaySandbox {
  sandbox: AwsSandbox;
  clients: AwsClients;
  url: string;
  clientsWith(options: AwsClientOptions & { accessKeyId?: string }): AwsClients;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/** Fast retries for tests; the retry count and timeouts are what is being tested, not the waits. */
export const TEST_CLIENT_OPTIONS: AwsClientOptions = { maxAttempts: 3, retryMode: "standard", requestTimeoutMs: 2_000, connectionTimeoutMs: 1_000 };

export async function startGatewaySandbox(options: { enable?: boolean; asyncDelayMs?: number } = {}): Promise<GatewaySandbox> {
  const sandbox = await startAws({ enable: options.enable ?? true });
  if (options.asyncDelayMs !== undefined) await sandbox.admin("POST", "/settings", { asyncDelayMs: options.asyncDelayMs });
  const url = sandbox.server.url;
  const made: AwsClients[] = [];
  const clientsWith = (o: AwsClientOptions & { accessKeyId?: string }) => {
    const target = resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: url });
    if (o.accessKeyId && target.kind === "sandbox") target.credentials = { accessKeyId: o.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey };
    const clients = createAwsClients(target, { ...TEST_CLIENT_OPTIONS, ...o });
    made.push(clients);
    return clients;
  };
  const post = async (path: string, body: unknown, method = "POST") => {
    await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  };
  return {
    sandbox,
    url,
    clients: clientsWith({}),
    clientsWith,
    fault: (rule) => post("/_sandbox/faults", rule),
    clearFaults: () => post("/_sandbox/faults", {}, "DELETE"),
    close: async () => {
      for (const c of made) c.destroy();
      await sandbox.close();
    },
  };
}

export const FIXTURE = SANDBOX.aws;
