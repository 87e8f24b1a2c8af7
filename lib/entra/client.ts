import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type GraphRequest,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import type { Env } from "../config/env";
import type { EntraConnectionView } from "../settings/connections";
import { SANDBOX } from "../../sandbox/fixtures";
import { recordRequestId } from "../request-context";
import { EntraGatewayError, toGatewayError } from "./errors";

/** The Graph app's credential, decrypted by the caller (ENTRA_SECRET_PURPOSE); the gateway never stores or logs it. */
export type EntraCredential = { kind: "secret"; clientSecret: string } | { kind: "certificate"; certificatePem: string; privateKeyPem: string };

/** Where the gateway talks to, as plain data. The credential's secret fields are hidden from JSON and inspection. */
export interface EntraTarget {
  kind: "sandbox" | "live";
  tenantId: string;
  clientId: string;
  credential: EntraCredential;
  /** Graph's base URL without the version: https://graph.microsoft.com, or `${SANDBOX_URL}/graph`. */
  graphBaseUrl: string;
  /** The identity platform host the tenant hangs off: https://login.microsoftonline.com, or `${SANDBOX_URL}/login`. */
  loginBaseUrl: string;
}

export interface GraphGatewayOptions {
  /** Per HTTP attempt; a hung request is cut rather than waited on. */
  requestTimeoutMs?: number;
  tokenTimeoutMs?: number;
  /** RetryHandler retries 429/503/504, honouring Retry-After (https://learn.microsoft.com/graph/throttling). */
  maxRetries?: number;
  /** RetryHandler's base delay in seconds when there is no Retry-After. */
  retryDelaySeconds?: number;
}

export const GRAPH_GATEWAY_DEFAULTS: Required<GraphGatewayOptions> = { requestTimeoutMs: 15_000, tokenTimeoutMs: 10_000, maxRetries: 3, retryDelaySeconds: 3 };

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** Hides the secret fields from JSON.stringify, util.inspect and spreads, so a logged target leaks nothing. */
export function sealCredential(credential: EntraCredential): EntraCredential {
  const hidden = (key: string, value: string) => ({ [key]: { value, enumerable: false } });
  // Named fields, not Object.entries: an already sealed credential has nothing enumerable left to copy.
  return credential.kind === "secret"
    ? (Object.defineProperties({ kind: "secret" }, hidden("clientSecret", credential.clientSecret)) as EntraCredential)
    : (Object.defineProperties(
        { kind: "certificate" },
        { ...hidden("certificatePem", credential.certificatePem), ...hidden("privateKeyPem", credential.privateKeyPem) },
      ) as EntraCredential);
}

