import { describe, expect, it } from "vitest";
import type { AuditInput } from "../audit/append";
import { clientAddress } from "../http/client-address";
import { createFailureAggregator, sanitizeErrorCode, sanitizeText } from "./callback-failures";

describe("anonymous sign-in callback failures", () => {
  it("become one audit row per window however many arrive, with counts instead of attacker text", async () => {
    const rows: AuditInput[] = [];
    const scheduled: (() => void)[] = [];
    const failures = createFailureAggregator(async (event) => rows.push(event), { schedule: (run) => scheduled.push(run) });
    for (let i = 0; i < 500; i++) failures.record("expired");
    for (let i = 0; i < 40; i++) failures.record("denied", { code: i % 2 ? "access_denied" : "<script>alert(1)</script>\n" });
    failures.record("state");
    expect(rows).toHaveLength(0);
    expect(scheduled).toHaveLength(1);
    await failures.flush();
    expect(rows).toHaveLength(1);
    const row = rows[0] as AuditInput;
    expect(row).toMatchObject({ actor: "anonymous", action: "auth.sign-in", result: "failure", after: { failures: { expired: 500, denied: 40, state: 1 }, authorityErrors: { access_denied: 20, other: 20 } } });
    expect(JSON.stringify(row)).not.toContain("script");
    // the next failure opens a new window
    failures.record("token", { message: `bad code ${"x".repeat(5000)}\r\nInjected: line` });
    await failures.flush();
    expect(rows).toHaveLength(2);
    expect((rows[1]?.error ?? "").length).toBeLessThanOrEqual(400);
    expect(rows[1]?.error).not.toMatch(/[\r\n]/);
  });

  it("keeps only plain OAuth error codes and printable, capped text", () => {
    expect(sanitizeErrorCode("access_denied")).toBe("access_denied");
    expect(sanitizeErrorCode("AADSTS50105 with words")).toBe("other");
    expect(sanitizeErrorCode("x".repeat(41))).toBe("other");
    expect(sanitizeText("a\u0000b\u202ec\nd", 50)).toBe("a b c d");
    expect(sanitizeText("y".repeat(300))).toHaveLength(200);
  });

  it("keys limits on the address the nearest proxy saw (the last X-Forwarded-For entry)", () => {
    const request = (xff?: string) => new Request("http://127.0.0.1/auth/callback", { headers: xff ? { "x-forwarded-for": xff } : {} });
    expect(clientAddress(request("203.0.113.9, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(request("::1"))).toBe("::1");
    expect(clientAddress(request())).toBe("unknown");
  });
});
