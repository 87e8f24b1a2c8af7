import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { AuditInput } from "../audit/append";
import type { Role } from "../auth/permissions";
import { collectRequestIds, currentActor, recordRequestId, requestIdsInScope } from "../request-context";
import { createActionBuilder, formDataToObject } from "./define-action";
import { ActionError } from "./result";

const audits: AuditInput[] = [];
/** The request ids in scope when each audit row was written (appendAuditEvent reads them from there). */
const auditIds: string[][] = [];
const revalidated: string[] = [];
const logs: Record<string, unknown>[] = [];
let role: Role | null = "admin";

const defineAction = createActionBuilder({
  getSession: async () => (role ? { userId: "u1", name: "U", email: "u@example.test", role, tenantId: "t", sessionId: "s1" } : null),
  audit: async (event) => {
    audits.push(event);
    auditIds.push(requestIdsInScope());
  },
  revalidate: (path) => revalidated.push(path),
  logError: (_message, details) => logs.push(details),
});

const run = vi.fn(async (input: { name: string; count: number; secret: string }) => ({
  data: { greeting: `hi ${input.name}` },
  audit: { target: input.name, after: { name: input.name, secret: input.secret } },
}));

const action = defineAction({
  name: "test.greet",
  permission: "settings.connections.update",
  input: z.object({
    name: z.string().min(2, "name is too short"),
    count: z.coerce.number().int().min(1, "count must be at least 1"),
    secret: z.string().min(1, "secret is required"),
  }),
  revalidate: ["/settings"],
  secretsOf: (input) => [input.secret],
  run,
});

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

beforeEach(() => {
  audits.length = 0;
  auditIds.length = 0;
  revalidated.length = 0;
  logs.length = 0;
  role = "admin";
  run.mockClear();
});

