import { describe, expect, it } from "vitest";
import { diffChange } from "./diff";
import { REDACTED } from "./redact";

describe("audit change diff", () => {
  it("lists added, removed and changed fields by nested path, leaving out what did not change", () => {
    const before = { status: "failed", app: { replyUrls: ["https://a.example/saml"], name: "AWS" }, note: "old" };
    const after = { status: "done", app: { replyUrls: ["https://b.example/saml", "https://c.example/saml"], name: "AWS" }, evidence: { id: 7 } };
    expect(diffChange(before, after)).toEqual([
      { path: "status", kind: "changed", before: "failed", after: "done", secret: false },
      { path: "app.replyUrls[0]", kind: "changed", before: "https://a.example/saml", after: "https://b.example/saml", secret: false },
      { path: "app.replyUrls[1]", kind: "added", after: "https://c.example/saml", secret: false },
      { path: "note", kind: "removed", before: "old", secret: false },
      { path: "evidence.id", kind: "added", after: "7", secret: false },
    ]);
  });

  it("never shows a secret's value: secret-looking keys and redacted values are only 'changed'", () => {
    const changes = diffChange(
      { clientSecret: REDACTED, scim: { token: "a" }, tokenExpiresAt: "2026" },
      { clientSecret: REDACTED, scim: { token: "b" }, tokenExpiresAt: "2027", note: REDACTED },
    );
    expect(changes).toEqual([
      { path: "scim.token", kind: "changed", secret: true },
      { path: "tokenExpiresAt", kind: "changed", before: "2026", after: "2027", secret: false },
      { path: "note", kind: "added", secret: true },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/"a"|"b"/);
  });

  it("treats a row with only `after` as all added, and a scalar as one value", () => {
    expect(diffChange(undefined, { a: 1 })).toEqual([{ path: "a", kind: "added", after: "1", secret: false }]);
    expect(diffChange("x", "y")).toEqual([{ path: "(value)", kind: "changed", before: "x", after: "y", secret: false }]);
  });
});
