import { beforeEach, describe, expect, it, vi } from "vitest";

// Every audit row of a change carries what was there before as well as what is there after; a secret only as
// "changed". The job control, token rotation and certificate actions read the state before their call.

type Row = { result: string; action: string; correlationId?: string; before?: unknown; after?: unknown };
const audits = vi.hoisted(() => [] as Row[]);
const TOKEN = "new-scim-token-0123456789abcdefghij";

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t" }),
}));
vi.mock("@/lib/audit/append", () => ({ appendAuditEvent: async (_db: unknown, event: Row) => void audits.push(event) }));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("@/lib/entra/gateway-for-connection", () => ({ entraGatewayFor: async () => ({}) }));
vi.mock("@/lib/provisioning/configured-jobs", () => ({
  listConfiguredJobs: async () => [{ federationId: "default", servicePrincipalId: "sp", jobId: "job" }],
}));
vi.mock("@/lib/provisioning/job-state", () => ({ describeJobHealth: () => ({ label: "Active" }) }));
vi.mock("@/lib/provisioning/poll", () => ({ pollProvisioningOnce: async () => undefined }));
const job = (code: string, schedule: string) => ({ status: { code }, schedule: { state: schedule } });
vi.mock("@/lib/entra/provisioning-job-control", () => ({
  RESTART_SCOPES: { Watermark: "", Escrows: "", QuarantineState: "", Full: "", ForceDeletes: "" },
  startProvisioningJob: async () => ({ changed: true, before: job("Paused", "Paused"), job: job("Active", "Active") }),
  pauseProvisioningJob: async () => ({ changed: true, before: job("Active", "Active"), job: job("Paused", "Paused") }),
  restartProvisioningJob: async () => ({ changed: true, before: job("Quarantine", "Active"), job: job("Active", "Active") }),
}));
vi.mock("@/lib/setup/run-step", () => ({
  withSetupContext: async (_db: unknown, _actor: unknown, _federation: string, work: (context: unknown) => Promise<unknown>) => work({}),
  describeFailure: (error: unknown) => ({ message: String(error) }),
}));
vi.mock("@/lib/setup/rotate-scim-token", () => ({
  rotationStatus: async () => ({ oldTokenPending: false, tokenCreatedAt: "2025-12-01T00:00:00.000Z", tokenExpiresAt: "2026-12-01T00:00:00.000Z" }),
  rotateScimToken: async () => ({ message: "ok", liftedQuarantine: false, tokenExpiresAt: "2027-11-30T00:00:00.000Z" }),
  confirmOldTokenRetired: async () => ({ retired: true, message: "ok" }),
}));
const OLD = "A".repeat(40);
const NEW = "B".repeat(40);
vi.mock("@/lib/setup/rollover-certificate", () => ({
  certificateRolloverStatus: async () => ({
    active: { thumbprint: OLD, notAfter: "2026-12-24" },
    waiting: { thumbprint: NEW, notAfter: "2029-11-30" },
    awsNeedsNewMetadata: false,
  }),
  startCertificateRollover: async () => ({ message: "ok", certificate: { thumbprint: NEW, notAfter: "2029-11-30" } }),
  activateRolloverCertificate: async () => ({ message: "ok" }),
}));

const actions = await import("./actions");

const outcome = () => {
  expect(audits.map((a) => a.result)).toEqual(["intent", "success"]);
  expect(audits[1]?.correlationId).toBe(audits[0]?.correlationId);
  return audits[1] as Row;
};

describe("provisioning actions' audit rows", () => {
  beforeEach(() => {
    audits.length = 0;
  });

  it("start, pause and restart record the job's state before and after", async () => {
    expect(await actions.startProvisioningAction(null, { confirm: "yes" })).toMatchObject({ ok: true });
    expect(outcome()).toMatchObject({ before: { code: "Paused", schedule: "Paused" }, after: { changed: true, code: "Active", schedule: "Active" } });
    audits.length = 0;
    expect(await actions.pauseProvisioningAction(null, { confirm: "yes" })).toMatchObject({ ok: true });
    expect(outcome()).toMatchObject({ before: { code: "Active", schedule: "Active" }, after: { changed: true, code: "Paused", schedule: "Paused" } });
    audits.length = 0;
    expect(await actions.restartProvisioningAction(null, { confirm: "yes", scopes: ["Watermark"] })).toMatchObject({ ok: true });
    expect(outcome()).toMatchObject({ before: { code: "Quarantine", schedule: "Active" }, after: { scopes: ["Watermark"], code: "Active" } });
  });

  it("token rotation records the token's dates before and after, and the token only as changed", async () => {
    expect(await actions.rotateScimTokenAction(null, { token: TOKEN, confirm: "yes" })).toMatchObject({ ok: true });
    const row = outcome();
    expect(row.before).toEqual({ tokenCreatedAt: "2025-12-01T00:00:00.000Z", tokenExpiresAt: "2026-12-01T00:00:00.000Z", oldTokenPending: false });
    expect(row.after).toEqual({ token: "changed", tokenExpiresAt: "2027-11-30T00:00:00.000Z", liftedQuarantine: false });
    // The rows as written name the token only among the values to scrub (appendAuditEvent removes it anywhere).
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain(TOKEN);
    expect(audits[0]?.after).toMatchObject({ token: "changed" });
  });

  it("the certificate rollover records the certificates before", async () => {
    expect(await actions.activateRolloverCertificateAction(null, { thumbprint: NEW, confirm: "yes" })).toMatchObject({ ok: true });
    expect(outcome()).toMatchObject({ before: { active: { thumbprint: OLD }, waiting: { thumbprint: NEW } }, after: { active: NEW } });
    audits.length = 0;
    expect(await actions.startCertificateRolloverAction(null, {})).toMatchObject({ ok: true });
    expect(outcome()).toMatchObject({ before: { active: { thumbprint: OLD, notAfter: "2026-12-24" } }, after: { added: NEW } });
  });
});
