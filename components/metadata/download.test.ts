import { describe, expect, it } from "vitest";
import { AWS_POLICY_FILE_NAME, federationMetadataFileName, safeFileName } from "./download";

describe("safeFileName", () => {
  it("builds the names the setup offers", () => {
    expect(federationMetadataFileName("AWS IAM Identity Center")).toBe("Identity-Bridge-AWS-IAM-Identity-Center-federation-metadata.xml");
    expect(AWS_POLICY_FILE_NAME).toBe("identity-bridge-aws-policy.json");
  });

  it("keeps path separators, reserved characters and control characters out", () => {
    const name = safeFileName(["..", "../../etc/passwd", 'a<b>:"c|d?*', "\u0000x\r\n"], ".xml");
    expect(name).toBe("etc-passwd-a-b-c-d-x.xml");
    expect(name).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
  });

  it("folds accents, caps the length and never returns an empty stem", () => {
    expect(safeFileName(["Contoso Café"], "xml")).toBe("Contoso-Cafe.xml");
    expect(safeFileName(["x".repeat(500)], "json")).toHaveLength(120 + ".json".length);
    expect(safeFileName(["***"], "xml")).toBe("download.xml");
  });
});
