import { createAwsModule } from "../../sandbox/aws";
import { startSandbox, type SandboxServer } from "../../sandbox/core/server";
import { createEntraModule } from "../../sandbox/entra";
import { SANDBOX } from "../../sandbox/fixtures";
import { createGraphGateway, resolveEntraTarget, sealCredential, type GraphGateway, type GraphGatewayOptions } from "./client";

/** Test support: a sandbox with both modules (the provisioning engine syncs into the AWS SCIM endpoint) and gateways on it. */
export interface EntraGatewaySandbox {
  server: SandboxServer;
  url: string;
  gateway: GraphGateway;
  gatewayWith(options: GraphGatewayOptions & { clientSecret?: string }): GraphGateway;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  advance(ms: number): Promise<void>;
  /** AWS console steps: enable the instance, make Entra the identity source, enable SCIM → endpoint + token. */
  enableAwsScim(appId: string): Promise<{ endpoint: string; token: string }>;
  close(): Promise<void>;
}

/** Fast retries for tests: what is under test is the retry count and mapping, not the waits. */
export const TEST_GATEWAY_OPTIONS: GraphGatewayOptions = { maxRetries: 2, retryDelaySeconds: 0, requestTimeoutMs: 3_000, tokenTimeoutMs: 3_000 };

export async function startEntraGatewaySandbox(): Promise<EntraGatewaySandbox> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  const url = server.url;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: (text.startsWith("{") ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const gatewayWith = (o: GraphGatewayOptions & { clientSecret?: string }) => {
    const target = resolveEntraTarget({ useSandbox: true, credentialType: "secret" }, { IB_MODE: "sandbox", SANDBOX_URL: url }, undefined);
    if (o.clientSecret !== undefined) target.credential = sealCredential({ kind: "secret", clientSecret: o.clientSecret });
    return createGraphGateway(target, { ...TEST_GATEWAY_OPTIONS, ...o });
  };
  return {
    server,
    url,
    gateway: gatewayWith({}),
    gatewayWith,
    admin,
    fault: async (rule) => {
      await admin("POST", "/_sandbox/faults", rule);
    },
    clearFaults: async () => {
      await admin("DELETE", "/_sandbox/faults");
    },
    advance: async (ms) => {
      await admin("POST", "/_sandbox/clock/advance", { ms });
    },
    async enableAwsScim(appId) {
      await admin("POST", "/_sandbox/aws/instance/enable");
      await admin("POST", "/_sandbox/aws/settings", { rateLimits: { identitycenter: null } });
      const metadataXml = await (await fetch(`${url}/login/${SANDBOX.entra.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${appId}`)).text();
      const source = await admin("POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml, confirm: "ACCEPT" });
      if (source.status !== 200) throw new Error(`identity source: ${JSON.stringify(source.json)}`);
      const enabled = await admin("POST", "/_sandbox/aws/provisioning/enable");
      return { endpoint: String(enabled.json.scimEndpoint), token: (enabled.json.token as { accessToken: string }).accessToken };
    },
    close: () => server.close(),
  };
}

export const FIXTURE = SANDBOX.entra;
