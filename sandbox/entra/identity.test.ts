import { CryptoProvider } from "@azure/msal-node";
import { createPublicKey, createVerify } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { STAFF } from "./seed";
import { TENANT, admin, advance, msalFor, startEntra } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, c] = token.split(".") as [string, string];
  return { header: JSON.parse(Buffer.from(h, "base64url").toString()) as Record<string, unknown>, claims: JSON.parse(Buffer.from(c, "base64url").toString()) as Record<string, unknown> };
}

async function verifyWithJwks(s: SandboxServer, token: string): Promise<boolean> {
  const jwks = (await (await fetch(`${s.url}/login/${TENANT}/discovery/v2.0/keys`)).json()) as { keys: ({ kid: string } & Record<string, unknown>)[] };
  const [h, c, sig] = token.split(".") as [string, string, string];
  const kid = decode(token).header.kid;
  const key = jwks.keys.find((k) => k.kid === kid);
  if (!key) return false;
  const publicKey = createPublicKey({ key: { kty: "RSA", n: key.n as string, e: key.e as string }, format: "jwk" });
  return createVerify("RSA-SHA256").update(`${h}.${c}`).verify(publicKey, Buffer.from(sig, "base64url"));
}

const REDIRECT = "http://localhost:3000/auth/callback";

async function signIn(s: SandboxServer, upn: string, opts: { nonce?: string; verifier?: string } = {}) {
  const msal = await msalFor(s, SANDBOX.entra.portalSignIn);
  const pkce = await new CryptoProvider().generatePkceCodes();
  const url = await msal.getAuthCodeUrl({ scopes: ["User.Read"], redirectUri: REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: "S256", state: "st-123", nonce: opts.nonce ?? "n-456" });
  expect(url.startsWith(`${s.url}/login/${TENANT}/oauth2/v2.0/authorize?`)).toBe(true);
  const page = await (await fetch(url)).text();
  const oid = new RegExp(`name="user_oid" value="([^"]+)" data-upn="${upn.replace(/[.#]/g, (c) => `\\${c}`)}"`).exec(page)?.[1];
  expect(oid, `the sign-in page lists ${upn}`).toBeTruthy();
  const form = new URLSearchParams([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].slice(0, 12).map((m) => [m[1] as string, (m[2] as string).replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n)))]));
  form.set("user_oid", oid as string);
  const picked = await fetch(url.split("?")[0] as string, { method: "POST", body: form, redirect: "manual" });
  expect(picked.status).toBe(302);
  const location = new URL(picked.headers.get("location") ?? "");
  expect(location.origin + location.pathname).toBe(REDIRECT);
  expect(location.searchParams.get("state")).toBe("st-123");
  const code = location.searchParams.get("code") ?? "";
  return { msal, code, verifier: opts.verifier ?? pkce.verifier, oid: oid as string };
}

