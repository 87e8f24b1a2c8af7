import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idpMetadata } from "../../sandbox/aws/testing";
import { ensureSamlProvider } from "./ensure-saml-provider";
import { listRolesTrustingProvider } from "./list-roles-trusting-provider";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "./testing";

const trust = (providers: string[], aud = "https://signin.aws.amazon.com/saml") =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRoleWithSAML",
        Principal: { Federated: providers.length === 1 ? providers[0] : providers },
        Condition: { StringEquals: { "SAML:aud": aud } },
      },
    ],
  });

describe("legacy mode: IAM SAML provider and roles", () => {
  let s: GatewaySandbox;
  beforeAll(async () => {
    s = await startGatewaySandbox();
  });
  afterAll(() => s.close());

  it("creates the SAML provider, then updates it in place", async () => {
    const metadata = idpMetadata();
    const first = await ensureSamlProvider(s.clients, "AzureAD", `\uFEFF${metadata}`);
    expect(first).toMatchObject({ outcome: "created", providerArn: `arn:aws:iam::${FIXTURE.managementAccountId}:saml-provider/AzureAD` });
    // The same document again changes nothing; another one (a new certificate) replaces it.
    const second = await ensureSamlProvider(s.clients, "AzureAD", metadata);
    expect(second).toMatchObject({ outcome: "kept", providerArn: first.providerArn });
    const third = await ensureSamlProvider(s.clients, "AzureAD", idpMetadata());
    expect(third).toMatchObject({ outcome: "updated", providerArn: first.providerArn });
    await expect(ensureSamlProvider(s.clients, "Azure AD", idpMetadata())).rejects.toMatchObject({ kind: "validation" });
    await expect(ensureSamlProvider(s.clients, "Broken", "<not-metadata/>")).rejects.toMatchObject({ kind: "validation", requestId: expect.any(String) });
  });

  it("lists only the roles that trust the provider, with audiences and importability", async () => {
    const provider = (await ensureSamlProvider(s.clients, "EntraLegacy", idpMetadata())).providerArn;
    const other = (await ensureSamlProvider(s.clients, "Other", idpMetadata())).providerArn;
    await s.sandbox.iam.send(new CreateRoleCommand({ RoleName: "Entra-Admin", AssumeRolePolicyDocument: trust([provider]) }));
    await s.sandbox.iam.send(new CreateRoleCommand({ RoleName: "Entra-Both", AssumeRolePolicyDocument: trust([provider, other]) }));
    await s.sandbox.iam.send(new CreateRoleCommand({ RoleName: "Unrelated", AssumeRolePolicyDocument: trust([other]) }));

    const result = await listRolesTrustingProvider(s.clients, provider);
    const byName = Object.fromEntries(result.roles.map((r) => [r.roleName, r]));
    expect(Object.keys(byName).sort()).toEqual(["Entra-Admin", "Entra-Both"]);
    expect(byName["Entra-Admin"]).toMatchObject({ importable: true, audiences: ["https://signin.aws.amazon.com/saml"] });
    expect(byName["Entra-Admin"]?.roleClaim).toBe(`${byName["Entra-Admin"]?.roleArn ?? ""},${provider}`);
    expect(byName["Entra-Both"]?.importable).toBe(false);
  });
});
