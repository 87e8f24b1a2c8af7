import { afterEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/permissions";

// The live-updates stream through its route handler (guard included): a per-user cap answered with 429, slots
// released when a stream closes, and an open stream that ends once its session is no longer valid.

const current = vi.hoisted(() => ({ session: null as null | { userId: string; name: string; email: string; role: Role; tenantId: string } }));
const watching = vi.hoisted(() => ({ open: 0 }));

vi.mock("@/lib/auth/session", () => ({ getSession: async () => current.session }));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("@/lib/audit/append", () => ({ appendAuditEvent: async () => undefined }));
vi.mock("@/lib/provisioning/watch", () => ({
  watchSnapshots: () => {
    watching.open++;
    return () => {
      watching.open--;
    };
  },
}));

const { GET } = await import("./route");
const { MAX_STREAMS_PER_USER, SESSION_RECHECK_MS } = await import("@/lib/provisioning/event-stream");

const as = (userId: string, role: Role = "auditor") => ({ userId, name: userId, email: `${userId}@example.test`, role, tenantId: "t" });

function open() {
  const controller = new AbortController();
  const response = GET(new Request("http://127.0.0.1:3000/provisioning/events?federation=f&since=0", { signal: controller.signal }));
  return { controller, response };
}

async function readAll(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

const opened: AbortController[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.abort();
  vi.useRealTimers();
});

describe("GET /provisioning/events", () => {
  it(`allows ${MAX_STREAMS_PER_USER} streams per user, refuses the next with 429 and a message, and frees a slot when one closes`, async () => {
    current.session = as("alice");
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const { controller, response } = open();
      opened.push(controller);
      expect((await response).status).toBe(200);
    }
    const refused = await open().response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(((await refused.json()) as { error: string }).error).toMatch(/already have 5 live-update connections open/);
    expect(watching.open).toBe(MAX_STREAMS_PER_USER);

    // Another user is counted on their own.
    current.session = as("bob", "helpdesk");
    const bob = open();
    opened.push(bob.controller);
    expect((await bob.response).status).toBe(200);

    // Alice closes a tab: her slot is free again.
    current.session = as("alice");
    opened.shift()?.abort();
    expect(watching.open).toBe(MAX_STREAMS_PER_USER);
    const again = open();
    opened.push(again.controller);
    expect((await again.response).status).toBe(200);
    expect((await open().response).status).toBe(429);
  });

  it("re-reads the session while open: a signed-out user's stream sends `end`, closes and frees its slot", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    current.session = as("carol");
    const { controller, response } = open();
    opened.push(controller);
    const body = (await response).body as ReadableStream<Uint8Array>;
    const all = readAll(body);
    // Still signed in at the first re-check: the stream stays open.
    await vi.advanceTimersByTimeAsync(SESSION_RECHECK_MS);
    expect(watching.open).toBeGreaterThan(0);
    current.session = null; // signed out (or the cookie expired) in another tab
    await vi.advanceTimersByTimeAsync(SESSION_RECHECK_MS);
    const text = await all;
    expect(text).toMatch(/event: end\ndata: \{"reason":"session"\}/);
    current.session = as("carol");
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const next = open();
      opened.push(next.controller);
      expect((await next.response).status).toBe(200);
    }
  });

  it("ends the stream when the user's role no longer allows reading provisioning", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
    current.session = as("dave", "admin");
    const { controller, response } = open();
    opened.push(controller);
    const all = readAll((await response).body as ReadableStream<Uint8Array>);
    current.session = { ...as("dave"), role: "nobody" as Role };
    await vi.advanceTimersByTimeAsync(SESSION_RECHECK_MS);
    expect(await all).toMatch(/event: end/);
  });
});
