import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CSP_REPORT_MAX_BYTES, parseCspReport, readCappedBody } from "./csp-report";

vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const legacy = {
  "csp-report": {
    "document-uri": "http://127.0.0.1:3000/auth/callback?code=SECRET-CODE&state=x",
    "violated-directive": "style-src-attr",
    "effective-directive": "style-src-attr",
    "blocked-uri": "inline",
    "source-file": "http://127.0.0.1:3000/_next/static/chunks/app.js?v=1",
    "line-number": 12,
    disposition: "enforce",
  },
};
const reportingApi = [
  {
    type: "csp-violation",
    url: "http://127.0.0.1:3000/setup#step",
    body: {
      documentURL: "http://127.0.0.1:3000/setup#step",
      effectiveDirective: "style-src-elem",
      blockedURL: "inline",
      lineNumber: 3,
      disposition: "enforce",
    },
  },
  { type: "deprecation", body: {} },
];

describe("CSP violation reports", () => {
  it("reads both formats, dropping query strings and fragments", () => {
    expect(parseCspReport(legacy)).toEqual([
      {
        directive: "style-src-attr",
        blocked: "inline",
        document: "http://127.0.0.1:3000/auth/callback",
        source: "http://127.0.0.1:3000/_next/static/chunks/app.js",
        line: 12,
        disposition: "enforce",
      },
    ]);
    expect(parseCspReport(reportingApi)).toEqual([
      { directive: "style-src-elem", blocked: "inline", document: "http://127.0.0.1:3000/setup", line: 3, disposition: "enforce", source: undefined },
    ]);
    expect(parseCspReport({ anything: 1 })).toEqual([]);
    expect(parseCspReport(Array.from({ length: 50 }, () => reportingApi[0]))).toHaveLength(10);
  });

  it("refuses a body larger than the cap, declared or streamed", async () => {
    const big = "x".repeat(CSP_REPORT_MAX_BYTES + 1);
    expect(await readCappedBody(new Request("http://x/", { method: "POST", body: big }))).toBe("too-large");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("y".repeat(1024)));
        controller.close();
      },
    });
    expect(await readCappedBody(new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit))).toBe("too-large");
    expect(await readCappedBody(new Request("http://x/", { method: "POST", body: "{}" }))).toBe("{}");
  });
});

describe("POST /api/csp-report", () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it("logs a violation without the query string, refuses oversized bodies, and is rate-limited", async () => {
    const { POST } = await import("../../app/api/csp-report/route");
    const post = (body: string, type = "application/csp-report") =>
      POST(new Request("http://127.0.0.1:3000/api/csp-report", { method: "POST", headers: { "content-type": type }, body }));
    expect((await post(JSON.stringify(legacy))).status).toBe(204);
    expect(lines.join("")).toContain('"message":"CSP violation reported by a browser"');
    expect(lines.join("")).toContain('"directive":"style-src-attr"');
    expect(lines.join("")).not.toContain("SECRET-CODE");
    expect((await post("x".repeat(CSP_REPORT_MAX_BYTES + 1))).status).toBe(413);
    expect((await post("not json")).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await post(JSON.stringify(reportingApi), "application/reports+json")).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(30);
  });
});
