import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { Client, GraphError, HTTPMessageHandler, RedirectHandler, RetryHandler, TelemetryHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { startSandbox, type SandboxServer } from "../core/server";
import type { SandboxModule, SeedOptions } from "../core/types";
import { SANDBOX } from "../fixtures";
import { createEntraModule } from "./index";

/** Test support: a sandbox with the Entra module (plus any others), and the real MSAL and Graph clients pointed at it. */

export const TENANT = SANDBOX.entra.tenantId;

export async function startEntra(options: { modules?: SandboxModule[]; seed?: SeedOptions } = {}): Promise<SandboxServer> {
  return startSandbox({ port: 0, modules: [createEntraModule(), ...(options.modules ?? [])], seed: options.seed });
}

export async function admin(server: SandboxServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: (text.startsWith("{") ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** The configuration STACK.md documents: nominal https authority, knownAuthorities, and the sandbox's discovery document. */
export async function msalFor(server: SandboxServer, app: { clientId: string; clientSecret: string }): Promise<ConfidentialClientApplication> {
  const port = new URL(server.url).port;
  const metadata = await (await fetch(`${server.url}/login/${TENANT}/v2.0/.well-known/openid-configuration`)).text();
  const config: Configuration = {
    auth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: `https://127.0.0.1:${port}/login/${TENANT}`,
      knownAuthorities: [`127.0.0.1:${port}`],
      authorityMetadata: metadata,
    },
  };
  return new ConfidentialClientApplication(config);
}

class BearerMiddleware implements Middleware {
  private nextMiddleware: Middleware | undefined;

  constructor(private readonly token: () => Promise<string>) {}

  async execute(context: Context): Promise<void> {
    const token = await this.token();
    const options = (context.options ??= {});
    const headers = new Headers(options.headers as HeadersInit | undefined);
    headers.set("Authorization", `Bearer ${token}`);
    options.headers = Object.fromEntries(headers.entries());
    if (!this.nextMiddleware) throw new Error("bearer middleware must be chained");
    await this.nextMiddleware.execute(context);
  }

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

/** The Graph client the way STACK.md says: our bearer link, then the SDK's own retry/redirect/telemetry/HTTP handlers. */
export function graphClient(server: SandboxServer, token: () => Promise<string>): Client {
  const chain: Middleware[] = [new BearerMiddleware(token), new RetryHandler(), new RedirectHandler(), new TelemetryHandler(), new HTTPMessageHandler()];
  for (let i = 0; i < chain.length - 1; i++) (chain[i] as Middleware).setNext?.(chain[i + 1] as Middleware);
  return Client.initWithMiddleware({ baseUrl: `${server.url}/graph`, middleware: chain, defaultVersion: "v1.0" });
}

export async function appGraphClient(server: SandboxServer): Promise<{ client: Client; msal: ConfidentialClientApplication }> {
  const msal = await msalFor(server, SANDBOX.entra.portalGraph);
  const client = graphClient(server, async () => {
    const result = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    if (!result) throw new Error("no token");
    return result.accessToken;
  });
  return { client, msal };
}

export async function advance(server: SandboxServer, ms: number): Promise<void> {
  await admin(server, "POST", "/_sandbox/clock/advance", { ms });
}

/**
 * The SDK only recognises absolute https links (GraphRequest.parsePath), so over http an @odata.nextLink must be
 * turned back into version + path before client.api(); PageIterator cannot follow sandbox links by itself.
 */
export function apiForLink(client: Client, server: SandboxServer, link: string) {
  const rest = link.slice(`${server.url}/graph/`.length);
  const slash = rest.indexOf("/");
  return client.api(rest.slice(slash)).version(rest.slice(0, slash));
}

/** The GraphError a Graph call fails with; any other outcome (success, another error) fails the test. */
export async function graphFailure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}
