import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { awsSpMetadataXml, entraIdpMetadataXml, testCertificatePem } from "@/lib/saml/fixtures/test-fixtures";
import { parseMetadata } from "@/lib/saml";
import { checkFileSize, expiryTone, formatSize, isMetadataFor, summarizeForDropZone } from "./metadata-summary";

const DAY = 24 * 60 * 60 * 1000;
const validTo = new Date(new X509Certificate(testCertificatePem).validTo);
const daysBeforeExpiry = (days: number) => new Date(validTo.getTime() - days * DAY - 60_000);

describe("checkFileSize", () => {
  it("refuses an oversize file from its size alone, naming both sizes", () => {
    const result = checkFileSize({ size: 3 * 1024 * 1024 }, 512 * 1024);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/3\.0 MB, larger than the 512 KB allowed/) });
  });

  it("refuses an empty file and accepts one at the limit", () => {
    expect(checkFileSize({ size: 0 }).ok).toBe(false);
    expect(checkFileSize({ size: 512 * 1024 }, 512 * 1024)).toEqual({ ok: true });
    expect(checkFileSize({ size: 512 * 1024 + 1 }, 512 * 1024).ok).toBe(false);
  });

  it("formats sizes the way people read them", () => {
    expect([formatSize(1), formatSize(900), formatSize(4096), formatSize(5 * 1024 * 1024)]).toEqual(["1 byte", "900 bytes", "4 KB", "5.0 MB"]);
  });
});

describe("summarizeForDropZone", () => {
  it("shows every AWS reply URL, the Region and the identity store", async () => {
    const result = await parseMetadata(awsSpMetadataXml(), "sp", { now: daysBeforeExpiry(100) });
    if (!result.ok) throw new Error(result.error.message);
    const summary = summarizeForDropZone(result.metadata, result.warnings);
    const facts = Object.fromEntries(summary.facts.map((fact) => [fact.label, fact.value]));
    expect(summary.heading).toBe("Service provider metadata (AWS)");
    expect(facts["Identifier (Entity ID)"]).toBe("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f");
    expect(facts["Reply URL (Assertion Consumer Service URL)"]).toMatch(/^https:\/\/eu-central-1\.signin\.aws\.amazon\.com\/platform\/saml\/acs\//);
    expect(facts["Further reply URL 1"]).toMatch(/^https:\/\//);
    expect(facts["AWS Region"]).toBe("eu-central-1");
    expect(facts["Identity store ID"]).toBe("d-996719544f");
    expect(summary.signature).toBe("Not signed");
  });

  it('heads a file whose issuer is not IAM Identity Center without "(AWS)"', async () => {
    const xml = awsSpMetadataXml().replace("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f", "https://sp.example.com/saml");
    const result = await parseMetadata(xml, "sp", { now: daysBeforeExpiry(100) });
    if (!result.ok) throw new Error(result.error.message);
    const summary = summarizeForDropZone(result.metadata, result.warnings);
    expect(summary.heading).toBe("Service provider metadata (not recognised as AWS)");
    expect(summary.facts.map((fact) => fact.label)).not.toContain("AWS Region");
    expect(summary.warnings).toEqual([expect.stringContaining("not an IAM Identity Center issuer URL")]);
  });

  it("shows the Entra tenant and each certificate with its thumbprint and days left", async () => {
    const result = await parseMetadata(entraIdpMetadataXml(), "idp", { now: daysBeforeExpiry(100) });
    if (!result.ok) throw new Error(result.error.message);
    expect(isMetadataFor(result.metadata, "idp")).toBe(true);
    expect(isMetadataFor(result.metadata, "sp")).toBe(false);
    const summary = summarizeForDropZone(result.metadata, result.warnings);
    expect(summary.facts.map((fact) => fact.label)).toEqual(
      expect.arrayContaining(["Microsoft Entra Identifier (Entity ID)", "Login URL (Single Sign-On URL)", "Tenant ID"]),
    );
    const [certificate] = summary.certificates;
    expect(certificate).toMatchObject({ use: "signing", daysLeft: 100, expiryText: "100 days left", tone: "good" });
    expect(certificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(certificate?.expiresOn).toBe(validTo.toISOString().slice(0, 10));
    expect(summary.warnings).toEqual([]);
  });

  it("turns amber under 60 days and carries the parser's warning", async () => {
    const result = await parseMetadata(entraIdpMetadataXml(), "idp", { now: daysBeforeExpiry(30) });
    if (!result.ok) throw new Error(result.error.message);
    const summary = summarizeForDropZone(result.metadata, result.warnings);
    expect(summary.certificates[0]).toMatchObject({ daysLeft: 30, tone: "warn" });
    expect(summary.warnings.join(" ")).toMatch(/expires in 30 days/);
  });

  it("grades expiry at the boundaries", () => {
    expect([expiryTone(-1), expiryTone(0), expiryTone(59), expiryTone(60)]).toEqual(["bad", "warn", "warn", "good"]);
  });
});
