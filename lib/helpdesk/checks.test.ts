import { describe, expect, it } from "vitest";
import { toProvisioningJob } from "../entra/provisioning-job";
import type { DirectoryUser } from "../entra/types";
import { buildChecks, headlineOf } from "./checks";
import { translateProvisioningError } from "./translate";
import type { Findings } from "./types";

const user = (over: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id: "u1",
  userPrincipalName: "ann@contoso.example",
  mail: "ann@contoso.example",
  givenName: "Ann",
  surname: "Lee",
  displayName: "Ann Lee",
  accountEnabled: true,
  userType: "Member",
  proxyAddresses: [],
  otherMails: [],
  department: null,
  jobTitle: null,
  ...over,
});

const ARN = "arn:aws:sso:::permissionSet/ssoins-1/ps-1";
function healthy(): Findings {
  return {
    query: "ann@contoso.example",
    facts: { servicePrincipalId: "sp", jobId: "job", identityStoreId: "d-1", accessPortalUrl: "https://d-1.awsapps.com/start" },
    entra: { state: "found", user: user() },
    assignment: { ok: true, value: { path: "group", viaGroups: [{ id: "g1", displayName: "Project Users" }], nestedVia: [] } },
    lastLog: { ok: true, value: { source: "stored", entry: { at: "2026-01-01T00:00:00Z", action: "create", status: "success", errorCode: null, errorReason: null, recommendedAction: null, scoping: null } } },
    awsUser: { ok: true, value: { userNameTried: "ann@contoso.example", user: { userId: "a1", userName: "ann@contoso.example", externalIds: [{ issuer: "SCIM", id: "ann" }] } } },
    awsGroups: { ok: true, value: [{ groupId: "ag1", name: "Project Users" }] },
    awsAccess: { ok: true, value: [{ accountId: "111122223333", permissionSetArn: ARN, via: "Project Users" }] },
    permissionSets: { ok: true, value: { [ARN]: { name: "ProjectUser", provisioned: ["111122223333"], outdated: [] } } },
  };
}
const byId = (f: Findings) => Object.fromEntries(buildChecks(f).map((c) => [c.id, c]));

describe("buildChecks", () => {
  it("all green for a provisioned user with access; the portal line says where to sign in", () => {
    const checks = buildChecks(healthy());
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ["entra-user", "pass"],
      ["attributes", "pass"],
      ["euid", "pass"],
      ["assignment", "pass"],
      ["scope", "pass"],
      ["last-log", "pass"],
      ["job", "skip"],
      ["aws-user", "pass"],
      ["aws-groups", "pass"],
      ["aws-access", "pass"],
      ["last-sign-in", "skip"],
      ["portal", "warn"],
    ]);
    expect(byId(healthy()).portal?.evidence).toContain("Sign in with: ann@contoso.example");
  });

  it("a permission set assigned but not provisioned in the account is red; changed since provisioning is amber", () => {
    const missing = healthy();
    missing.permissionSets = { ok: true, value: { [ARN]: { name: "ProjectUser", provisioned: [], outdated: [] } } };
    expect(byId(missing)["aws-access"]).toMatchObject({ status: "fail", remedyBy: "admin" });
    const outdated = healthy();
    outdated.permissionSets = { ok: true, value: { [ARN]: { name: "ProjectUser", provisioned: ["111122223333"], outdated: ["111122223333"] } } };
    expect(byId(outdated)["aws-access"]?.status).toBe("warn");
    expect(byId(outdated)["aws-access"]?.evidence.join(" ")).toContain("latest version NOT provisioned");
  });

  it("an AWS user without an external id is a hand-made squatter", () => {
    const f = healthy();
    f.awsUser = { ok: true, value: { userNameTried: "ann@contoso.example", user: { userId: "a1", userName: "ann@contoso.example", externalIds: [] } } };
    expect(byId(f)["aws-user"]).toMatchObject({ status: "fail" });
    expect(byId(f)["aws-user"]?.cause).toMatch(/manually created/);
  });

  it("not in AWS: the cause points at the first red line above", () => {
    const f = healthy();
    f.entra = { state: "found", user: user({ surname: null }) };
    f.awsUser = { ok: true, value: { userNameTried: "ann@contoso.example", user: null } };
    f.awsGroups = undefined;
    f.awsAccess = undefined;
    const checks = byId(f);
    expect(checks["aws-user"]?.cause).toContain("Required attributes present");
    expect(checks["aws-groups"]?.status).toBe("skip");
    expect(headlineOf(buildChecks(f))).toMatchObject({ tone: "bad" });
    expect(headlineOf(buildChecks(f)).text).toMatch(/^Not provisioned to AWS/);
  });

  it("promises the next cycle at the job's own interval, and no number when the job was not read", () => {
    const f = healthy();
    f.awsUser = { ok: true, value: { userNameTried: "ann@contoso.example", user: null } };
    f.awsGroups = undefined;
    f.awsAccess = undefined;
    f.job = {
      ok: true,
      value: { source: "graph", takenAt: "2026-01-01T00:00:00Z", job: toProvisioningJob({ id: "j", templateId: "aWSSingleSignon", schedule: { state: "Active", interval: "PT40S" }, status: { code: "Active" } }) },
    };
    expect(byId(f)["aws-user"]?.cause).toContain("cycles run about every 40 seconds");
    f.job = undefined;
    expect(byId(f)["aws-user"]?.cause).toContain("cycles run on the job's schedule");
    expect(byId(f)["aws-user"]?.cause).not.toMatch(/\d+ minutes/);
  });

  it("an upstream failure is 'could not check', never a red line", () => {
    const f = healthy();
    const problem = { source: "aws" as const, kind: "unavailable", message: "AWS could not be reached." };
    f.awsUser = { ok: false, problem };
    f.awsGroups = { ok: false, problem };
    f.awsAccess = { ok: false, problem };
    const checks = buildChecks(f);
    expect(checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(byId(f)["aws-user"]?.evidence[0]).toMatch(/^Could not check: AWS could not be reached/);
    expect(headlineOf(checks).text).toMatch(/could not be checked/);
  });
});

