import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as StoreModule from "@/lib/helpdesk/store";
import type * as ProvisionUserModule from "@/lib/helpdesk/provision-user";
import type { ProvisionUserOutcome } from "@/lib/helpdesk/provision-user";

// The helpdesk's "provision now" of a user AWS refuses (mia.nogiven, no given name) once showed a green
// "Provisioning … failed" and was audited as `success`. A failed attempt is a failure, and so is a group push
// that failed after the user went through.

const audits = vi.hoisted(() => [] as { result: string; action: string; correlationId?: string; before?: unknown; after?: unknown }[]);
const answer = vi.hoisted(() => ({ current: null as unknown }));

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t" }),
}));
vi.mock("@/lib/audit/append", () => ({
  appendAuditEvent: async (_db: unknown, event: { result: string; action: string; correlationId?: string; before?: unknown; after?: unknown }) => {
    audits.push(event);
  },
}));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("@/lib/entra/gateway-for-connection", () => ({ entraGatewayFor: async () => ({}) }));
vi.mock("@/lib/settings/helpdesk-policy", () => ({
  getHelpdeskPolicy: async () => ({ helpdeskMayProvisionOnDemand: true }),
  setHelpdeskPolicy: async () => ({}),
}));
vi.mock("@/lib/provisioning/configured-jobs", () => ({
  listConfiguredJobs: async () => [{ federationId: "default", servicePrincipalId: "sp", jobId: "job" }],
}));
vi.mock("@/lib/provisioning/poll", () => ({ pollProvisioningOnce: async () => undefined }));
vi.mock("@/lib/helpdesk/store", async (importOriginal) => ({
  ...(await importOriginal<typeof StoreModule>()),
  loadDiagnosis: async () => ({
    shortId: "abcdefgh",
    federationId: "default",
    query: "mia",
    entraUserId: "mia",
    userPrincipalName: "mia.nogiven@contoso.example",
    report: {
      outcome: "diagnosed",
      takenAt: "2026-11-30T08:00:00.000Z",
      headline: { text: "Not in AWS yet" },
      checks: [
        { id: "entra-user", status: "pass" },
        { id: "aws-user", status: "fail" },
      ],
    },
  }),
}));
vi.mock("@/lib/helpdesk/provision-user", async (importOriginal) => ({
  ...(await importOriginal<typeof ProvisionUserModule>()),
  provisionUserWithGroups: async () => answer.current,
}));

const { helpdeskProvisionOnDemandAction } = await import("./actions");

const user = (over: Partial<ProvisionUserOutcome["user"]>): ProvisionUserOutcome["user"] => ({
  result: "Success",
  outcome: "succeeded",
  status: null,
  errorCode: null,
  errorMessage: null,
  action: "Create",
  steps: [],
  targetIdentity: null,
  modifiedProperties: [],
  ...over,
});
const input = { shortId: "abcdefgh", confirm: "yes" };

describe("helpdesk.on-demand", () => {
  beforeEach(() => {
    audits.length = 0;
  });

  it("a failed attempt is a red notice and a failure in the audit log", async () => {
    answer.current = {
      user: user({
        result: "Failure",
        outcome: "failed",
        errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
        errorMessage: "The source is missing givenName",
      }),
      groups: [],
    } satisfies ProvisionUserOutcome;
    const result = await helpdeskProvisionOnDemandAction(null, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.formError).toMatch(/^Provisioning mia.nogiven@contoso.example failed: The source is missing givenName\./);
    // The intent before the call, then the outcome, linked by one correlation id.
    expect(audits).toEqual([
      expect.objectContaining({ action: "helpdesk.on-demand", result: "intent" }),
      expect.objectContaining({ action: "helpdesk.on-demand", result: "failure", correlationId: audits[0]?.correlationId }),
    ]);
  });

  it("a group push that failed after the user went through is a failure too", async () => {
    answer.current = {
      user: user({}),
      groups: [{ id: "g1", displayName: "Project Users", result: "Failure", outcome: "failed", errorCode: "SystemForCrossDomainIdentityManagementBadRequest" }],
    } satisfies ProvisionUserOutcome;
    const result = await helpdeskProvisionOnDemandAction(null, input);
    expect(!result.ok && result.formError).toMatch(/was provisioned \(Create\), but pushing their membership of Project Users .* failed/);
    expect(audits.map((a) => a.result)).toEqual(["intent", "failure"]);
  });

  it("a success with its groups stays a success", async () => {
    answer.current = {
      user: user({}),
      groups: [{ id: "g1", displayName: "Project Users", result: "Success", outcome: "succeeded", errorCode: null }],
    } satisfies ProvisionUserOutcome;
    expect(await helpdeskProvisionOnDemandAction(null, input)).toMatchObject({ ok: true });
    expect(audits.map((a) => a.result)).toEqual(["intent", "success"]);
    // Before: the user as the diagnosis found them, read before the call; after: what Entra answered.
    expect(audits[1]?.before).toEqual({ diagnosedAt: "2026-11-30T08:00:00.000Z", headline: "Not in AWS yet", notGreen: ["aws-user: fail"] });
    expect(audits[1]?.after).toMatchObject({ result: "Success", action: "Create" });
  });
});