/** The decrypted Connection.secret JSON (see saveEntraConnection) as a credential. */
export function parseStoredEntraCredential(plaintext: string): EntraCredential {
  const refuse = () =>
    new EntraGatewayError({
      kind: "auth",
      operation: "ResolveTarget",
      message: "The stored Entra credential could not be read. Enter the client secret or certificate again in Settings.",
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw refuse();
  }
  if (typeof parsed !== "object" || parsed === null) throw refuse();
  const p = parsed as Record<string, unknown>;
  if (typeof p.clientSecret === "string" && p.clientSecret) return sealCredential({ kind: "secret", clientSecret: p.clientSecret });
  if (typeof p.certificatePem === "string" && typeof p.privateKeyPem === "string")
    return sealCredential({ kind: "certificate", certificatePem: p.certificatePem, privateKeyPem: p.privateKeyPem });
  throw refuse();
}

type ConnectionInput = Pick<EntraConnectionView, "useSandbox" | "tenantId" | "clientId" | "credentialType">;

/**
 * Sandbox or live. Sandbox mode always uses the sandbox tenant and the portal's sandbox Graph app, whatever is
 * stored; live mode refuses a sandbox connection rather than silently talking to a local emulator.
 */
export function resolveEntraTarget(
  connection: ConnectionInput,
  environment: Pick<Env, "IB_MODE" | "SANDBOX_URL"> & Partial<Pick<Env, "ENTRA_AUTHORITY_HOST">>,
  credential: EntraCredential | undefined,
): EntraTarget {
  if (environment.IB_MODE === "sandbox") {
    const sandboxUrl = environment.SANDBOX_URL.replace(/\/+$/, "");
    return {
      kind: "sandbox",
      tenantId: SANDBOX.entra.tenantId,
      clientId: SANDBOX.entra.portalGraph.clientId,
      credential: sealCredential({ kind: "secret", clientSecret: SANDBOX.entra.portalGraph.clientSecret }),
      graphBaseUrl: `${sandboxUrl}/graph`,
      loginBaseUrl: `${sandboxUrl}/login`,
    };
  }
  const refuse = (message: string) => new EntraGatewayError({ kind: "validation", operation: "ResolveTarget", message });
  if (connection.useSandbox)
    throw refuse("The Entra connection is set to the sandbox, which live mode does not use. Enter the tenant, client id and credential in Settings.");
  if (!connection.tenantId) throw refuse("The Entra connection has no tenant id. Set it in Settings.");
  if (!connection.clientId) throw refuse("The Entra connection has no client id. Set the Graph app's application (client) id in Settings.");
  if (!credential) throw refuse("The Entra connection has no client secret or certificate. Add one in Settings.");
  if (credential.kind !== connection.credentialType)
    throw refuse(`The Entra connection expects a ${connection.credentialType} but a ${credential.kind} was given. Save the credential again in Settings.`);
  return {
    kind: "live",
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    credential: sealCredential(credential),
    graphBaseUrl: "https://graph.microsoft.com",
    loginBaseUrl: (environment.ENTRA_AUTHORITY_HOST ?? "https://login.microsoftonline.com").replace(/\/+$/, ""),
  };
}

interface CallStore {
  requestIds: string[];
  /** Failures below the SDK, kept because GraphErrorHandler flattens them into a GraphError without cause. */
  authError?: unknown;
  transportError?: unknown;
}

export interface GraphGateway {
  readonly target: EntraTarget;
  readonly options: Required<GraphGatewayOptions>;
  /**
   * A request to a Graph path. The SDK client itself stays private to the gateway: lib/entra builds requests
   * here and sends them only inside `run` (or via callGraph/listAll), so request ids and errors are captured.
   */
  api(path: string): GraphRequest;
  /** An app-only token from MSAL (its cache answers until near expiry); `fresh` skips the cache. */
  acquireToken(options?: { fresh?: boolean }): Promise<string>;
  /** Sends a call: each attempt's request id goes to the request context, and any failure becomes an EntraGatewayError. */
  run(operation: string, call: () => Promise<unknown>): Promise<unknown>;
  /** A request for an absolute @odata.nextLink, rewritten onto the configured base URL. */
  requestForLink(link: string): GraphRequest;
}

class AuthLink implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly token: () => Promise<string>,
    private readonly store: AsyncLocalStorage<CallStore>,
  ) {}

  async execute(context: Context): Promise<void> {
    let token: string;
    try {
      token = await this.token();
    } catch (error) {
      const store = this.store.getStore();
      if (store) store.authError = error;
      throw error;
    }
    const options = (context.options ??= {});
    const headers = new Headers(options.headers as HeadersInit | undefined);
    headers.set("Authorization", `Bearer ${token}`);
    options.headers = Object.fromEntries(headers.entries());
    if (!this.next) throw new Error("AuthLink must be chained");
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Sits after the SDK's RetryHandler so that each attempt gets its own timeout and each attempt's request-id is
 * recorded (a retried 429 leaves a trail support can follow).
 */
class AttemptLink implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly timeoutMs: number,
    private readonly store: AsyncLocalStorage<CallStore>,
  ) {}

  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    options.signal = AbortSignal.timeout(this.timeoutMs);
    const store = this.store.getStore();
    if (!this.next) throw new Error("AttemptLink must be chained");
    try {
      await this.next.execute(context);
    } catch (error) {
      if (store) store.transportError = error;
      throw error;
    }
    const id = context.response?.headers.get("request-id");
    if (store && id && !store.requestIds.includes(id)) store.requestIds.push(id);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function buildMsal(target: EntraTarget, tokenTimeoutMs: number): Promise<ConfidentialClientApplication> {
  const c = target.credential;
  const credential: Pick<Configuration["auth"], "clientSecret" | "clientCertificate"> =
    c.kind === "secret"
      ? { clientSecret: c.clientSecret }
      : {
          clientCertificate: {
            thumbprintSha256: new X509Certificate(c.certificatePem).fingerprint256.replaceAll(":", ""),
            privateKey: c.privateKeyPem,
            x5c: c.certificatePem,
          },
        };
  if (target.kind === "live") {
    return new ConfidentialClientApplication({ auth: { clientId: target.clientId, authority: `${target.loginBaseUrl}/${target.tenantId}`, ...credential } });
  }
  // MSAL refuses http authorities: give it a nominal https one and the sandbox's own discovery document (STACK.md).
  const login = new URL(target.loginBaseUrl);
  const discovery = `${target.loginBaseUrl}/${target.tenantId}/v2.0/.well-known/openid-configuration`;
  const response = await fetch(discovery, { signal: AbortSignal.timeout(tokenTimeoutMs), cache: "no-store" });
  if (!response.ok) {
    // The body carries the AADSTS code (e.g. 90002, unknown tenant); errorCode routes it like an MSAL failure.
    const body = (await response.text()).slice(0, 500);
    throw Object.assign(new Error(`OpenID discovery answered ${response.status}: ${body}`), { errorCode: "endpoints_resolution_error" });
  }
  return new ConfidentialClientApplication({
    auth: {
      clientId: target.clientId,
      authority: `https://${login.host}${login.pathname.replace(/\/+$/, "")}/${target.tenantId}`,
      knownAuthorities: [login.host],
      authorityMetadata: await response.text(),
      ...credential,
    },
  });
}

