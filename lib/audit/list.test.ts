import { describe, expect, it } from "vitest";
import { auditQueryString, parseAuditQuery } from "./list";

describe("audit query string", () => {
  it("reads filters and a cursor, ignoring anything malformed", () => {
    expect(parseAuditQuery({ from: "2026-01-02", to: "yesterday", actor: " a@x.test ", family: "setup", result: "maybe", q: "reply", before: "42" })).toEqual({
      filter: { from: "2026-01-02", actor: "a@x.test", family: "setup", q: "reply" },
      cursor: { before: 42 },
    });
    expect(parseAuditQuery({ after: "7", before: "x" })).toEqual({ filter: {}, cursor: { after: 7 } });
    expect(parseAuditQuery({ family: "Setup;drop", role: ["admin", "auditor"] })).toEqual({ filter: { role: "admin" }, cursor: { after: undefined } });
  });

  it("writes the filter back with a cursor, so paging keeps it", () => {
    expect(auditQueryString({ actor: "a@x.test", result: "failure" }, { before: 9 })).toBe("?actor=a%40x.test&result=failure&before=9");
    expect(auditQueryString({})).toBe("");
  });
});
