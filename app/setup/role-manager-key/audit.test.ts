import { beforeEach, describe, expect, it, vi } from "vitest";

// The rotation actions' audit rows: the action's intent first, then each phase's own intent and outcome (one
// correlation id per phase, the acting admin, the key's target), then the action's outcome; secrets only to scrub.

type Row = { result: string; action: string; actor: string; role: string; target?: string; correlationId?: string; before?: unknown; after?: unknown; knownSecrets?: string[] };
const audits = vi.hoisted(() => [] as Row[]);
const SECRET = "secret/of/the/new/key/0123456789abcdef";

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t" }),
}));
vi.mock("@/lib/audit/append", () => ({ appendAuditEvent: async (_db: unknown, event: Row) => void audits.push(event) }));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("@/lib/crypto/keyring", () => ({ keyring: () => ({}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("@/lib/setup/store", () => ({ DEFAULT_FEDERATION: "default", loadFacts: async () => ({}) }));
vi.mock("@/lib/setup/run-step", () => ({
  withSetupContext: async (_db: unknown, _actor: unknown, _federation: string, work: (context: unknown) => Promise<unknown>) => work({}),
  describeFailure: (error: unknown) => ({ message: error instanceof Error ? error.message : String(error) }),
}));
vi.mock("@/lib/setup/rotate-role-manager-key", () => ({
  roleManagerRotationStatus: async () => ({ phase: null, currentKeyId: "AKIAOLD", keyCreatedAt: "2025-01-01T00:00:00.000Z", oldKeyId: null, newKeyId: null }),
  rotateRoleManagerKey: async (_context: unknown, audit: (e: unknown) => Promise<unknown>) => {
    await audit({ phase: "create-key", result: "intent", correlationId: "c1", after: { will: "create" }, secrets: [] });
    await audit({ phase: "create-key", result: "success", correlationId: "c1", after: { created: "AKIANEW" }, secrets: [SECRET] });
    return { phase: "switched", newKeyId: "AKIANEW", oldKeyId: "AKIAOLD", message: "switched" };
  },
  retireOldRoleManagerKey: async () => {
    throw new Error("Test Connection with the saved credentials failed");
  },
  deleteBlockingRoleManagerKey: async () => ({ message: "deleted" }),
}));

const actions = await import("./actions");

describe("role-manager key rotation actions' audit rows", () => {
  beforeEach(() => {
    audits.length = 0;
  });

  it("rotate: the action's intent, each phase's intent and outcome, then the action's outcome with the key only as changed", async () => {
    expect(await actions.rotateRoleManagerKeyAction(null, { confirm: "yes" })).toMatchObject({ ok: true, message: "switched" });
    expect(audits.map((a) => `${a.action}:${a.result}`)).toEqual([
      "setup.role-manager-key.rotate:intent",
      "setup.role-manager-key.create-key:intent",
      "setup.role-manager-key.create-key:success",
      "setup.role-manager-key.rotate:success",
    ]);
    expect(audits.every((a) => a.actor === "ada@example.test" && a.role === "admin" && a.target === "federation:default:role-manager-key")).toBe(true);
    expect(audits[0]?.correlationId).toBe(audits[3]?.correlationId);
    expect(audits[2]?.knownSecrets).toEqual([SECRET]);
    expect(audits[3]).toMatchObject({ before: { currentKeyId: "AKIAOLD" }, after: { phase: "switched", key: "changed", newKeyId: "AKIANEW", oldKeyId: "AKIAOLD" } });
  });

  it("retire: a failure is the action's outcome, with the words shown to the admin", async () => {
    expect(await actions.retireOldRoleManagerKeyAction(null, { confirm: "yes" })).toMatchObject({ ok: false, formError: "Test Connection with the saved credentials failed" });
    expect(audits.map((a) => `${a.action}:${a.result}`)).toEqual(["setup.role-manager-key.retire:intent", "setup.role-manager-key.retire:failure"]);
  });

  it("nothing runs without the confirmation, and delete-other takes only an access key id", async () => {
    expect(await actions.rotateRoleManagerKeyAction(null, {})).toMatchObject({ ok: false, fieldErrors: { confirm: ["confirm this first"] } });
    expect(await actions.deleteBlockingRoleManagerKeyAction(null, { accessKeyId: "not a key", confirm: "yes" })).toMatchObject({
      ok: false,
      fieldErrors: { accessKeyId: ["an access key ID (AKIA…)"] },
    });
    expect(audits).toEqual([]);
  });
});