/** MSAL (client credentials, secret or certificate) + the Graph client over one middleware chain, for both modes. */
export function createGraphGateway(target: EntraTarget, options: GraphGatewayOptions = {}): GraphGateway {
  const o: Required<GraphGatewayOptions> = { ...GRAPH_GATEWAY_DEFAULTS, ...options };
  const store = new AsyncLocalStorage<CallStore>();
  let msal: Promise<ConfidentialClientApplication> | undefined;

  const acquireToken = async (opts: { fresh?: boolean } = {}): Promise<string> => {
    const started = (msal ??= buildMsal(target, o.tokenTimeoutMs).catch((error: unknown) => {
      msal = undefined;
      throw error;
    }));
    const app = await started;
    const result = await withTimeout(app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE], skipCache: opts.fresh === true }), o.tokenTimeoutMs, () =>
      Object.assign(new Error("The token endpoint did not answer in time."), { code: "ETIMEDOUT" }),
    );
    // A token from the identity platform (not MSAL's cache) carries its x-ms-request-id: keep it with the Graph ids.
    if (result && !result.fromCache) recordRequestId(result.requestId);
    if (!result?.accessToken) throw new EntraGatewayError({ kind: "auth", operation: "AcquireToken", message: "Microsoft Entra returned no access token." });
    return result.accessToken;
  };

  const chain: Middleware[] = [
    new AuthLink(() => acquireToken(), store),
    new RetryHandler(new RetryHandlerOptions(o.retryDelaySeconds, o.maxRetries)),
    new RedirectHandler(),
    new TelemetryHandler(),
    new AttemptLink(o.requestTimeoutMs, store),
    new HTTPMessageHandler(),
  ];
  for (let i = 0; i < chain.length - 1; i++) chain[i]?.setNext?.(chain[i + 1] as Middleware);
  const client = Client.initWithMiddleware({ baseUrl: target.graphBaseUrl, middleware: chain, defaultVersion: "v1.0" });
  const base = new URL(target.graphBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");

  return {
    target,
    options: o,
    api: (path) => client.api(path),
    acquireToken: async (opts) => {
      try {
        return await acquireToken(opts);
      } catch (error) {
        const mapped = toGatewayError("AcquireToken", error);
        recordRequestId(mapped.requestId);
        throw mapped;
      }
    },
    async run(operation, call) {
      const current: CallStore = { requestIds: [] };
      try {
        return await store.run(current, call);
      } catch (error) {
        const statusless = typeof (error as { statusCode?: unknown }).statusCode !== "number" || (error as { statusCode: number }).statusCode <= 0;
        const root = current.authError ?? (statusless && current.transportError !== undefined ? current.transportError : error);
        const mapped = toGatewayError(operation, root);
        if (!mapped.requestId && current.requestIds.length && mapped.httpStatus !== undefined) {
          throw new EntraGatewayError({ ...mapped, message: mapped.message, requestId: current.requestIds.at(-1), cause: mapped.cause });
        }
        // The failing request's id as Graph reported it in the error body, should the header not have carried it.
        if (mapped.requestId && !current.requestIds.includes(mapped.requestId)) current.requestIds.push(mapped.requestId);
        throw mapped;
      } finally {
        for (const id of current.requestIds) recordRequestId(id);
      }
    },
    requestForLink(link) {
      const url = new URL(link);
      let path = url.pathname;
      // Live links are https://graph.microsoft.com/v1.0/…; sandbox links carry its /graph prefix.
      if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
      const [, version = "v1.0", ...rest] = path.split("/");
      return client.api(`/${rest.join("/")}${url.search}`).version(version);
    },
  };
}
