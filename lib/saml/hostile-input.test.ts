import { describe, expect, it } from "vitest";
import { awsSpMetadataXml, entraIdpMetadataXml } from "./fixtures/test-fixtures";
import { parseMetadata } from "./parse-metadata";
import type { MetadataErrorCode, MetadataResult } from "./types";

const XXE = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://x.example/&lol9;"/>`;

const aws = awsSpMetadataXml();
const entra = entraIdpMetadataXml();
const withEntityId = (entityId: string) => aws.replace("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f", entityId);
const withAcs = (location: string) => aws.replace("https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/", location);

function refusal(result: MetadataResult) {
  if (result.ok) throw new Error(`expected a refusal, got metadata for ${result.metadata.entityId}`);
  // A refusal carries nothing but the error: no metadata, no warnings to render beside it.
  expect(Object.keys(result).sort()).toEqual(["error", "ok"]);
  return result.error;
}

const cases: { name: string; xml: string; side: "sp" | "idp"; code: MetadataErrorCode; says: RegExp }[] = [
  { name: "DOCTYPE with an external entity (XXE)", xml: XXE, side: "sp", code: "doctype", says: /DOCTYPE.*entity tricks/ },
  { name: "billion laughs", xml: BILLION_LAUGHS, side: "sp", code: "doctype", says: /DOCTYPE/ },
  { name: "BOM + lower-case doctype", xml: `\uFEFF<!doctype x>${aws}`, side: "sp", code: "doctype", says: /DOCTYPE/ },
  { name: "entity declaration without DOCTYPE", xml: `<!ENTITY x "y">${aws}`, side: "sp", code: "entity-declaration", says: /entities/ },
  { name: "undeclared entity reference", xml: withEntityId("https://x.example/&xxe;"), side: "sp", code: "not-xml", says: /not well-formed XML/ },
  {
    name: "10 MB file",
    xml: aws.replace("<md:SPSSODescriptor", `<!--${"x".repeat(10 * 1024 * 1024)}--><md:SPSSODescriptor`),
    side: "sp",
    code: "too-large",
    says: /larger than 512 KB/,
  },
  { name: "empty file", xml: "", side: "sp", code: "empty", says: /empty/ },
  { name: "whitespace and a BOM only", xml: "\uFEFF \n ", side: "idp", code: "empty", says: /empty/ },
  { name: "plain text", xml: "This is not XML at all", side: "sp", code: "not-xml", says: /not XML/ },
  { name: "a PDF", xml: "%PDF-1.7\n%\u00e2\u00e3", side: "idp", code: "not-xml", says: /not XML/ },
  { name: "broken XML", xml: aws.replace("</md:SPSSODescriptor>", ""), side: "sp", code: "not-xml", says: /not well-formed/ },
  {
    name: "two root elements",
    xml: `${aws}<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://b.example"/>`,
    side: "sp",
    code: "not-xml",
    says: /not well-formed/,
  },
  { name: "HTML page", xml: "<html><body><script>alert(1)</script></body></html>", side: "sp", code: "wrong-root", says: /starts with <html>/ },
  {
    name: "EntityDescriptor in the wrong namespace",
    xml: aws.replace("urn:oasis:names:tc:SAML:2.0:metadata", "urn:example:not-saml"),
    side: "sp",
    code: "wrong-root",
    // Both namespaces named: the one found and the one SAML metadata needs.
    says: /not SAML 2\.0 metadata: its <EntityDescriptor> is in the namespace urn:example:not-saml, but SAML 2\.0 metadata's is in the namespace urn:oasis:names:tc:SAML:2\.0:metadata\./,
  },
  {
    name: "EntityDescriptor in no namespace",
    xml: aws.replaceAll("md:", "").replace(' xmlns="urn:oasis:names:tc:SAML:2.0:metadata"', "").replace('xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ', ""),
    side: "sp",
    code: "wrong-root",
    says: /its <EntityDescriptor> is in no namespace, but SAML 2\.0 metadata's is in the namespace urn:oasis:names:tc:SAML:2\.0:metadata\./,
  },
  {
    name: "a namespace with markup in it is not repeated raw",
    xml: aws.replace('xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', 'xmlns:md="urn:x:&lt;b&gt;"'),
    side: "sp",
    code: "wrong-root",
    says: /in the namespace urn:x:\?b\?, but/,
  },
  {
    name: "EntitiesDescriptor",
    xml: `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${aws.replace(/<\?xml[^>]*\?>/, "")}</md:EntitiesDescriptor>`,
    side: "sp",
    code: "entities-descriptor",
    says: /single application/,
  },
  { name: "SP file where IdP expected", xml: aws, side: "idp", code: "wrong-role", says: /Federation Metadata XML/ },
  { name: "IdP file where SP expected", xml: entra, side: "sp", code: "wrong-role", says: /AWS IAM Identity Center console/ },
  {
    name: "no role descriptor at all",
    xml: aws.replace(/<md:SPSSODescriptor[\s\S]*<\/md:SPSSODescriptor>/, ""),
    side: "sp",
    code: "missing-role",
    says: /no SAML 2\.0 SPSSODescriptor/,
  },
  { name: "missing entity id", xml: aws.replace(/entityID="[^"]*"/, ""), side: "sp", code: "missing-entity-id", says: /no entityID/ },
  { name: "javascript: ACS URL", xml: withAcs("javascript:alert(1)//"), side: "sp", code: "unsafe-value", says: /uses javascript instead of https/ },
  { name: "JavaScript: in mixed case", xml: withAcs("JaVaScRiPt:alert(1)//"), side: "sp", code: "unsafe-value", says: /javascript/ },
  {
    name: "escaped markup in the entity id",
    xml: withEntityId("https://x.example/&lt;script&gt;alert(1)&lt;/script&gt;"),
    side: "sp",
    code: "unsafe-value",
    says: /markup/,
  },
  {
    name: "markup via a character reference",
    xml: withEntityId("https://x.example/&#60;img src=x onerror=alert(1)&#62;"),
    side: "sp",
    code: "unsafe-value",
    says: /markup/,
  },
  { name: "javascript: entity id", xml: withEntityId("javascript:alert(1)"), side: "sp", code: "unsafe-value", says: /javascript/ },
  { name: "data: URL", xml: withAcs("data:text/html,hi/"), side: "sp", code: "unsafe-value", says: /data instead of https/ },
  {
    name: "plain http on a real host",
    xml: withAcs("http://eu-central-1.signin.aws.amazon.com/platform/saml/acs/"),
    side: "sp",
    code: "unsafe-value",
    says: /http instead of https/,
  },
  { name: "credentials in a URL", xml: withAcs("https://user:pass@evil.example/"), side: "sp", code: "unsafe-value", says: /user name or password/ },
  // fast-xml-parser tolerates a raw "<" inside an attribute value; the value checks still catch it.
  {
    name: "raw markup in a binding",
    xml: aws.replace("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "<script>"),
    side: "sp",
    code: "unsafe-value",
    says: /not a SAML binding/,
  },
  { name: "raw markup in the entity id", xml: withEntityId("https://x.example/<script>alert(1)</script>"), side: "sp", code: "unsafe-value", says: /markup/ },
  {
    name: "markup in a binding",
    xml: aws.replace("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "&lt;b&gt;"),
    side: "sp",
    code: "unsafe-value",
    says: /not a SAML binding/,
  },
  {
    name: "markup in a NameID format",
    xml: aws.replace("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress<", "&lt;script&gt;<"),
    side: "sp",
    code: "unsafe-value",
    says: /NameID format/,
  },
  { name: "non-numeric ACS index", xml: aws.replace('index="0"', 'index="zero"'), side: "sp", code: "unsafe-value", says: /not a number/ },
];

// IAM Identity Center metadata's reply URLs (ACS) become Entra's reply URLs: every one must be AWS's, for the issuer's Region.
const ACS_ID = "85f2a8f3-9efd-4a5d-82d4-536a359a8c35";
const IPV4_ACS = `https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/${ACS_ID}`;
const DUAL_STACK_ACS = `https://eu-central-1.sso.signin.aws/platform/saml/acs/${ACS_ID}`;
const acsElement = (location: string, index: number, isDefault = false) =>
  `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${location}" index="${index}"${isDefault ? ' isDefault="true"' : ""}/>`;
/** The fixture with its reply URLs replaced by these, the real entity id kept. */
const withReplyUrls = (...elements: string[]) => aws.replace(/(\s*<md:AssertionConsumerService[^>]*\/>)+/, `\n    ${elements.join("\n    ")}`);

const replyUrlCases: { name: string; xml: string; says: RegExp; local?: true }[] = [
  { name: "a foreign host", xml: withAcs("https://evil.example/platform/saml/acs/"), says: /is at evil\.example, which is not an AWS sign-in host/ },
  {
    name: "a foreign default among several valid ones",
    xml: withReplyUrls(acsElement(IPV4_ACS, 0), acsElement(DUAL_STACK_ACS, 1), acsElement(`https://sso.attacker.example/platform/saml/acs/${ACS_ID}`, 2, true)),
    says: /marked default\) is at sso\.attacker\.example, which is not an AWS sign-in host/,
  },
  {
    name: "a foreign host in the dual-stack position",
    xml: withReplyUrls(acsElement(IPV4_ACS, 0, true), acsElement(`https://eu-central-1.sso.signin.aws.evil.example/platform/saml/acs/${ACS_ID}`, 1)),
    says: /is at eu-central-1\.sso\.signin\.aws\.evil\.example, which is not an AWS sign-in host/,
  },
  {
    name: "AWS's host for another Region",
    xml: withAcs("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/"),
    says: /is at us-east-1\.signin\.aws\.amazon\.com, AWS's endpoint for another Region \(us-east-1\).*IAM Identity Center in eu-central-1 receives sign-ins only at https:\/\/eu-central-1\.signin\.aws\.amazon\.com and https:\/\/eu-central-1\.sso\.signin\.aws/,
  },
  {
    name: "the dual-stack host of another Region",
    xml: withReplyUrls(acsElement(IPV4_ACS, 0, true), acsElement(`https://eu-west-1.sso.signin.aws/platform/saml/acs/${ACS_ID}`, 1)),
    says: /is at eu-west-1\.sso\.signin\.aws, AWS's endpoint for another Region \(eu-west-1\)/,
  },
  {
    name: "AWS's host, but not the ACS path",
    xml: withAcs("https://eu-central-1.signin.aws.amazon.com/oauth/callback?next=/"),
    says: /is not an IAM Identity Center reply URL/,
  },
  { name: "AWS's host with a port", xml: withAcs("https://eu-central-1.signin.aws.amazon.com:8443/platform/saml/acs/"), says: /names a port \(8443\)/ },
  {
    name: "a local endpoint outside sandbox mode",
    xml: withReplyUrls(acsElement(`http://127.0.0.1:4010/platform/saml/acs/${ACS_ID}`, 0, true), acsElement(DUAL_STACK_ACS, 1)),
    says: /local endpoint on plain http \(127\.0\.0\.1\), which only the sandbox uses/,
    local: true,
  },
  {
    name: "an https localhost endpoint outside sandbox mode",
    xml: withReplyUrls(acsElement(IPV4_ACS, 0, true), acsElement(`https://localhost/platform/saml/acs/${ACS_ID}`, 1)),
    says: /points at localhost, a local address that only the sandbox uses/,
    local: true,
  },
];

describe("parseMetadata refuses reply URLs that are not AWS's", () => {
  it.each(replyUrlCases)("$name", async ({ xml, says, local }) => {
    expect(xml).not.toBe(aws);
    const error = refusal(await parseMetadata(xml, "sp"));
    expect(error).toEqual({
      code: local ? expect.stringMatching(/^(unsafe-value|foreign-reply-url)$/) : "foreign-reply-url",
      message: expect.stringMatching(says),
    });
    // The browser's drop zone and the server run the same parser; only a local endpoint changes with the mode.
    const inSandbox = await parseMetadata(xml, "sp", { sandbox: true });
    expect(inSandbox.ok).toBe(local === true);
  });

  it("refuses javascript: reply URLs, wherever they stand", async () => {
    for (const xml of [
      withAcs("javascript:alert(1)//"),
      withReplyUrls(acsElement(IPV4_ACS, 0, true), acsElement("javascript://eu-central-1.sso.signin.aws/%0aalert(1)", 1)),
    ])
      expect(refusal(await parseMetadata(xml, "sp")).message).toMatch(/uses javascript instead of https/);
  });

  it("accepts AWS's IPv4 and dual-stack reply URLs in either order, with ids of either shape", async () => {
    const longId = "4455422d84a27c9f-9f18-41fa-81b4-769660979b1e";
    const xml = withReplyUrls(acsElement(DUAL_STACK_ACS, 0), acsElement(`https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/${longId}`, 1, true));
    const result = await parseMetadata(xml, "sp");
    expect(result.ok && result.metadata.assertionConsumerServices.map((s) => s.location)).toEqual([DUAL_STACK_ACS, expect.stringContaining(longId)]);
  });

  it("accepts the sandbox cloud's local reply URLs in sandbox mode only, with a warning", async () => {
    const xml = withReplyUrls(
      acsElement(`http://127.0.0.1:4010/platform/saml/acs/${ACS_ID}`, 0, true),
      acsElement(`http://localhost:4010/platform/saml/acs/${ACS_ID}`, 1),
    );
    const result = await parseMetadata(xml, "sp", { sandbox: true });
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["local-endpoint"]);
    expect(refusal(await parseMetadata(xml, "sp")).code).toBe("unsafe-value");
  });

  it("leaves metadata that is not IAM Identity Center's to the step, with a warning (its reply URLs are not AWS's to check)", async () => {
    const xml = withEntityId("https://sp.example.com/saml").replace(IPV4_ACS, "https://sp.example.com/acs");
    const result = await parseMetadata(xml, "sp");
    expect(result.ok && result.metadata.aws).toBeNull();
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["unrecognised-provider"]);
  });
});

