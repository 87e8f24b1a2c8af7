import { describe, expect, it } from "vitest";
import { assumeRoleEventOf } from "../aws/lookup-sign-in-events";
import { signInOf } from "../entra/list-sign-ins";
import { isRolePair, LEGACY_WORDS, noAwsRole, parseRoleValue, translateAssumeRoleFailure } from "./legacy-outcome";
import { joinSignIns } from "./outcome";

// The AssumeRoleWithSAML event as CloudTrail records it (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html)
// and STS's documented refusals (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html).
const ROLE = "arn:aws:iam::111122223333:role/entra-saml/EntraReadOnly";
const PROVIDER = "arn:aws:iam::111122223333:saml-provider/EntraID";
const JANE = "jane.doe@contoso.example";

const assumeEvent = (at: string, error?: { code: string; message: string }, userName = JANE) => {
  const event = assumeRoleEventOf({
    EventId: `ev-${at}`,
    EventName: "AssumeRoleWithSAML",
    EventTime: new Date(at),
    EventSource: "sts.amazonaws.com",
    Username: userName,
    CloudTrailEvent: JSON.stringify({
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRoleWithSAML",
      eventTime: at,
      userIdentity: { type: "SAMLUser", principalId: `q=:${userName}`, userName, identityProvider: "q=" },
      requestParameters: { roleArn: ROLE, principalArn: PROVIDER, durationSeconds: 3600 },
      ...(error ? { errorCode: error.code, errorMessage: error.message, responseElements: null } : { responseElements: { subject: userName } }),
    }),
  });
  if (!event) throw new Error("not an AssumeRoleWithSAML event");
  return event;
};

const entraRow = (at: string, errorCode = 0) =>
  signInOf({
    id: `row-${at}`,
    createdDateTime: at,
    userDisplayName: "Jane Doe",
    userPrincipalName: JANE,
    userId: "e1",
    appId: "app-1",
    appDisplayName: "AWS Single-Account Access",
    ipAddress: "203.0.113.7",
    clientAppUsed: "Browser",
    correlationId: "c-1",
    conditionalAccessStatus: "notApplied",
    isInteractive: true,
    status: { errorCode, failureReason: errorCode ? "x" : "Other.", additionalDetails: null },
  });

