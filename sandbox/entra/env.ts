import type { SandboxContext } from "../core/types";
import type { SigningKey } from "./identity/jwt";
import type { ProvisioningEngine } from "./provisioning/engine";
import type { GeneratedCertificate } from "./saml/certificates";
import type { EntraState } from "./state";
import { TENANT_ID } from "./tenant";

/** What every Entra handler needs: the tenant state, the signing keys and the shared sandbox context. */
export interface EntraEnv {
  state: EntraState;
  ctx: SandboxContext;
  tokenKey: SigningKey;
  /** Signs federation metadata for apps that have no active SAML certificate of their own. */
  tenantSamlCert: GeneratedCertificate;
  /** Wakes the provisioning engine after a change that should trigger a cycle. */
  engine: ProvisioningEngine;
}


export const issuerV2 = (env: EntraEnv) => `${env.ctx.baseUrl}/login/${TENANT_ID}/v2.0`;
/** Graph access tokens are v1 tokens; the sandbox keeps the v1 issuer shape on its own host. */
export const issuerV1 = (env: EntraEnv) => `${env.ctx.baseUrl}/login/${TENANT_ID}/`;
