import { X509Certificate, createHash, createVerify } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../core/server";
import { SANDBOX } from "../fixtures";
import { TENANT, admin, appGraphClient, startEntra } from "./testing";

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type XNode = Record<string, unknown>;
const DS = "http://www.w3.org/2000/09/xmldsig#";

/** An independent canonicaliser for prefix-free documents (what exclusive c14n yields for them). */
function canon(nodes: XNode[]): string {
  let out = "";
  for (const node of nodes) {
    if ("#text" in node) {
      out += String(node["#text"]).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
      continue;
    }
    const tag = Object.keys(node).find((k) => k !== ":@") as string;
    const attrs = Object.entries((node[":@"] ?? {}) as Record<string, string>).sort(([a], [b]) => {
      const rank = (n: string) => (n === "xmlns" ? 0 : n.startsWith("xmlns:") ? 1 : 2);
      return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
    });
    const attrText = attrs.map(([k, v]) => ` ${k}="${v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;").replace(/\r/g, "&#xD;")}"`).join("");
    out += `<${tag}${attrText}>${canon(node[tag] as XNode[])}</${tag}>`;
  }
  return out;
}

const tagOf = (n: XNode) => Object.keys(n).find((k) => k !== ":@") ?? "";
const child = (n: XNode, tag: string) => (n[tagOf(n)] as XNode[]).find((c) => tagOf(c) === tag) as XNode;
const text = (n: XNode) => String(((n[tagOf(n)] as XNode[])[0] ?? {})["#text"] ?? "");

function verifyMetadata(xml: string): { certificate: X509Certificate; entityId: string } {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", trimValues: false, parseTagValue: false, parseAttributeValue: false, ignoreDeclaration: true });
  const doc = parser.parse(xml) as XNode[];
  const root = doc.find((n) => tagOf(n) === "EntityDescriptor") as XNode;
  const signature = child(root, "Signature");
  const signedInfo = child(signature, "SignedInfo");
  const reference = child(signedInfo, "Reference");
  const rootAttrs = root[":@"] as Record<string, string>;
  expect((reference[":@"] as Record<string, string>).URI).toBe(`#${rootAttrs.ID}`);
  // Enveloped-signature transform, then exclusive c14n, then SHA-256.
  const withoutSig: XNode = { ...root, EntityDescriptor: (root.EntityDescriptor as XNode[]).filter((c) => tagOf(c) !== "Signature") };
  const digest = createHash("sha256").update(canon([withoutSig]), "utf8").digest("base64");
  expect(text(child(reference, "DigestValue"))).toBe(digest);
  const signedInfoCanon = canon([{ ...signedInfo, ":@": { xmlns: DS } }]);
  const certB64 = text(child(child(child(signature, "KeyInfo"), "X509Data"), "X509Certificate"));
  const certificate = new X509Certificate(Buffer.from(certB64, "base64"));
  const ok = createVerify("RSA-SHA256").update(signedInfoCanon, "utf8").verify(certificate.publicKey, Buffer.from(text(child(signature, "SignatureValue")), "base64"));
  expect(ok, "SignatureValue verifies over the canonical SignedInfo").toBe(true);
  const idp = child(root, "IDPSSODescriptor");
  const descriptorCert = text(child(child(child(child(idp, "KeyDescriptor"), "KeyInfo"), "X509Data"), "X509Certificate"));
  expect(descriptorCert).toBe(certB64);
  return { certificate, entityId: rootAttrs.entityID as string };
}

describe("SAML signing certificate and federation metadata", () => {
  it("adds a real self-signed certificate and signs the app's federation metadata with it once activated", async () => {
    server = await startEntra();
    await admin(server, "POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    const { client } = await appGraphClient(server);
    const made = (await client.api(`/applicationTemplates/${SANDBOX.entra.templates.identityCenter}/instantiate`).post({ displayName: "AWS IAM Identity Center" })) as { application: { appId: string }; servicePrincipal: { id: string } };
    const spId = made.servicePrincipal.id;
    await client.api(`/servicePrincipals/${spId}`).patch({ preferredSingleSignOnMode: "saml" });
    const bad = await client.api(`/servicePrincipals/${spId}/addTokenSigningCertificate`).post({ displayName: "AWS" }).catch((e: { code: string }) => e);
    expect(bad).toMatchObject({ code: "Request_BadRequest" });
    const tooLong = await client.api(`/servicePrincipals/${spId}/addTokenSigningCertificate`).post({ displayName: "CN=AWS", endDateTime: new Date(Date.now() + 4 * 365 * 86400_000).toISOString() }).catch((e: { statusCode: number }) => e);
    expect(tooLong).toMatchObject({ statusCode: 400 });

    const end = new Date(Date.now() + 2 * 365 * 86400_000);
    const cert = (await client.api(`/servicePrincipals/${spId}/addTokenSigningCertificate`).post({ displayName: "CN=AWS IAM Identity Center", endDateTime: end.toISOString() })) as Record<string, string>;
    expect(cert).toMatchObject({ displayName: "CN=AWS IAM Identity Center", type: "AsymmetricX509Cert", usage: "Verify" });
    const x509 = new X509Certificate(Buffer.from(cert.key ?? "", "base64"));
    expect(x509.subject).toBe("CN=AWS IAM Identity Center");
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(createHash("sha1").update(x509.raw).digest("hex").toUpperCase()).toBe(cert.thumbprint);
    expect(Math.abs(Date.parse(x509.validTo) - end.getTime())).toBeLessThan(2000);

    const sp = (await client.api(`/servicePrincipals/${spId}`).select("keyCredentials,passwordCredentials").get()) as { keyCredentials: { usage: string; customKeyIdentifier: string; keyId: string }[]; passwordCredentials: { keyId: string }[] };
    expect(sp.keyCredentials.map((k) => k.usage).sort()).toEqual(["Sign", "Verify"]);
    const signKey = sp.keyCredentials.find((k) => k.usage === "Sign");
    expect(sp.passwordCredentials.map((p) => p.keyId)).toEqual([signKey?.keyId]);

    const url = `${server.url}/login/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${made.application.appId}`;
    // Not yet activated: still signed, but with the tenant's default key.
    const before = verifyMetadata(await (await fetch(url)).text());
    expect(before.certificate.fingerprint.replace(/:/g, "")).not.toBe(cert.thumbprint);

    await client.api(`/servicePrincipals/${spId}`).patch({ preferredTokenSigningKeyThumbprint: cert.thumbprint });
    const xml = await (await fetch(url)).text();
    const after = verifyMetadata(xml);
    expect(after.entityId).toBe(`https://sts.windows.net/${TENANT}/`);
    expect(after.certificate.fingerprint.replace(/:/g, "")).toBe(cert.thumbprint);
    expect(xml).toContain(`Location="${server.url}/login/${TENANT}/saml2"`);

    // Tampering breaks the digest.
    expect(() => verifyMetadata(xml.replace("saml2", "saml3"))).toThrow();
    expect((await fetch(`${server.url}/login/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=00000000-0000-0000-0000-00000000abcd`)).status).toBe(400);
  });
});
