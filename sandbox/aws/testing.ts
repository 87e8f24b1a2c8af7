import { IAMClient } from "@aws-sdk/client-iam";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SeedOptions } from "../core/types";
import { startSandbox, type SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { createAwsModule, type AwsModule } from "./index";
import { TEST_IDP_CERT_BASE64 } from "./test-cert";

/** Test support: a sandbox with only the AWS module, real SDK clients pointed at it, and console helpers. */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export interface AwsSandbox {
  server: SandboxServer;
  module: AwsModule;
  sso: SSOAdminClient;
  ids: IdentitystoreClient;
  org: OrganizationsClient;
  iam: IAMClient;
  sts: STSClient;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export function clientConfig(url: string, maxAttempts = 1) {
  return {
    region: SANDBOX.aws.region,
    endpoint: url,
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
    maxAttempts,
  };
}

export async function startAws(options: { seed?: SeedOptions; enable?: boolean; unlimited?: boolean } = {}): Promise<AwsSandbox> {
  const aws = createAwsModule();
  const server = await startSandbox({ port: 0, modules: [aws], seed: options.seed });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/_sandbox/aws${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text.startsWith("{") ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  if (options.enable !== false) await admin("POST", "/instance/enable");
  // Most tests fire calls faster than the documented 20 TPS; the throttling test turns it back on.
  if (options.unlimited !== false) await admin("POST", "/settings", { rateLimits: { identitycenter: null } });
  return {
    server,
    module: aws,
    sso: new SSOAdminClient(clientConfig(`${server.url}/aws`)),
    ids: new IdentitystoreClient(clientConfig(`${server.url}/aws`)),
    org: new OrganizationsClient(clientConfig(`${server.url}/aws`)),
    iam: new IAMClient(clientConfig(`${server.url}/aws/iam`)),
    sts: new STSClient(clientConfig(`${server.url}/aws/sts`)),
    admin,
    advance: async (ms: number) => {
      await fetch(`${server.url}/_sandbox/clock/advance`, { method: "POST", body: JSON.stringify({ ms }) });
    },
    close: () => server.close(),
  };
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === "string" ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** The hash the signer asks for: SHA-256, or HMAC-SHA256 when given a key. */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

/**
 * A raw request signed with SigV4 by the SDK's own signer (not the sandbox's verifier), for wire-level tests:
 * `service` is the signing name (sso, identitystore, organizations, iam, sts).
 */
export async function signedFetch(
  url: string,
  init: { service: string; headers?: Record<string, string>; body?: string; method?: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; signingDate?: Date; sentBody?: string },
): Promise<Response> {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: init.service,
    region: init.region ?? SANDBOX.aws.region,
    credentials: init.credentials ?? { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: init.method ?? "POST",
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...init.headers },
      body: init.body,
    },
    { signingDate: init.signingDate },
  );
  // sentBody: what actually goes on the wire, to test a body changed after signing.
  return fetch(url, { method: signed.method, headers: signed.headers, body: init.sentBody ?? init.body });
}

/** What the caught SDK error is called, for expect(). */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; raw: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } } & Record<string, unknown>;
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, raw: e };
  }
  throw new Error("expected the call to fail");
}

/** Entra-like IdP metadata with a fixed self-signed signing certificate. */
export function idpMetadata(options: { ssoUrl?: string; entityId?: string; certificate?: string } = {}): string {
  const entityId = options.entityId ?? `https://sts.windows.net/${SANDBOX.entra.tenantId}/`;
  const sso = options.ssoUrl ?? `https://login.microsoftonline.com/${SANDBOX.entra.tenantId}/saml2`;
  return `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_${crypto.randomUUID()}" entityID="${entityId}" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${options.certificate ?? TEST_IDP_CERT_BASE64}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/>
  </IDPSSODescriptor>
</EntityDescriptor>`;
}

/** Enable the instance, switch to an external IdP and turn on automatic provisioning; returns endpoint + token. */
export async function enableScim(s: AwsSandbox): Promise<{ endpoint: string; token: string; tokenId: string }> {
  const up = await s.admin("POST", "/identity-source", { type: "EXTERNAL_IDP", metadataXml: idpMetadata(), confirm: "ACCEPT" });
  if (up.status !== 200) throw new Error(`identity source: ${JSON.stringify(up.json)}`);
  const res = await s.admin("POST", "/provisioning/enable");
  const token = res.json.token as { accessToken: string; tokenId: string };
  return { endpoint: String(res.json.scimEndpoint), token: token.accessToken, tokenId: token.tokenId };
}
