import { inflateRawSync } from "node:zlib";
import { GetUserIdCommand } from "@aws-sdk/client-identitystore";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../fixtures";
import { idpMetadata, startAws, type AwsSandbox } from "./testing";

let s: AwsSandbox;
afterEach(async () => s?.close());

const portal = () => fetch(`${s.server.url}/awsapps/${SANDBOX.aws.identityStoreId}/start`, { redirect: "manual" });

describe("console-only steps", () => {
  it("offers SP metadata in the documented formats", async () => {
    s = await startAws();
    const res = await fetch(`${s.server.url}/_sandbox/aws/sp-metadata`);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const xml = await res.text();
    const entityId = `https://${SANDBOX.aws.region}.signin.aws.amazon.com/platform/saml/${SANDBOX.aws.identityStoreId}`;
    expect(xml).toContain(`entityID="${entityId}"`);
    expect(xml).toMatch(new RegExp(`Location="https://${SANDBOX.aws.region}\\.signin\\.aws\\.amazon\\.com/platform/saml/acs/[0-9a-f-]+"`));
    const json = await s.admin("GET", "/sp-metadata.json");
    expect(json.json).toMatchObject({ entityId, signInUrl: `https://${SANDBOX.aws.identityStoreId}.awsapps.com/start` });
  });

  it("validates uploaded IdP metadata and refuses hostile or wrong documents", async () => {
    s = await startAws();
    const upload = (metadataXml: string, confirm = "ACCEPT") => s.admin("POST", "/identity-source", { type: "EXTERNAL_IDP", metadataXml, confirm });
    const good = idpMetadata();
    expect((await upload(good, "yes")).json.error).toBe("ConfirmationRequired");
    const doctype = await upload(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${good.replace(/^<\?xml[^>]*>/, "")}`);
    expect(doctype).toMatchObject({ status: 400, json: { error: "InvalidMetadata" } });
    expect(String(doctype.json.message)).toContain("DOCTYPE");
    expect((await upload("<html><body>hi</body></html>")).status).toBe(400);
    expect((await upload("not xml <<")).status).toBe(400);
    expect((await upload(good.replace(/IDPSSODescriptor/g, "SPSSODescriptor"))).status).toBe(400);
    expect((await upload(idpMetadata({ certificate: "bm90IGEgY2VydA==" }))).status).toBe(400);
    const ok = await upload(good);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ type: "EXTERNAL_IDP", idp: { entityId: `https://sts.windows.net/${SANDBOX.entra.tenantId}/` } });
    // Ten years on, the same certificate has expired.
    await s.advance(11 * 365 * 86_400_000);
    expect(String((await upload(good)).json.message)).toContain("expired");
  });

  it("requires an external IdP before automatic provisioning", async () => {
    s = await startAws();
    expect((await s.admin("POST", "/provisioning/enable")).status).toBe(409);
    await s.admin("POST", "/identity-source", { type: "EXTERNAL_IDP", metadataXml: idpMetadata(), confirm: "ACCEPT" });
    const enabled = await s.admin("POST", "/provisioning/enable");
    expect(enabled.status).toBe(201);
    expect(String(enabled.json.scimEndpoint)).toMatch(new RegExp(`^${s.server.url}/scim/[^/]+/scim/v2/$`));
    expect(String((enabled.json.token as { accessToken: string }).accessToken).length).toBeGreaterThan(64);
    const state = await fetch(`${s.server.url}/_sandbox/state`).then((r) => r.json() as Promise<{ modules: { aws: Record<string, unknown> } }>);
    expect(state.modules.aws).toMatchObject({ instanceEnabled: true, identitySource: "EXTERNAL_IDP", provisioningEnabled: true, scimTokens: 1 });
  });

  it("creates a manually created user the identity store can find", async () => {
    s = await startAws();
    const made = await s.admin("POST", "/users", { userName: "squatter@contoso-sandbox.onmicrosoft.com", givenName: "S", familyName: "Q" });
    expect(made.status).toBe(201);
    const found = await s.ids.send(
      new GetUserIdCommand({
        IdentityStoreId: SANDBOX.aws.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "squatter@contoso-sandbox.onmicrosoft.com" } },
      }),
    );
    expect(found.UserId).toBe(made.json.userId);
    expect((await s.admin("POST", "/users", { userName: "squatter@contoso-sandbox.onmicrosoft.com" })).status).toBe(409);
  });
});

describe("access portal", () => {
  it("is not there before the instance is enabled", async () => {
    s = await startAws({ enable: false });
    expect((await portal()).status).toBe(404);
  });

  it("redirects to the built-in sign-in, then to the external IdP with a SAML AuthnRequest", async () => {
    s = await startAws();
    const before = await portal();
    expect(before.status).toBe(302);
    const builtin = before.headers.get("location") ?? "";
    expect(builtin).toContain(`/awsapps/${SANDBOX.aws.identityStoreId}/login`);
    expect((await fetch(builtin)).status).toBe(200);

    const sso = `${s.server.url}/login/${SANDBOX.entra.tenantId}/saml2`;
    await s.admin("POST", "/identity-source", { type: "EXTERNAL_IDP", metadataXml: idpMetadata({ ssoUrl: sso }), confirm: "ACCEPT" });
    const after = await portal();
    expect(after.status).toBe(302);
    const location = new URL(after.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(sso);
    const request = inflateRawSync(Buffer.from(location.searchParams.get("SAMLRequest") ?? "", "base64")).toString("utf8");
    expect(request).toContain("<samlp:AuthnRequest");
    expect(request).toContain(`<saml:Issuer>https://${SANDBOX.aws.region}.signin.aws.amazon.com/platform/saml/${SANDBOX.aws.identityStoreId}</saml:Issuer>`);
    expect(request).toContain(`Destination="${sso}"`);
    expect((await fetch(`${s.server.url}/awsapps/d-0000000000/start`, { redirect: "manual" })).status).toBe(404);
  });
});
