import { randomUUID } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import type { SandboxRequest, SandboxResponse } from "../core/types";
import { spValues } from "./saml-metadata";
import type { AwsState } from "./state";

const html = (status: number, title: string, body: string): SandboxResponse => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}main{max-width:380px;margin:80px auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 1px 4px #0003}h1{font-size:20px}label{display:block;margin:12px 0 4px}input{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;width:100%;padding:10px;background:#ff9900;border:0;border-radius:4px;font-weight:600}</style></head><body><main>${body}</main></body></html>`,
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The SAML AuthnRequest Identity Center sends to the external IdP (HTTP-Redirect binding: deflate + base64). */
export function authnRequest(state: AwsState, destination: string, now: number): { xml: string; encoded: string; id: string } {
  const sp = spValues(state.region, state.identityStoreId, state.acsId);
  // Observed Identity Center request ids start with "aws_" (an ExternalIdPDirectoryLogin errorMessage quotes one).
  const id = `aws_${randomUUID().replace(/-/g, "")}`;
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date(now).toISOString()}" Destination="${destination}" AssertionConsumerServiceURL="${sp.acsUrl}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">` +
    `<saml:Issuer>${sp.entityId}</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/></samlp:AuthnRequest>`;
  return { xml, encoded: deflateRawSync(Buffer.from(xml, "utf8")).toString("base64"), id };
}

/**
 * /awsapps/{identityStoreId}/start: the AWS access portal. With the Identity Center directory as the
 * source it sends the browser to the built-in sign-in page; with an external IdP, to that IdP's SSO URL
 * with a SAMLRequest (which is how the checklist's idp-metadata-upload step is verified).
 */
export function handleAccessPortal(req: SandboxRequest, state: AwsState, now: number, baseUrl: string): SandboxResponse | undefined {
  const m = /^\/([^/]+)\/(start|login)\/?$/.exec(req.path);
  if (!m?.[1] || req.method !== "GET") return undefined;
  if (!state.instance.enabled || m[1] !== state.identityStoreId) return html(404, "Not found", "<h1>The page you're looking for doesn't exist.</h1>");
  if (m[2] === "login") {
    return html(
      200,
      "AWS access portal sign in",
      `<h1>Sign in</h1><p>AWS access portal for <code>${escapeHtml(state.identityStoreId)}</code> (sandbox).</p><form onsubmit="return false"><label for="u">Username</label><input id="u" name="username" autocomplete="username"><button>Next</button></form>`,
    );
  }
  const source = state.identitySource;
  if (source.type === "IDENTITY_CENTER") {
    return { status: 302, headers: { location: `${baseUrl}/awsapps/${state.identityStoreId}/login?workflowStateHandle=${randomUUID()}` } };
  }
  const { encoded, id } = authnRequest(state, source.idp.ssoUrl, now);
  // The request is remembered until its answer arrives (or 1 hour, a sandbox choice), so InResponseTo can be checked once.
  state.samlSignIn.requests.set(id, now + 3600_000);
  const target = new URL(source.idp.ssoUrl);
  target.searchParams.set("SAMLRequest", encoded);
  target.searchParams.set("RelayState", `${baseUrl}/awsapps/${state.identityStoreId}/start`);
  return { status: 302, headers: { location: target.toString() } };
}
