import type { SandboxContext, SandboxModule, SandboxRequest, SandboxResponse, SeedOptions } from "../core/types";
import { handleAdmin } from "./admin";
import type { EntraEnv } from "./env";
import { TENANT_ID } from "./tenant";
import { appRoutes } from "./graph/apps";
import { directoryRoutes } from "./graph/directory";
import { graphErrorResponse } from "./graph/errors";
import { logRoutes } from "./graph/logs";
import { compile, handleGraph } from "./graph/router";
import { syncRoutes } from "./graph/sync";
import { json } from "./http";
import { kidFromDer, type SigningKey } from "./identity/jwt";
import { handleIdentity } from "./identity/platform";
import { ProvisioningEngine } from "./provisioning/engine";
import { createSelfSignedCertificate, type GeneratedCertificate } from "./saml/certificates";
import { handleFederationMetadata } from "./saml/metadata";
import { handleSaml } from "./saml/sso";
import { seedTenant } from "./seed";
import { EntraState } from "./state";

const ROUTES = compile([...appRoutes, ...directoryRoutes, ...syncRoutes, ...logRoutes]);

async function tokenSigningKey(now: number): Promise<SigningKey> {
  const cert = await createSelfSignedCertificate("CN=accounts.accesscontrol.windows.net", new Date(now - 86400_000), new Date(now + 5 * 365 * 86400_000));
  return { kid: kidFromDer(cert.der), privateKey: cert.privateKey, publicKey: cert.publicKey, certificateDer: cert.der.toString("base64") };
}

/** Key generation is slow (RSA-2048 in webcrypto); one set per process is plenty for a sandbox. */
let sharedKeys: Promise<{ token: SigningKey; saml: GeneratedCertificate }> | undefined;

function processKeys(now: number) {
  sharedKeys ??= (async () => ({
    token: await tokenSigningKey(now),
    saml: await createSelfSignedCertificate("CN=Microsoft Azure Federated SSO Certificate", new Date(now - 86400_000), new Date(now + 3 * 365 * 86400_000)),
  }))();
  return sharedKeys;
}

const GRAPH_FAULT_CODES: Record<number, string> = { 429: "TooManyRequests", 500: "generalException", 502: "badGateway", 503: "serviceNotAvailable", 504: "gatewayTimeout" };

/** The Entra module plus a handle on its tenant, for tests and for other sandbox modules. */
export interface EntraModule extends SandboxModule {
  env(): EntraEnv;
}

export function createEntraModule(): EntraModule {
  let env: EntraEnv | undefined;
  let keys: { token: SigningKey; saml: GeneratedCertificate } | undefined;
  const engine = new ProvisioningEngine(() => env);

  const requireEnv = (): EntraEnv => {
    if (!env) throw new Error("entra module used before reset");
    return env;
  };

  async function handleLogin(e: EntraEnv, req: SandboxRequest): Promise<SandboxResponse | undefined> {
    const m = /^\/([^/]+)(\/.*)$/.exec(req.path);
    if (!m) return undefined;
    const tenant = m[1] as string;
    const rest = m[2] as string;
    if (tenant !== TENANT_ID && tenant.toLowerCase() !== "contoso-sandbox.onmicrosoft.com")
      return json(400, { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, error_codes: [90002] });
    if (rest.toLowerCase() === "/federationmetadata/2007-06/federationmetadata.xml") return handleFederationMetadata(e, req);
    if (/^\/saml2(\/|$)/i.test(rest)) return handleSaml(e, req, rest);
    return handleIdentity(e, req, rest);
  }

  return {
    name: "entra",
    prefixes: ["/login", "/graph", "/_sandbox/entra"],
    env: requireEnv,
    async handle(req: SandboxRequest, ctx: SandboxContext) {
      const e = requireEnv();
      e.ctx = ctx;
      if (req.prefix === "/login") return handleLogin(e, req);
      if (req.prefix === "/graph") return handleGraph(e, ROUTES, req);
      return handleAdmin(e, req);
    },
    async reset(ctx: SandboxContext, options?: SeedOptions) {
      engine.stop();
      keys ??= await processKeys(Date.now());
      const state = new EntraState();
      seedTenant(state, ctx.clock.date(), options?.users ?? 0, options?.groups ?? 0);
      env = { state, ctx, tokenKey: keys.token, tenantSamlCert: keys.saml, engine };
      engine.start();
    },
    summary() {
      if (!env) return {};
      const s = env.state;
      return {
        tenantId: TENANT_ID,
        users: s.users.size,
        groups: s.groups.size,
        applications: s.applications.size,
        servicePrincipals: s.servicePrincipals.size,
        appRoleAssignments: s.assignments.size,
        synchronizationJobs: [...s.jobs.values()].map((j) => ({ id: j.id, servicePrincipalId: j.servicePrincipalId, code: j.code, schedule: j.scheduleState, cycles: j.cycles })),
        provisioningLogEntries: s.logs.length,
      };
    },
    faultResponse(req: SandboxRequest, fault: { status: number; retryAfterSeconds?: number }): SandboxResponse {
      const now = env?.ctx.clock.date() ?? new Date();
      if (req.prefix === "/graph") {
        const code = GRAPH_FAULT_CODES[fault.status] ?? "UnknownError";
        const message = fault.status === 429 ? "Too many requests. Please retry after the period given in the Retry-After header." : "The service is temporarily unavailable. Please retry.";
        return graphErrorResponse(req, now, fault.status, code, message, fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {});
      }
      return json(fault.status, { error: "temporarily_unavailable", error_description: "AADSTS90033: A transient error has occurred. Please try again.", error_codes: [90033] });
    },
    close() {
      engine.stop();
    },
  };
}
