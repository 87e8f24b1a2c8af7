import { describe, expect, it } from "vitest";
import type { EntraEnv } from "@/sandbox/entra/env";
import { createSelfSignedCertificate } from "@/sandbox/entra/saml/certificates";
import { signedFederationMetadata } from "@/sandbox/entra/saml/metadata";
import { parseMetadataOnServer } from "./parse-metadata-on-server";
import { summarizeMetadata } from "./summarize-metadata";

// The setup e2e feeds the sandbox's federation metadata through this library; both sides must agree.
describe("federation metadata from the sandbox cloud", () => {
  it("parses, verifies and flags the local endpoint", async () => {
    const now = new Date();
    const cert = await createSelfSignedCertificate("CN=Microsoft Azure Federated SSO Certificate", now, new Date(now.getTime() + 3 * 365 * 86_400_000));
    // signedFederationMetadata reads only the base URL from the environment.
    const env = { ctx: { baseUrl: "http://127.0.0.1:4010" } } as unknown as EntraEnv;
    const xml = signedFederationMetadata(env, cert, cert.privateKey);

    const result = await parseMetadataOnServer(xml, "idp", { now, sandbox: true, signedBy: cert.thumbprint });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    expect(result.metadata.signature).toBe("valid");
    expect(result.metadata.certificates[0]?.sha1Thumbprint).toBe(cert.thumbprint);
    expect(result.metadata.entra?.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.warnings.map((w) => w.code)).toEqual(["local-endpoint"]);
    expect(summarizeMetadata(result.metadata).facts.find((f) => f.label === "Signature")?.value).toBe("Valid");

    const tampered = xml.replace(
      'Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://127.0.0.1:4010',
      'Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://localhost:4010',
    );
    expect(tampered).not.toBe(xml);
    const refused = await parseMetadataOnServer(tampered, "idp", { now, sandbox: true, signedBy: cert.thumbprint });
    expect(!refused.ok && refused.error.code).toBe("signature-untrusted");
    // Outside sandbox mode the sandbox's plain-http endpoints are refused before any signature is looked at.
    const live = await parseMetadataOnServer(xml, "idp", { now, signedBy: cert.thumbprint });
    expect(!live.ok && live.error).toMatchObject({ code: "unsafe-value", message: expect.stringContaining("only the sandbox uses") as unknown });
  });
});
