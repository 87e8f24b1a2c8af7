import { beforeEach, describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => [] as { federation: string; reason: string | null | undefined; release: () => void }[]);
const failNext = vi.hoisted(() => ({ value: false }));

vi.mock("./store", () => ({
  takeSnapshot: (_db: unknown, federation: string, meta: { reason?: string | null }) =>
    new Promise<void>((resolve, reject) => {
      const fail = failNext.value;
      failNext.value = false;
      calls.push({ federation, reason: meta.reason, release: () => (fail ? reject(new Error("Graph is down")) : resolve()) });
    }),
}));
vi.mock("../log", () => ({ log: () => undefined }));

const { federationOfInput, snapshotAfterChange } = await import("./after-change");
const database = {} as never;

async function settle(done: Promise<void>) {
  // Release each snapshot as it starts, until the queue is drained.
  for (let i = 0; i < 10 && calls.some((c) => c.release); i++) {
    for (const call of calls.splice(0)) call.release();
    await new Promise((r) => setTimeout(r, 0));
  }
  await done;
}

beforeEach(() => {
  calls.length = 0;
});

describe("a snapshot after each portal change", () => {
  it("folds changes that arrive while one runs into one more snapshot, never losing the last", async () => {
    const first = snapshotAfterChange(database, "setup.step.run", "a@contoso.test");
    void snapshotAfterChange(database, "access.membership.add", "a@contoso.test");
    void snapshotAfterChange(database, "access.membership.remove", "a@contoso.test");
    expect(calls.map((c) => c.reason)).toEqual(["setup.step.run"]);
    const seen: (string | null | undefined)[] = [];
    const original = calls.splice(0);
    seen.push(...original.map((c) => c.reason));
    original[0]?.release();
    await new Promise((r) => setTimeout(r, 0));
    seen.push(...calls.map((c) => c.reason));
    await settle(first);
    expect(seen).toEqual(["setup.step.run", "access.membership.remove"]);
  });

  it("a failed read is logged, not thrown, and the next change still gets its snapshot", async () => {
    failNext.value = true;
    const failing = snapshotAfterChange(database, "provisioning.job.pause", null);
    await settle(failing);
    const next = snapshotAfterChange(database, "provisioning.job.start", null);
    expect(calls.map((c) => c.reason)).toEqual(["provisioning.job.start"]);
    await settle(next);
  });
});

describe("the federation a change belongs to", () => {
  it("is the action input's federationId, else the default one", () => {
    expect(federationOfInput({ federationId: "eu-prod", stepId: "x" })).toBe("eu-prod");
    expect(federationOfInput({ groupId: "g" })).toBe("default");
    expect(federationOfInput({ federation: "legacy-444455556666", step: "role-import" })).toBe("legacy-444455556666");
    expect(federationOfInput(null)).toBe("default");
  });

  it("snapshots each federation on its own: a change to one is never folded into another's snapshot", async () => {
    const a = snapshotAfterChange(database, "setup.step.run", "admin@example.test", "eu-prod");
    const b = snapshotAfterChange(database, "setup.step.run", "admin@example.test", "us-prod");
    expect(calls.map((c) => c.federation).sort()).toEqual(["eu-prod", "us-prod"]);
    await settle(Promise.all([a, b]).then(() => undefined));
  });
});