describe("legacy sign-in evidence", () => {
  it("reads AssumeRoleWithSAML events: the SAMLUser's name, the role, success or AWS's error", () => {
    expect(assumeEvent("2026-03-02T10:00:05Z")).toMatchObject({ eventName: "AssumeRoleWithSAML", outcome: "success", userName: JANE, roleArn: ROLE, errorCode: null });
    expect(assumeEvent("2026-03-02T10:00:05Z", { code: "AccessDenied", message: "Not authorized to perform sts:AssumeRoleWithSAML" })).toMatchObject({
      outcome: "failure",
      errorCode: "AccessDenied",
    });
    expect(assumeRoleEventOf({ EventName: "ConsoleLogin", CloudTrailEvent: "{}" })).toBeNull();
  });

  it("names each STS refusal with the legacy step that fixes it", () => {
    const words = (code: string, message: string) => translateAssumeRoleFailure({ errorCode: code, errorMessage: message, userName: JANE, roleArn: ROLE });
    expect(words("InvalidIdentityToken", "Response signature invalid")).toMatchObject({ outcome: "certificate", cause: expect.stringMatching(/EntraReadOnly in account 111122223333.*active signing certificate/) });
    expect(words("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML")).toMatchObject({ outcome: "role-trust", remedy: expect.stringMatching(/step \d+ \(IAM roles that trust the provider\)/) });
    expect(words("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")).toMatchObject({ outcome: "session-duration" });
    expect(words("InvalidIdentityToken", `SAML provider ${PROVIDER} does not exist`)).toMatchObject({ outcome: "saml-config" });
    expect(words("ExpiredTokenException", "Response has expired")).toMatchObject({ outcome: "clock", remedyBy: "user" });
    expect(words("SomethingNew", "boom")).toMatchObject({ outcome: "aws-other", cause: expect.stringContaining("SomethingNew — boom") });
    expect(noAwsRole(JANE, []).cause).toMatch(/without an AWS role/);
    expect(noAwsRole(JANE, ["Admin"]).cause).toMatch(/none of their role values .*Admin/);
  });

  it("joins Entra's row with the AssumeRoleWithSAML event: success, a refusal, and Entra's not-assigned pointing at role assignment", () => {
    const ok = joinSignIns([entraRow("2026-03-02T10:00:00Z")], [assumeEvent("2026-03-02T10:00:03Z")], { userName: JANE }, new Date("2026-03-02T10:01:00Z"), LEGACY_WORDS);
    expect(ok[0]).toMatchObject({ status: "pass", cause: expect.stringContaining("AssumeRoleWithSAML"), aws: { eventName: "AssumeRoleWithSAML" } });
    const refused = joinSignIns(
      [entraRow("2026-03-02T10:00:00Z")],
      [assumeEvent("2026-03-02T10:00:03Z", { code: "InvalidIdentityToken", message: "Response signature invalid" })],
      { userName: JANE },
      new Date("2026-03-02T10:01:00Z"),
      LEGACY_WORDS,
    );
    expect(refused[0]).toMatchObject({ status: "fail", outcome: "certificate" });
    const unassigned = joinSignIns([entraRow("2026-03-02T10:00:00Z", 50105)], [], { userName: JANE }, new Date("2026-03-02T10:01:00Z"), LEGACY_WORDS);
    expect(unassigned[0]).toMatchObject({ status: "fail", outcome: "not-assigned", remedy: expect.stringMatching(/Assign users and groups with a role/) });
  });

  it("knows a role value Entra can send to AWS", () => {
    expect(isRolePair(`${ROLE},${PROVIDER}`)).toBe(true);
    expect(isRolePair(`${PROVIDER},${ROLE}`)).toBe(true);
    expect(isRolePair("msiam_access")).toBe(false);
    expect(isRolePair(`${ROLE}`)).toBe(false);
  });
});

describe("parseRoleValue: the Role attribute as AWS reads it", () => {
  it("reads roleArn,providerArn in either order, with a role path", () => {
    expect(parseRoleValue(`${ROLE},${PROVIDER}`)).toEqual({ ok: true, value: `${ROLE},${PROVIDER}`, roleArn: ROLE, roleName: "EntraReadOnly", providerArn: PROVIDER, accountId: "111122223333" });
    expect(parseRoleValue(` ${PROVIDER} , ${ROLE} `)).toMatchObject({ ok: true, roleArn: ROLE, providerArn: PROVIDER });
    expect(parseRoleValue("arn:aws:iam::111122223333:role/Plain,arn:aws:iam::111122223333:saml-provider/X")).toMatchObject({ ok: true, roleName: "Plain" });
  });

  it("says why a value cannot be used", () => {
    expect(parseRoleValue(ROLE)).toMatchObject({ ok: false, problem: expect.stringMatching(/no comma/) });
    expect(parseRoleValue(`${ROLE},${PROVIDER},${PROVIDER}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/3 parts/) });
    expect(parseRoleValue("msiam_access,User")).toMatchObject({ ok: false, problem: expect.stringMatching(/neither part/) });
    expect(parseRoleValue(`${ROLE},arn:aws:iam::111122223333:role/Other`)).toMatchObject({ ok: false, problem: expect.stringMatching(/no part is a valid SAML provider ARN/) });
    expect(parseRoleValue(`arn:aws:iam::1111:role/X,${PROVIDER}`)).toMatchObject({ ok: false, problem: expect.stringMatching(/no part is a valid IAM role ARN/) });
    expect(parseRoleValue(`${ROLE},arn:aws:iam::444455556666:saml-provider/EntraID`)).toMatchObject({
      ok: false,
      problem: "the role is in account 111122223333 but the provider in account 444455556666; both must be in the same account",
    });
  });
});
