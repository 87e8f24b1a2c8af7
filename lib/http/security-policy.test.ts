import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, CSP_REPORT_PATH, refusedActionOrigin } from "./security-policy";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("content security policy (production)", () => {
  const policy = contentSecurityPolicy("abc123==", false);

  it("allows no inline styles: stylesheets from the portal and nonce'd style elements only", () => {
    expect(directive(policy, "style-src")).toBe("style-src 'self' 'nonce-abc123=='");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("allows exactly one style attribute, React's hidden streaming container `display:none`, by its hash", () => {
    // sha256 of "display:none", base64 (https://www.w3.org/TR/CSP3/#unsafe-hashes-usage).
    expect(directive(policy, "style-src-attr")).toBe("style-src-attr 'unsafe-hashes' 'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='");
  });

  it("reports violations to the portal's report route, in both reporting formats", () => {
    expect(directive(policy, "report-uri")).toBe(`report-uri ${CSP_REPORT_PATH}`);
    expect(directive(policy, "report-to")).toBe("report-to csp");
  });
});

const actionPost = (origin: string | undefined, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/settings", {
    method: "POST",
    headers: { host: "127.0.0.1:3000", "next-action": "0".repeat(40), ...(origin === undefined ? {} : { origin }), ...headers },
  });

describe("server action origin check", () => {
  it("refuses an action posted from another origin, or from an opaque one", () => {
    expect(refusedActionOrigin(actionPost("https://evil.example"))).toBe("https://evil.example");
    expect(refusedActionOrigin(actionPost("null"))).toBe("null");
    expect(refusedActionOrigin(actionPost("http://127.0.0.1:3001"))).toBe("http://127.0.0.1:3001");
    expect(refusedActionOrigin(actionPost("not a url"))).toBe("not a url");
  });

  it("lets the portal's own pages through, and what is not an action call", () => {
    expect(refusedActionOrigin(actionPost("http://127.0.0.1:3000"))).toBeUndefined();
    expect(refusedActionOrigin(actionPost("https://portal.example", { "x-forwarded-host": "portal.example" }))).toBeUndefined();
    // No Origin: not a browser's cross-site request (Next.js lets it through too).
    expect(refusedActionOrigin(actionPost(undefined))).toBeUndefined();
    expect(refusedActionOrigin(new Request("http://127.0.0.1:3000/settings", { method: "POST", headers: { origin: "https://evil.example" } }))).toBeUndefined();
    expect(
      refusedActionOrigin(new Request("http://127.0.0.1:3000/settings", { headers: { origin: "https://evil.example", "next-action": "x" } })),
    ).toBeUndefined();
  });
});
