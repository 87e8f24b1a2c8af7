import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SandboxServer } from "@/sandbox/core/server";
import { runDiagnosis } from "@/lib/helpdesk/run";
import { loadDiagnosis, saveDiagnosis } from "@/lib/helpdesk/store";
import { testDatabase } from "@/lib/testing/database";
import { startPortalSandbox } from "@/lib/testing/sandbox";

// Opening a diagnosis link is a GET: it shows what is stored and calls nothing upstream and writes nothing (once, each
// open re-ran the Graph and AWS checks and wrote an audit row). "Re-run now" is the POST action that checks again.

const who = vi.hoisted(() => ({ role: "helpdesk" as "helpdesk" | "auditor" }));
vi.mock("@/lib/auth/session", () => ({
  getSession: async () => ({ userId: "u", name: "Hal Helpdesk", email: `${who.role}@example.test`, role: who.role, tenantId: "t" }),
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000" }),
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const database = testDatabase();
let server: SandboxServer;
let shortId: string;

const upstreamCalls = async () => ((await (await fetch(`${server.url}/_sandbox/requests`)).json()) as { requests: Record<string, number> }).requests;
const auditRows = () => database.auditEvent.count();

async function openLink(id: string) {
  const { default: DiagnosisPage } = await import("./d/[shortId]/page");
  return DiagnosisPage({ params: Promise.resolve({ shortId: id }) });
}

beforeAll(async () => {
  server = await startPortalSandbox();
  // Facts as setup would have left them (ids the sandbox does not know are fine: the check still calls Entra and AWS).
  const facts = {
    instance: { instanceArn: "arn:aws:sso:::instance/ssoins-72230c8e1d4f5a6b", identityStoreId: "d-9067c1a2b3", region: "eu-west-1" },
    app: { applicationObjectId: "app-object", appId: "app-id", servicePrincipalId: "sp-id", displayName: "AWS IAM Identity Center" },
    job: { jobId: "aws.job" },
  };
  await database.federation.upsert({
    where: { id: "default" },
    create: { id: "default", mode: "identity-center", facts: JSON.stringify(facts) },
    update: { facts: JSON.stringify(facts) },
  });
  const report = await runDiagnosis(database, { key: "jane.doe@contoso-sandbox.onmicrosoft.com" });
  expect(report.outcome).not.toBe("not-configured");
  shortId = (
    await saveDiagnosis(database, { federationId: "default", query: "jane.doe@contoso-sandbox.onmicrosoft.com", createdBy: "helpdesk@example.test", report })
  ).shortId;
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

describe("a diagnosis link", () => {
  it("opened (GET), by helpdesk or an auditor, writes no audit row and makes no upstream call", async () => {
    await fetch(`${server.url}/_sandbox/requests`, { method: "DELETE" });
    const before = await auditRows();
    for (const role of ["helpdesk", "auditor", "helpdesk"] as const) {
      who.role = role;
      expect(await openLink(shortId)).toBeTruthy();
    }
    expect(await upstreamCalls()).toEqual({});
    expect(await auditRows()).toBe(before);
    expect((await loadDiagnosis(database, shortId))?.latest).toBeNull();
  });

  it("is checked again by the “Re-run now” action: live calls, an audit row, the result stored as the latest", async () => {
    who.role = "helpdesk";
    const { rerunDiagnosisAction } = await import("./actions");
    await fetch(`${server.url}/_sandbox/requests`, { method: "DELETE" });
    const result = await rerunDiagnosisAction(null, { shortId });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(Object.keys(await upstreamCalls()).length).toBeGreaterThan(0);
    const row = await database.auditEvent.findFirst({
      where: { action: "helpdesk.diagnosis.rerun", target: `diagnosis:${shortId}` },
      orderBy: { seq: "desc" },
    });
    expect(row).toMatchObject({ actor: "helpdesk@example.test", role: "helpdesk", result: "success" });
    const stored = await loadDiagnosis(database, shortId);
    expect(stored?.latest?.by).toBe("helpdesk@example.test");
    expect(stored?.latest?.report.takenAt).not.toBe(stored?.report.takenAt);

    // Opening it afterwards still changes nothing.
    await fetch(`${server.url}/_sandbox/requests`, { method: "DELETE" });
    const before = await auditRows();
    await openLink(shortId);
    expect(await upstreamCalls()).toEqual({});
    expect(await auditRows()).toBe(before);
  });

  it("cannot be re-run by an auditor (the action checks the permission and audits the refusal)", async () => {
    who.role = "auditor";
    const { rerunDiagnosisAction } = await import("./actions");
    const result = await rerunDiagnosisAction(null, { shortId });
    expect(result.ok).toBe(false);
    const row = await database.auditEvent.findFirst({ where: { action: "helpdesk.diagnosis.rerun", result: "denied" }, orderBy: { seq: "desc" } });
    expect(row?.actor).toBe("auditor@example.test");
  });
});
