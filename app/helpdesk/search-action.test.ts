import { beforeEach, describe, expect, it, vi } from "vitest";

// Helpdesk searches are readOnly (no audit row per keystroke) but neither unlimited nor untraced: each answered
// search is counted in the user's hourly tally, and past the per-user limit they are refused with a clear message;
// a refusal is counted too, and audited once per hour rather than once per attempt.

const audits = vi.hoisted(() => [] as { result: string; action: string; error?: string }[]);
const tallied = vi.hoisted(() => ({ searches: [] as Record<string, unknown>[], refusals: 0 }));

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "hd-1", name: "Hal", email: "hal@example.test", role: "helpdesk", tenantId: "t" }),
}));
vi.mock("@/lib/audit/append", () => ({
  appendAuditEvent: async (_db: unknown, event: { result: string; action: string }) => {
    audits.push(event);
  },
}));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("@/lib/entra/gateway-for-connection", () => ({ entraGatewayFor: async () => ({}) }));
vi.mock("@/lib/entra/search-users", () => ({
  searchUsers: async (_gateway: unknown, query: string, { top }: { top: number }) => ({
    users: Array.from({ length: Math.min(top, 20) }, (_, i) => ({ id: `u${i}`, userPrincipalName: `${query}${i}@contoso.example`, displayName: null, mail: null, userType: "Member", accountEnabled: true })),
  }),
}));
vi.mock("@/lib/audit/search-tally", () => ({
  recordSearch: async (_db: unknown, record: Record<string, unknown>) => {
    tallied.searches.push(record);
  },
  recordRefusedSearch: async () => ({ firstThisHour: ++tallied.refusals === 1 }),
}));

const { searchHelpdeskUsersAction } = await import("./actions");
const { resetSearchBudgets, SEARCH_LIMITS } = await import("@/lib/helpdesk/search-limit");

describe("helpdesk.users.search", () => {
  beforeEach(() => {
    audits.length = 0;
    tallied.searches.length = 0;
    tallied.refusals = 0;
    resetSearchBudgets();
  });

  it("counts each answered search in the tally (query, page, entries newly shown) without an audit row", async () => {
    expect(await searchHelpdeskUsersAction(null, { query: "jane" })).toMatchObject({ ok: true });
    expect(await searchHelpdeskUsersAction(null, { query: "jane", page: "3" })).toMatchObject({ ok: true });
    expect(tallied.searches).toEqual([
      { actor: "hal@example.test", role: "helpdesk", action: "helpdesk.users.search", query: "jane", page: 1, results: 8 },
      { actor: "hal@example.test", role: "helpdesk", action: "helpdesk.users.search", query: "jane", page: 3, results: 4 },
    ]);
    expect(audits).toEqual([]);
  });

  it(`refuses a user's searches past ${SEARCH_LIMITS.perMinute} a minute with a clear message, counted, and audited once`, async () => {
    for (let i = 0; i < SEARCH_LIMITS.perMinute; i++) expect(await searchHelpdeskUsersAction(null, { query: `q${i}` })).toMatchObject({ ok: true });
    const refused = await searchHelpdeskUsersAction(null, { query: "next" });
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many searches: you can search again in \d+ seconds?\. .*40 a minute and 400 an hour per person/) });
    await searchHelpdeskUsersAction(null, { query: "again" });
    await searchHelpdeskUsersAction(null, { query: "and again" });
    expect(tallied.searches).toHaveLength(SEARCH_LIMITS.perMinute);
    expect(tallied.refusals).toBe(3);
    // One audit row for the first refusal of the hour, not one per attempt.
    expect(audits).toEqual([expect.objectContaining({ action: "helpdesk.users.search", result: "failure", error: expect.stringMatching(/Too many searches/) })]);
  });
});