describe("sign-in evidence in the checks", () => {
  const now = "2026-03-02T10:30:00Z";
  const entraRow = (at: string, errorCode: number) => ({
    id: at, createdDateTime: at, userId: "u1", userPrincipalName: "ann@contoso.example", appId: "app", appDisplayName: "AWS", ipAddress: null,
    correlationId: null, isInteractive: true, conditionalAccessStatus: "notApplied", errorCode, failureReason: null, additionalDetails: null,
  });
  const awsEvent = (at: string, outcome: "success" | "failure", userName: string | null) => ({
    eventId: at, eventName: outcome === "success" ? "UserAuthentication" : "ExternalIdPDirectoryLogin", eventTime: at, outcome, userName, userId: null, errorCode: null, errorMessage: null,
  });

  it("a recorded success turns the access portal line green from evidence, not inference", () => {
    const f = healthy();
    f.signIns = { entra: { ok: true, value: [entraRow("2026-03-02T10:00:00Z", 0)] }, aws: { ok: true, value: [awsEvent("2026-03-02T10:00:04Z", "success", "ann@contoso.example")] }, now };
    expect(byId(f)["last-sign-in"]?.status).toBe("pass");
    expect(byId(f).portal).toMatchObject({ status: "pass" });
    expect(byId(f).portal?.evidence.join(" ")).toMatch(/Signed in to AWS at 2026-03-02 10:00/);
  });

  it("a NameID that is not the AWS user name is red on both lines, with the name AWS received", () => {
    const f = healthy();
    f.signIns = { entra: { ok: true, value: [entraRow("2026-03-02T10:00:00Z", 0)] }, aws: { ok: true, value: [awsEvent("2026-03-02T10:00:05Z", "failure", "ann.lee@mail.example")] }, now };
    expect(byId(f)["last-sign-in"]).toMatchObject({ status: "fail", remedyBy: "admin" });
    expect(byId(f)["last-sign-in"]?.cause).toContain("AWS has no user named ann.lee@mail.example");
    expect(byId(f).portal?.status).toBe("fail");
    expect(headlineOf(buildChecks(f)).tone).toBe("bad");
  });

  it("an unreadable log says what is missing and does not turn the headline amber", () => {
    const f = healthy();
    f.job = { ok: true, value: { source: "graph", takenAt: now, job: toProvisioningJob({ id: "j", templateId: "aWSSingleSignon", schedule: { state: "Active", interval: "PT40M" }, status: { code: "Active" } }) } };
    const licence = { source: "entra" as const, kind: "licence", message: "Reading Entra's sign-in log needs an Entra ID P1 or P2 licence in the tenant." };
    f.signIns = { entra: { ok: false, problem: licence }, aws: { ok: true, value: [] }, now };
    const line = byId(f)["last-sign-in"];
    expect(line?.status).toBe("skip");
    expect(line?.remedy).toContain("P1 or P2");
    expect(line?.evidence.join(" ")).toContain("Could not read Entra's sign-in log");
    expect(headlineOf(buildChecks(f)).tone).toBe("good");
  });
});

describe("translateProvisioningError", () => {
  it("knows the codes the AWS target returns and falls back without vendor text", () => {
    expect(translateProvisioningError("SystemForCrossDomainIdentityManagementConflict")).toMatchObject({ known: true, remedyBy: "admin" });
    expect(translateProvisioningError("SomethingNew")).toMatchObject({ known: false });
    expect(translateProvisioningError(null).cause).not.toContain("null");
  });
});