describe("identity platform", () => {
  it("serves a discovery document MSAL accepts, with sandbox endpoints", async () => {
    server = await startEntra();
    const doc = (await (await fetch(`${server.url}/login/${TENANT}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${server.url}/login/${TENANT}/oauth2/v2.0/token`);
    expect(doc.jwks_uri).toBe(`${server.url}/login/${TENANT}/discovery/v2.0/keys`);
    expect(doc.issuer).toBe(`${server.url}/login/${TENANT}/v2.0`);
    expect((await fetch(`${server.url}/login/not-a-tenant/v2.0/.well-known/openid-configuration`)).status).toBe(400);
  });

  it("issues an app-only Graph token by client credentials carrying exactly the granted permissions, verifiable with the JWKS", async () => {
    server = await startEntra();
    const msal = await msalFor(server, SANDBOX.entra.portalGraph);
    const result = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    const { header, claims } = decode(result?.accessToken ?? "");
    expect(header.alg).toBe("RS256");
    expect(claims).toMatchObject({ aud: "https://graph.microsoft.com", tid: TENANT, appid: SANDBOX.entra.portalGraph.clientId, idtyp: "app" });
    expect(claims.roles).toEqual(["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "AuditLog.Read.All", "Directory.Read.All", "GroupMember.Read.All", "Policy.Read.All", "Policy.ReadWrite.ApplicationConfiguration", "Synchronization.ReadWrite.All", "User.Read.All"]);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(await verifyWithJwks(server, result?.accessToken ?? "")).toBe(true);
    const tampered = (result?.accessToken ?? "").replace(/\.[^.]+\./, `.${Buffer.from(JSON.stringify({ ...claims, roles: ["Directory.ReadWrite.All"] })).toString("base64url")}.`);
    expect(await verifyWithJwks(server, tampered)).toBe(false);

    await admin(server, "POST", "/_sandbox/entra/permissions", { revoke: ["AuditLog.Read.All"] });
    const again = await msal.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"], skipCache: true });
    expect(decode(again?.accessToken ?? "").claims.roles).not.toContain("AuditLog.Read.All");
  });

  it("refuses a wrong secret, an unknown client and a non-.default scope with AADSTS errors", async () => {
    server = await startEntra();
    const bad = await msalFor(server, { clientId: SANDBOX.entra.portalGraph.clientId, clientSecret: "wrong" });
    await expect(bad.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })).rejects.toMatchObject({ errorCode: "invalid_client", errorMessage: expect.stringContaining("AADSTS7000215") });
    const raw = await fetch(`${server.url}/login/${TENANT}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: SANDBOX.entra.portalGraph.clientId, client_secret: SANDBOX.entra.portalGraph.clientSecret, scope: "User.Read" }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: "invalid_scope", error_codes: [1002012] });
    const unknown = await fetch(`${server.url}/login/${TENANT}/oauth2/v2.0/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: "00000000-0000-0000-0000-000000000001", client_secret: "x", scope: "https://graph.microsoft.com/.default" }) });
    expect(await unknown.json()).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
  });

  it("signs a staff user in with authorization code + PKCE: id token with roles, nonce and a valid signature", async () => {
    server = await startEntra();
    const { msal, code, verifier, oid } = await signIn(server, STAFF.admin);
    const result = await msal.acquireTokenByCode({ code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: verifier, nonce: "n-456", state: "st-123" }, { code, state: "st-123" });
    const claims = result.idTokenClaims as Record<string, unknown>;
    expect(claims).toMatchObject({ tid: TENANT, oid, preferred_username: STAFF.admin, name: "Avery Admin", roles: ["Portal.Admin"], nonce: "n-456", aud: SANDBOX.entra.portalSignIn.clientId, iss: `${server.url}/login/${TENANT}/v2.0` });
    expect(typeof claims.exp).toBe("number");
    expect(await verifyWithJwks(server, result.idToken)).toBe(true);
    expect(result.account?.username).toBe(STAFF.admin);

    // The same code twice is refused.
    await expect(msal.acquireTokenByCode({ code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: verifier })).rejects.toMatchObject({ errorMessage: expect.stringContaining("AADSTS54005") });
    // A forged nonce is caught by MSAL itself.
    const other = await signIn(server, STAFF.admin, { nonce: "other" });
    await expect(other.msal.acquireTokenByCode({ code: other.code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: other.verifier, nonce: "n-456" })).rejects.toMatchObject({ errorCode: "nonce_mismatch" });
  });

  it("enforces PKCE, code expiry, and gives no roles to a user without an assignment", async () => {
    server = await startEntra();
    const wrong = await signIn(server, STAFF.helpdesk, { verifier: "x".repeat(43) });
    await expect(wrong.msal.acquireTokenByCode({ code: wrong.code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: wrong.verifier, nonce: "n-456" })).rejects.toMatchObject({ errorMessage: expect.stringContaining("AADSTS501481") });

    const late = await signIn(server, STAFF.helpdesk);
    await advance(server, 11 * 60_000);
    await expect(late.msal.acquireTokenByCode({ code: late.code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: late.verifier, nonce: "n-456" })).rejects.toMatchObject({ errorMessage: expect.stringContaining("AADSTS70008") });

    const none = await signIn(server, STAFF.noRole);
    const result = await none.msal.acquireTokenByCode({ code: none.code, redirectUri: REDIRECT, scopes: ["User.Read"], codeVerifier: none.verifier, nonce: "n-456" });
    expect((result.idTokenClaims as Record<string, unknown>).roles).toBeUndefined();
    expect(result.idTokenClaims).toMatchObject({ preferred_username: STAFF.noRole });
  });

  it("refuses an unregistered redirect URI and a disabled account on the sign-in page", async () => {
    server = await startEntra();
    const base = `${server.url}/login/${TENANT}/oauth2/v2.0/authorize`;
    const q = new URLSearchParams({ client_id: SANDBOX.entra.portalSignIn.clientId, response_type: "code", redirect_uri: "https://evil.example/cb", scope: "openid" });
    const res = await fetch(`${base}?${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("AADSTS50011");
    // Entra ignores the port of a loopback redirect URI.
    q.set("redirect_uri", "http://localhost:3123/auth/callback");
    expect((await fetch(`${base}?${q}`)).status).toBe(200);
    const cases = await admin(server, "GET", "/_sandbox/entra/cases");
    const disabledUpn = (cases.json.cases as Record<string, string>).disabled as string;
    const page = await (await fetch(`${base}?${q}`)).text();
    const oid = new RegExp(`value="([^"]+)" data-upn="${disabledUpn.replace(/\./g, "\\.")}"`).exec(page)?.[1] ?? "";
    q.set("user_oid", oid);
    const picked = await fetch(base, { method: "POST", body: q, redirect: "manual" });
    expect(picked.status).toBe(400);
    expect(await picked.text()).toContain("AADSTS50057");
  });

  it("exchanges a refresh token for new tokens", async () => {
    server = await startEntra();
    const { code, verifier } = await signIn(server, STAFF.auditor);
    const form = (extra: Record<string, string>) => new URLSearchParams({ client_id: SANDBOX.entra.portalSignIn.clientId, client_secret: SANDBOX.entra.portalSignIn.clientSecret, ...extra });
    const first = (await (await fetch(`${server.url}/login/${TENANT}/oauth2/v2.0/token`, { method: "POST", body: form({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: REDIRECT, scope: "openid offline_access User.Read" }) })).json()) as Record<string, string>;
    expect(first.refresh_token).toBeTruthy();
    const second = (await (await fetch(`${server.url}/login/${TENANT}/oauth2/v2.0/token`, { method: "POST", body: form({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" }) })).json()) as Record<string, string>;
    expect(decode(second.id_token ?? "").claims.roles).toEqual(["Portal.Auditor"]);
  });
});
