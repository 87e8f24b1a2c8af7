import { DOMParser } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX } from "./fixtures";
import { CASES, GROUPS, groupId } from "./entra/seed";
import { adminCall, addAwsUser, assign, idpInitiated, repost, rollCertificate, spInitiated, startSignInSandbox, uploadIdpMetadata, type SignInSandbox } from "./sign-in-testing";

let s: SignInSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const [PROD, STAGING] = SANDBOX.aws.memberAccountIds as readonly [string, string];

/** Jane is assigned to the app through Project Users; in AWS she has one permission set directly and one through a group. */
async function withJane(sandbox: SignInSandbox): Promise<string> {
  const janeId = await addAwsUser(sandbox, CASES.healthy);
  const groupId = sandbox.aws.state().directory.newId();
  const now = Date.now();
  sandbox.aws.state().directory.addGroup({ GroupId: groupId, DisplayName: "Project Users", CreatedAt: now, CreatedBy: "test", UpdatedAt: now, UpdatedBy: "test" } as never);
  sandbox.aws.state().directory.addMembership({ MembershipId: `m-${groupId}`, GroupId: groupId, UserId: janeId, CreatedAt: now, CreatedBy: "test" });
  assign(sandbox, PROD, "ReadOnlyAccess", { type: "USER", id: janeId });
  assign(sandbox, STAGING, "PowerUserAccess", { type: "GROUP", id: groupId });
  assign(sandbox, STAGING, "ReadOnlyAccess", { type: "GROUP", id: groupId });
  // Someone else's assignment must not show.
  assign(sandbox, "222233334444", "AdministratorAccess", { type: "USER", id: "someone-else" });
  return janeId;
}

const signIns = (sandbox: SignInSandbox) => sandbox.entra.env().state.signIns;
const trail = (sandbox: SignInSandbox) => sandbox.aws.state().cloudTrail;