describe("parseMetadata refuses hostile and broken input", () => {
  it.each(cases)("$name → $code", async ({ xml, side, code, says }) => {
    const error = refusal(await parseMetadata(xml, side));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(says);
  });

  it("never throws, whatever it is given", async () => {
    const inputs: unknown[] = [undefined, null, 42, {}, "<", "<<<>>>", "<a:b/>", "<?xml?>", "\u0000\u0001"];
    for (const input of inputs) {
      // Callers may hand over whatever a form or a fetch produced; the type says string, the runtime may not.
      const result = await parseMetadata(input as string, "sp");
      expect(result.ok).toBe(false);
    }
  });

  it("honours a smaller size limit and accepts the same file under a larger one", async () => {
    expect(refusal(await parseMetadata(aws, "sp", { maxBytes: 200 })).code).toBe("too-large");
    expect((await parseMetadata(aws, "sp", { maxBytes: 200_000 })).ok).toBe(true);
  });

  it("counts bytes, not characters", async () => {
    const padded = aws.replace("<md:SPSSODescriptor", `<!--${"€".repeat(1000)}--><md:SPSSODescriptor`);
    const limit = aws.length + 1000 + 10;
    expect(refusal(await parseMetadata(padded, "sp", { maxBytes: limit })).code).toBe("too-large");
  });

  it("accepts a BOM-prefixed file without a DOCTYPE, with a warning", async () => {
    const result = await parseMetadata(`\uFEFF${aws}`, "sp");
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["byte-order-mark"]);
  });

  it("decodes the XML built-in entities in values", async () => {
    const result = await parseMetadata(withEntityId("https://sp.example.com/saml?a=1&amp;b=2&#38;c=3"), "sp");
    expect(result.ok && result.metadata.entityId).toBe("https://sp.example.com/saml?a=1&b=2&c=3");
  });
});

describe("refusal messages", () => {
  it("never repeat the hostile value back", async () => {
    const payloads = ["javascript:alert(document.cookie)//", "data:text/html,<b>x</b>/"];
    for (const payload of payloads) {
      const result = await parseMetadata(withAcs(payload.replace("<", "&lt;").replace(">", "&gt;")), "sp");
      if (result.ok) throw new Error("expected a refusal");
      expect(result.error.message).not.toContain("alert");
      expect(result.error.message).not.toContain("<b>");
    }
  });
});
