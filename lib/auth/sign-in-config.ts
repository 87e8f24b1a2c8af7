import "server-only";
import { env } from "../config/env";
import { SANDBOX } from "../../sandbox/fixtures";
import { signInRoleNames } from "./role-names";
import type { RoleNames } from "./roles";

export interface SignInConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The authority MSAL is given. */
  authority: string;
  /** Sandbox only: MSAL refuses http authorities, so it gets a nominal https one plus the real metadata. */
  sandbox?: { discoveryUrl: string; knownAuthority: string };
  roleNames: RoleNames;
}

/** Sandbox mode signs in against the sandbox tenant's portal app; live mode against the configured tenant. */
export function signInConfig(): SignInConfig {
  const e = env();
  const roleNames = signInRoleNames();
  if (e.IB_MODE === "sandbox") {
    const { tenantId } = SANDBOX.entra;
    const sandbox = new URL(e.SANDBOX_URL);
    return {
      tenantId,
      clientId: SANDBOX.entra.portalSignIn.clientId,
      clientSecret: SANDBOX.entra.portalSignIn.clientSecret,
      authority: `https://${sandbox.host}/login/${tenantId}`,
      sandbox: { discoveryUrl: `${sandbox.origin}/login/${tenantId}/v2.0/.well-known/openid-configuration`, knownAuthority: sandbox.host },
      roleNames,
    };
  }
  // The env schema makes these present in live mode.
  const tenantId = e.ENTRA_SIGNIN_TENANT_ID ?? "";
  return {
    tenantId,
    clientId: e.ENTRA_SIGNIN_CLIENT_ID ?? "",
    clientSecret: e.ENTRA_SIGNIN_CLIENT_SECRET ?? "",
    authority: `${e.ENTRA_AUTHORITY_HOST.replace(/\/$/, "")}/${tenantId}`,
    roleNames,
  };
}
