import "server-only";
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { signInConfig, type SignInConfig } from "./sign-in-config";

export interface OpenIdMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

let cached: Promise<{ msal: ConfidentialClientApplication; metadata: OpenIdMetadata; config: SignInConfig }> | undefined;

async function fetchMetadata(url: string): Promise<{ text: string; metadata: OpenIdMetadata }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000), cache: "no-store" });
  if (!response.ok) throw new Error(`OpenID discovery answered ${response.status}`);
  const text = await response.text();
  return { text, metadata: JSON.parse(text) as OpenIdMetadata };
}

/** One MSAL client per process, built on first sign-in (the discovery document is fetched then, not at build). */
export function signInClient() {
  cached ??= (async () => {
    const config = signInConfig();
    const discoveryUrl = config.sandbox?.discoveryUrl ?? `${config.authority}/v2.0/.well-known/openid-configuration`;
    const { text, metadata } = await fetchMetadata(discoveryUrl);
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        authority: config.authority,
        // In the sandbox MSAL never contacts the nominal https authority: it uses these endpoints (http).
        ...(config.sandbox ? { knownAuthorities: [config.sandbox.knownAuthority], authorityMetadata: text } : {}),
      },
    });
    return { msal, metadata, config };
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export const cryptoProvider = new CryptoProvider();