describe("server action wrapper", () => {
  it("names the target of a failed attempt in its audit row (expected and unexpected failures alike)", async () => {
    const step = defineAction({
      name: "test.step",
      permission: "settings.connections.update",
      input: z.object({ step: z.string(), fail: z.enum(["expected", "unexpected"]) }),
      auditTarget: (input) => `setup:${input.step}`,
      run: async (input) => {
        if (input.fail === "expected") throw new ActionError("AWS said no");
        throw new Error("boom");
      },
    });
    expect((await step(null, { step: "gallery-app", fail: "expected" })).ok).toBe(false);
    expect((await step(null, { step: "saml-mode", fail: "unexpected" })).ok).toBe(false);
    expect(audits).toMatchObject([
      { action: "test.step", result: "failure", target: "setup:gallery-app", error: "AWS said no" },
      { action: "test.step", result: "failure", target: "setup:saml-mode" },
    ]);
  });

  it("does not audit a read-only lookup that succeeds, but still audits its refusal", async () => {
    const lookup = defineAction({ name: "test.lookup", permission: "settings.connections.update", readOnly: true, input: z.object({ q: z.string() }), run: async () => ({ data: 1 }) });
    expect((await lookup(null, { q: "jane" })).ok).toBe(true);
    expect(audits).toEqual([]);
    role = "auditor";
    expect((await lookup(null, { q: "jane" })).ok).toBe(false);
    expect(audits).toMatchObject([{ action: "test.lookup", result: "denied" }]);
  });

  it("an ActionError marked audit: false (a refusal recorded elsewhere, e.g. a rate-limited search) is shown but not audited", async () => {
    let quiet = true;
    const lookup = defineAction({
      name: "test.limited",
      permission: "settings.connections.update",
      readOnly: true,
      input: z.object({}),
      run: async () => {
        throw new ActionError("Too many searches.", undefined, { audit: !quiet });
      },
    });
    expect(await lookup(null, {})).toEqual({ ok: false, formError: "Too many searches.", fieldErrors: undefined });
    expect(audits).toEqual([]);
    quiet = false;
    expect(await lookup(null, {})).toMatchObject({ ok: false, formError: "Too many searches." });
    expect(audits).toMatchObject([{ action: "test.limited", result: "failure", error: "Too many searches." }]);
  });

  it("returns every field error at once and runs nothing", async () => {
    const result = await action(null, form({ name: "x", count: "0" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["count", "name", "secret"]);
    expect(result.fieldErrors?.name).toEqual(["name is too short"]);
    expect(run).not.toHaveBeenCalled();
    expect(audits).toEqual([]);
  });

  it("refuses a role the permission table does not allow, without running, and audits the refusal", async () => {
    for (const forbidden of ["helpdesk", "auditor"] as const) {
      role = forbidden;
      const result = await action(null, form({ name: "Ada", count: "2", secret: "s" }));
      expect(result).toMatchObject({ ok: false, formError: `Your role (${forbidden}) is not allowed to do this.` });
    }
    expect(run).not.toHaveBeenCalled();
    expect(audits.map((a) => a.result)).toEqual(["denied", "denied"]);
  });

  it("refuses an anonymous caller", async () => {
    role = null;
    expect(await action(null, form({ name: "Ada", count: "2", secret: "s" }))).toMatchObject({ ok: false, formError: expect.stringMatching(/not signed in/) });
    expect(run).not.toHaveBeenCalled();
  });

  it("runs, coerces, audits with the secret redacted and revalidates", async () => {
    const result = await action(null, form({ name: "Ada", count: "3", secret: "hunter2-secret" }));
    expect(result).toEqual({ ok: true, data: { greeting: "hi Ada" } });
    expect(run).toHaveBeenCalledWith({ name: "Ada", count: 3, secret: "hunter2-secret" }, expect.anything());
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "test.greet", result: "success", target: "Ada", knownSecrets: ["hunter2-secret"] });
    expect(revalidated).toEqual(["/settings"]);
  });

  it("passes a body's warn tone to the form (a check that worked and found drift is amber), and a plain success has none", async () => {
    const check = defineAction({
      name: "test.check",
      permission: "settings.connections.update",
      input: z.object({ found: z.coerce.number() }),
      run: async ({ found }) => ({ data: found, message: `${found} found`, ...(found ? { tone: "warn" as const } : {}) }),
    });
    expect(await check(null, { found: 2 })).toEqual({ ok: true, data: 2, message: "2 found", tone: "warn" });
    expect(await check(null, { found: 0 })).not.toHaveProperty("tone");
  });

  it("shows an ActionError's message, but hides unexpected errors behind a reference", async () => {
    run.mockRejectedValueOnce(new ActionError("The tenant id was not found."));
    expect(await action(null, form({ name: "Ada", count: "1", secret: "s3cret-xyz" }))).toEqual({ ok: false, formError: "The tenant id was not found." });
    run.mockRejectedValueOnce(new Error("socket hang up while sending s3cret-xyz"));
    const result = await action(null, form({ name: "Ada", count: "1", secret: "s3cret-xyz" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.formError).toMatch(/^Something went wrong\. Reference: [0-9a-f]{8}\.$/);
    expect(JSON.stringify(logs)).not.toContain("s3cret-xyz");
    expect(audits.map((a) => a.result)).toEqual(["failure", "failure"]);
  });

  it("turns repeated form keys into arrays", () => {
    const data = new FormData();
    data.append("group", "a");
    data.append("group", "b");
    data.append("one", "x");
    expect(formDataToObject(data)).toEqual({ group: ["a", "b"], one: "x" });
  });
});

describe("server action request scope", () => {
  it("the audit row gets the upstream ids the body recorded, including those of a nested step scope", async () => {
    const traced = defineAction({
      name: "test.traced",
      permission: "settings.connections.update",
      input: z.object({}),
      run: async () => {
        expect(currentActor()).toMatchObject({ email: "u@example.test", role: "admin" });
        recordRequestId("graph-1");
        const step = await collectRequestIds(async () => recordRequestId("aws-2"));
        return { data: step.requestIds };
      },
    });
    const result = await traced(null, {});
    expect(result).toMatchObject({ ok: true, data: ["aws-2"] });
    expect(auditIds).toEqual([["graph-1", "aws-2"]]);
  });

  it("a failure is audited with the ids recorded before it", async () => {
    const failing = defineAction({
      name: "test.failing",
      permission: "settings.connections.update",
      input: z.object({}),
      run: async () => {
        recordRequestId("graph-throttled");
        throw new ActionError("Entra is throttling or unavailable, try again.");
      },
    });
    expect(await failing(null, {})).toMatchObject({ ok: false });
    expect(audits[0]).toMatchObject({ result: "failure" });
    expect(auditIds).toEqual([["graph-throttled"]]);
  });

  it("concurrent calls of one action keep their ids apart", async () => {
    const slow = defineAction({
      name: "test.slow",
      permission: "settings.connections.update",
      input: z.object({ id: z.string(), wait: z.number() }),
      run: async ({ id, wait }) => {
        await new Promise((resolve) => setTimeout(resolve, wait));
        recordRequestId(id);
        return { data: id };
      },
    });
    await Promise.all([slow(null, { id: "first", wait: 5 }), slow(null, { id: "second", wait: 1 })]);
    expect(auditIds.map((ids) => ids.join()).sort()).toEqual(["first", "second"]);
  });
});

describe("after a successful change (lib/history records the configuration there)", () => {
  const after: string[] = [];
  const build = createActionBuilder({
    getSession: async () => (role ? { userId: "u1", name: "U", email: "u@example.test", role, tenantId: "t", sessionId: "s1" } : null),
    audit: async () => undefined,
    revalidate: () => undefined,
    logError: () => undefined,
    afterSuccess: (action, session, _input, federationId) => after.push(`${action} by ${session.email}${federationId ? ` on ${federationId}` : ""}`),
  });

  it("is told of an audited success only: not of a failure, a refusal, invalid input or a read-only lookup", async () => {
    after.length = 0;
    const change = build({ name: "test.change", permission: "settings.connections.update", input: z.object({ n: z.number() }), run: async () => ({ data: 1 }) });
    const failing = build({
      name: "test.fails",
      permission: "settings.connections.update",
      input: z.object({}),
      run: async () => {
        throw new ActionError("no");
      },
    });
    const lookup = build({ name: "test.lookup", permission: "settings.connections.update", readOnly: true, input: z.object({}), run: async () => ({ data: 1 }) });
    expect(await change(null, { n: 1 })).toMatchObject({ ok: true });
    expect(await change(null, { n: "x" })).toMatchObject({ ok: false });
    expect(await failing(null, {})).toMatchObject({ ok: false });
    expect(await lookup(null, {})).toMatchObject({ ok: true });
    role = "auditor";
    expect(await change(null, { n: 1 })).toMatchObject({ ok: false });
    expect(after).toEqual(["test.change by u@example.test"]);
  });

  it("is told which federation changed when the body names it (the input may not: a helpdesk diagnosis id)", async () => {
    after.length = 0;
    role = "admin";
    const change = build({ name: "test.change", permission: "settings.connections.update", input: z.object({}), run: async () => ({ data: 1, federationId: "legacy-222233334444" }) });
    expect(await change(null, {})).toMatchObject({ ok: true });
    expect(after).toEqual(["test.change by u@example.test on legacy-222233334444"]);
  });
});

describe("passive actions", () => {
  it("read the session without counting as activity only when declared passive and read-only", async () => {
    const asked: unknown[] = [];
    const build = createActionBuilder({
      getSession: async (options) => (asked.push(options), { userId: "u1", name: "U", email: "u@example.test", role: "admin", tenantId: "t", sessionId: "s1" }),
      audit: async () => undefined,
      revalidate: () => undefined,
      logError: () => undefined,
    });
    const input = z.object({});
    const run = async () => ({ data: 1 });
    await build({ name: "test.live", permission: "provisioning.view", readOnly: true, passive: true, input, run })(null, {});
    // A change can never be passive: it is the person acting.
    await build({ name: "test.change", permission: "provisioning.view", passive: true, input, run })(null, {});
    await build({ name: "test.read", permission: "provisioning.view", readOnly: true, input, run })(null, {});
    expect(asked).toEqual([{ passive: true }, { passive: false }, { passive: false }]);
  });
});
