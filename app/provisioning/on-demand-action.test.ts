import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as OnDemandModule from "@/lib/entra/provision-on-demand";
import type { ProvisionOnDemandResult } from "@/lib/entra/provision-on-demand";

// Provision on demand of a user AWS refuses (the sandbox's mia.nogiven has no given name) once answered a green
// "Provisioning … failed: missing givenName" and an audit row saying `success`. A failed attempt is a failure.

const audits = vi.hoisted(() => [] as { result: string; action: string; error?: string; before?: unknown }[]);
const answer = vi.hoisted(() => ({ current: null as unknown }));

vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Ada", email: "ada@example.test", role: "admin", tenantId: "t" }),
}));
vi.mock("@/lib/audit/append", () => ({
  appendAuditEvent: async (_db: unknown, event: { result: string; action: string; error?: string; before?: unknown }) => {
    audits.push(event);
  },
}));
vi.mock("@/lib/db", () => ({ db: () => ({}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("@/lib/entra/gateway-for-connection", () => ({ entraGatewayFor: async () => ({}) }));
vi.mock("@/lib/provisioning/configured-jobs", () => ({
  listConfiguredJobs: async () => [{ federationId: "default", servicePrincipalId: "sp", jobId: "job" }],
}));
vi.mock("@/lib/provisioning/poll", () => ({ pollProvisioningOnce: async () => undefined }));
vi.mock("@/lib/entra/provision-on-demand", async (importOriginal) => ({
  ...(await importOriginal<typeof OnDemandModule>()),
  provisionOnDemand: async () => answer.current,
}));

const { classifyOnDemand } = await import("@/lib/entra/provision-on-demand");
const { provisionOnDemandAction } = await import("./actions");

function response(
  result: ProvisionOnDemandResult["result"],
  steps: { type: string; status: string; description: string }[],
  error: { code: string; message: string } | null,
): ProvisionOnDemandResult {
  const summary = { result, status: null, steps: steps.map((s) => ({ ...s, name: s.type, details: {} })) };
  return {
    ...summary,
    outcome: classifyOnDemand(summary),
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    action: "Create",
    targetIdentity: null,
    modifiedProperties: [],
  };
}

const input = { federationId: "default", userId: "mia", label: "mia.nogiven@contoso.example", confirm: "yes" };

describe("provisioning.on-demand", () => {
  beforeEach(() => {
    audits.length = 0;
  });

  it("a failed attempt is a red notice and a failure in the audit log, with Entra's reason", async () => {
    answer.current = response(
      "Failure",
      [
        { type: "import", status: "Success", description: "Retrieved mia" },
        { type: "export", status: "Failure", description: "Creating mia failed: 400" },
      ],
      { code: "SystemForCrossDomainIdentityManagementBadRequest", message: "The source is missing givenName" },
    );
    const result = await provisionOnDemandAction(null, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.formError).toBe("Provisioning mia.nogiven@contoso.example failed: The source is missing givenName.");
    expect(audits).toEqual([
      expect.objectContaining({ action: "provisioning.on-demand", result: "intent" }),
      expect.objectContaining({ action: "provisioning.on-demand", result: "failure" }),
    ]);
  });

  it("a failed export step is a failure even when the summary says Success", async () => {
    answer.current = response("Success", [{ type: "export", status: "Failure", description: "Creating mia failed: 400 missing givenName" }], null);
    const result = await provisionOnDemandAction(null, input);
    expect(!result.ok && result.formError).toMatch(/failed: Creating mia failed: 400 missing givenName/);
    expect(audits.map((a) => a.result)).toEqual(["intent", "failure"]);
  });

  it("a success stays a success, and a skip is not a failure", async () => {
    answer.current = response("Success", [{ type: "export", status: "Success", description: "Created" }], null);
    expect(await provisionOnDemandAction(null, input)).toMatchObject({ ok: true, message: "mia.nogiven@contoso.example was provisioned (Create)." });
    // The row's `before` is the target as Entra found it: a create means AWS had no such user.
    expect(audits[1]).toMatchObject({ result: "success", before: { inTarget: false } });
    answer.current = response("Skipped", [{ type: "scoping", status: "Skipped", description: "not assigned" }], {
      code: "NotEffectivelyEntitled",
      message: "not assigned",
    });
    expect(await provisionOnDemandAction(null, input)).toMatchObject({ ok: true });
    expect(audits.map((a) => a.result)).toEqual(["intent", "success", "intent", "success"]);
  });
});