describe("SAML sign-in, Entra → IAM Identity Center", () => {
  it("SP-initiated: the access portal lists exactly the user's accounts and permission sets, with a signed assertion and both logs written", async () => {
    s = await startSignInSandbox();
    await withJane(s);
    const flow = await spInitiated(s.server, CASES.healthy);
    expect(flow.entra.status).toBe(200);
    expect(flow.acs).toMatch(/\/platform\/saml\/acs\//);
    expect(flow.aws?.status).toBe(200);
    const html = flow.aws?.html ?? "";
    expect([...html.matchAll(/data-account-id="(\d+)"/g)].map((m) => m[1]).sort()).toEqual([PROD, STAGING].sort());
    expect([...html.matchAll(/data-permission-set="([^"]+)"/g)].map((m) => m[1])).toEqual(expect.arrayContaining(["ReadOnlyAccess", "PowerUserAccess"]));
    expect(html).not.toContain("AdministratorAccess");

    // The assertion Entra signed, checked with xml-crypto against the certificate Entra published for the app.
    const xml = Buffer.from(flow.samlResponse ?? "", "base64").toString("utf8");
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const assertion = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion")[0];
    const signature = assertion?.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0];
    const cert = s.entra.env().state.servicePrincipals.get(s.servicePrincipalId)?.signingCertificates.at(-1)?.cert;
    const verifier = new SignedXml({ publicCert: `-----BEGIN CERTIFICATE-----\n${cert?.der.toString("base64") ?? ""}\n-----END CERTIFICATE-----\n` });
    verifier.loadSignature(signature as unknown as Node);
    expect(verifier.checkSignature(xml)).toBe(true);
    expect(verifier.getReferences()[0]?.uri).toBe(`#${assertion?.getAttribute("ID") ?? ""}`);
    expect(xml).toContain(`<NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${CASES.healthy}</NameID>`);
    expect(xml).toMatch(/InResponseTo="aws_[0-9a-f]+"/);
    expect(xml).toContain("<Audience>https://");

    const log = signIns(s).at(-1);
    expect(log).toMatchObject({ appId: s.appId, userPrincipalName: CASES.healthy.toLowerCase(), status: { errorCode: 0 } });
    const event = trail(s).at(-1);
    expect(event?.eventName).toBe("UserAuthentication");
    expect(event?.detail).toMatchObject({ eventSource: "signin.amazonaws.com", serviceEventDetails: { UserAuthentication: "Success" }, additionalEventData: { CredentialType: "EXTERNAL_IDP", UserName: CASES.healthy } });

    // The same response again is refused (its request was answered and the assertion used).
    const replay = await repost(flow);
    expect(replay.status).toBe(400);
    expect(replay.html).toContain("An unexpected error has occurred");
    expect(trail(s).at(-1)?.detail).toMatchObject({ eventName: "ExternalIdPDirectoryLogin", errorMessage: expect.stringContaining("Not a valid response for the provided request id: aws_") });
  });

  it("IdP-initiated from the launch URL: an unsolicited response signs the user in", async () => {
    s = await startSignInSandbox();
    await withJane(s);
    const flow = await idpInitiated(s.server, s.appId, CASES.healthy);
    expect(flow.aws?.status).toBe(200);
    expect(flow.aws?.html).toContain(`data-account-id="${PROD}"`);
    expect(Buffer.from(flow.samlResponse ?? "", "base64").toString("utf8")).not.toContain("InResponseTo");
    // Replaying an unsolicited assertion is refused by its ID.
    expect((await repost(flow)).html).toContain("An unexpected error has occurred");
  });

  it("Entra refuses users not assigned (also when only a nested group is) and disabled users, on its error page and in its log", async () => {
    s = await startSignInSandbox();
    for (const upn of [CASES.notAssigned, CASES.nestedOnly]) {
      const flow = await spInitiated(s.server, upn);
      expect(flow.entra.status).toBe(400);
      expect(flow.entra.html).toContain("AADSTS50105");
      expect(flow.aws).toBeUndefined();
      expect(signIns(s).at(-1)).toMatchObject({ userPrincipalName: upn.toLowerCase(), status: { errorCode: 50105 } });
    }
    const disabled = await spInitiated(s.server, CASES.disabled);
    expect(disabled.entra.html).toContain("AADSTS50057");
    expect(signIns(s).at(-1)).toMatchObject({ status: { errorCode: 50057 } });
    expect(trail(s)).toHaveLength(0);
    expect(groupId(GROUPS.contractors)).toBeTruthy();
  });

  it("AWS refuses a NameID that is no user name (user.mail ≠ UPN, or not provisioned)", async () => {
    s = await startSignInSandbox();
    await addAwsUser(s, CASES.upnNotMail);
    await adminCall(s.server, "POST", "/_sandbox/entra/saml-claims", { appId: s.appId, nameIdSource: "user.mail" });
    const flow = await spInitiated(s.server, CASES.upnNotMail);
    expect(flow.entra.status).toBe(200);
    expect(signIns(s).at(-1)?.status.errorCode).toBe(0);
    expect(flow.aws?.status).toBe(400);
    expect(flow.aws?.html).toContain("An unexpected error has occurred");
    expect(trail(s).at(-1)?.detail).toMatchObject({ eventName: "ExternalIdPDirectoryLogin", responseElements: { ExternalIdPDirectoryLogin: "Failure" }, errorMessage: "No user in the identity store has the user name p.patel@contoso.com" });
    await adminCall(s.server, "POST", "/_sandbox/entra/saml-claims", { appId: s.appId, reset: true });
    expect((await spInitiated(s.server, CASES.upnNotMail)).aws?.status).toBe(200);
    // Assigned in Entra but never provisioned to AWS.
    const missing = await spInitiated(s.server, CASES.healthy);
    expect(missing.aws?.html).toContain("An unexpected error has occurred");
  });

  it("a certificate rolled over in Entra but not uploaded to AWS breaks sign-in until the new metadata is uploaded", async () => {
    s = await startSignInSandbox();
    await withJane(s);
    await rollCertificate(s);
    const broken = await spInitiated(s.server, CASES.healthy);
    expect(broken.entra.status).toBe(200);
    expect(broken.aws?.status).toBe(400);
    expect(broken.aws?.html).toContain("It&#39;s not you, it is us");
    expect(trail(s).at(-1)?.detail).toMatchObject({ errorMessage: expect.stringContaining("Invalid signature") });
    await uploadIdpMetadata(s);
    expect((await spInitiated(s.server, CASES.healthy)).aws?.status).toBe(200);
  });

  it("AWS refuses an expired assertion and one for another audience; Entra refuses an unknown issuer and a reply URL it does not know", async () => {
    s = await startSignInSandbox();
    await withJane(s);
    // Captured before AWS sees it, then delivered after the confirmation window and the allowed skew.
    const state = s.aws.state();
    const app = s.entra.env().state.applicationByAppId(s.appId);
    if (!app) throw new Error("app missing");
    const launch = await idpInitiated(s.server, s.appId, CASES.healthy);
    expect(launch.aws?.status).toBe(200);
    state.samlSignIn.assertions.clear();
    await adminCall(s.server, "POST", "/_sandbox/clock/advance", { ms: 11 * 60_000 });
    const late = await repost(launch);
    expect(late.html).toContain("It&#39;s not you, it is us");
    expect(trail(s).at(-1)?.detail).toMatchObject({ errorMessage: "The assertion is not yet valid or has expired" });

    // Another identifier on the app: the unsolicited response's audience is no longer AWS's entity id.
    app.identifierUris = ["https://example.com/other", ...app.identifierUris];
    const wrongAudience = await idpInitiated(s.server, s.appId, CASES.healthy);
    expect(wrongAudience.aws?.html).toContain("An unexpected error has occurred");
    expect(trail(s).at(-1)?.detail).toMatchObject({ errorMessage: "Response does not contain the required audience" });

    // SP-initiated with the identifier removed: AADSTS700016; with the reply URL removed: AADSTS50011.
    const identifiers = app.identifierUris;
    app.identifierUris = ["https://example.com/other"];
    const unknown = await spInitiated(s.server, CASES.healthy);
    expect(unknown.entra.status).toBe(400);
    expect(unknown.entra.html).toContain("AADSTS700016");
    app.identifierUris = identifiers;
    app.web.redirectUris = ["https://example.com/acs"];
    const reply = await spInitiated(s.server, CASES.healthy);
    expect(reply.entra.html).toContain("AADSTS50011");
    expect(signIns(s).at(-1)?.status.errorCode).toBe(50011);
  });

  it("signs for any SAML app: attributes such as the legacy app's RoleSessionName and SessionDuration come from its claims configuration", async () => {
    s = await startSignInSandbox();
    const { samlSignIn } = await import("./entra/saml/response");
    const env = s.entra.env();
    const app = env.state.applicationByAppId(s.appId);
    const sp = env.state.servicePrincipals.get(s.servicePrincipalId);
    const user = env.state.findUser(CASES.healthyDirect);
    if (!app || !sp || !user) throw new Error("fixtures missing");
    await adminCall(s.server, "POST", "/_sandbox/entra/saml-claims", {
      appId: s.appId,
      attributes: [
        { name: "https://aws.amazon.com/SAML/Attributes/RoleSessionName", source: "user.userprincipalname" },
        { name: "https://aws.amazon.com/SAML/Attributes/SessionDuration", value: "900" },
      ],
    });
    const result = samlSignIn(env, { app, sp, user });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.responseXml).toContain(`<Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><AttributeValue>${CASES.healthyDirect}</AttributeValue></Attribute>`);
    expect(result.responseXml).toContain(`<Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><AttributeValue>900</AttributeValue></Attribute>`);
    expect(result.destination).toBe(app.web.redirectUris[0]);
    const { defaultClaims } = await import("./entra/saml/response");
    expect(defaultClaims(true).attributes.map((a) => a.name)).toEqual(expect.arrayContaining(["https://aws.amazon.com/SAML/Attributes/Role", "https://aws.amazon.com/SAML/Attributes/RoleSessionName", "https://aws.amazon.com/SAML/Attributes/SessionDuration"]));
  });

  it("Entra checks the AuthnRequest itself: no SAMLRequest, an ID with a leading digit, a Subject; the POST binding works too", async () => {
    s = await startSignInSandbox();
    const saml2 = `${s.server.url}/login/${SANDBOX.entra.tenantId}/saml2`;
    const missing = await fetch(saml2);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("AADSTS750054");
    const state = s.aws.state();
    const issuer = `https://${state.region}.signin.aws.amazon.com/platform/saml/${state.identityStoreId}`;
    const request = (id: string, extra = "") =>
      Buffer.from(
        `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>${issuer}</saml:Issuer>${extra}</samlp:AuthnRequest>`,
      ).toString("base64");
    const post = (encoded: string) => fetch(saml2, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ SAMLRequest: encoded }).toString() });
    expect(await (await post(request("1abc"))).text()).toContain("AADSTS7500529");
    expect(await (await post(request("_x", "<saml:Subject><saml:NameID>a@b.c</saml:NameID></saml:Subject>"))).text()).toContain("AADSTS75005");
    const picker = await post(request("_ok"));
    expect(picker.status).toBe(200);
    expect(await picker.text()).toContain(`data-upn="${CASES.healthy}"`);
  });

  it("AWS refuses a response changed after Entra signed it", async () => {
    s = await startSignInSandbox();
    await withJane(s);
    await addAwsUser(s, CASES.healthyDirect);
    const flow = await idpInitiated(s.server, s.appId, CASES.healthy);
    s.aws.state().samlSignIn.assertions.clear();
    const xml = Buffer.from(flow.samlResponse ?? "", "base64").toString("utf8").replace(`>${CASES.healthy}</NameID>`, `>${CASES.healthyDirect}</NameID>`);
    const tampered = await repost({ ...flow, samlResponse: Buffer.from(xml).toString("base64") });
    expect(tampered.status).toBe(400);
    expect(trail(s).at(-1)?.detail).toMatchObject({ errorMessage: expect.stringContaining("Invalid signature") });
  });
});
