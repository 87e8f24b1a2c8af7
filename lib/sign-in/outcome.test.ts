import { describe, expect, it } from "vitest";
import { signInEventOf, type AwsSignInEvent } from "../aws/lookup-sign-in-events";
import { signInFilter, signInOf, type SignInEntry } from "../entra/list-sign-ins";
import { joinSignIns, translateAwsFailure, translateEntraSignIn } from "./outcome";

// Shapes from Microsoft's signIn resource example (https://learn.microsoft.com/graph/api/resources/signin) and
// Identity Center's sign-in events (https://docs.aws.amazon.com/singlesignon/latest/userguide/understanding-sign-in-events.html).
const graphRow = (createdDateTime: string, errorCode: number, upn = "jane.doe@contoso.example") => ({
  id: `row-${createdDateTime}`,
  createdDateTime,
  userDisplayName: "Jane Doe",
  userPrincipalName: upn,
  userId: "e1",
  appId: "app-1",
  appDisplayName: "AWS IAM Identity Center",
  ipAddress: "203.0.113.7",
  clientAppUsed: "Browser",
  correlationId: "c-1",
  conditionalAccessStatus: errorCode === 53003 ? "failure" : "notApplied",
  isInteractive: true,
  status: { errorCode, failureReason: errorCode ? "Some vendor text" : "Other.", additionalDetails: null },
});
const entra = (at: string, code: number): SignInEntry => signInOf(graphRow(at, code));

const cloudTrail = (at: string, name: "UserAuthentication" | "ExternalIdPDirectoryLogin", userName: string | null, extra: Record<string, unknown> = {}) =>
  signInEventOf({
    EventId: `ev-${at}`,
    EventName: name,
    EventTime: new Date(at),
    EventSource: "signin.amazonaws.com",
    CloudTrailEvent: JSON.stringify({
      eventVersion: "1.09",
      eventSource: "signin.amazonaws.com",
      eventName: name,
      eventTime: at,
      eventType: name === "UserAuthentication" ? "AwsServiceEvent" : "AwsConsoleSignIn",
      userIdentity: { type: "IdentityCenterUser", onBehalfOf: { userId: name !== "UserAuthentication" ? undefined : userName === "jane.doe@contoso.example" ? "aws-jane" : "aws-other", identityStoreArn: "arn:aws:identitystore::111122223333:identitystore/d-1" } },
      additionalEventData: { CredentialType: "EXTERNAL_IDP", ...(userName ? { UserName: userName } : {}) },
      ...(name === "UserAuthentication" ? { serviceEventDetails: { UserAuthentication: "Success" } } : { responseElements: { ExternalIdPDirectoryLogin: "Failure" } }),
      ...extra,
    }),
  }) as AwsSignInEvent;

const JANE = { userName: "jane.doe@contoso.example", awsUserId: "aws-jane" };
const NOW = new Date("2026-03-02T12:00:00Z");

describe("reading the documented shapes", () => {
  it("the Graph filter uses the documented operators, lower-cases the UPN and quotes literals", () => {
    expect(signInFilter({ appId: "app-1", userPrincipalName: "O'Neil@Contoso.example", since: "2026-03-01T00:00:00Z" })).toBe(
      "appId eq 'app-1' and userPrincipalName eq 'o''neil@contoso.example' and createdDateTime ge 2026-03-01T00:00:00Z",
    );
  });

  it("starts at the whole second, as the log stamps rows", () => {
    expect(signInFilter({ appId: "a", since: "2026-03-01T10:20:30.987Z" })).toBe("appId eq 'a' and createdDateTime ge 2026-03-01T10:20:30Z");
  });

  it("reads a CloudTrail success and failure, and ignores other events", () => {
    expect(cloudTrail("2026-03-02T10:00:00Z", "UserAuthentication", "jane.doe@contoso.example")).toMatchObject({ outcome: "success", userId: "aws-jane", userName: "jane.doe@contoso.example" });
    expect(cloudTrail("2026-03-02T10:00:00Z", "ExternalIdPDirectoryLogin", null)).toMatchObject({ outcome: "failure", userName: null });
    expect(signInEventOf({ EventName: "ListApplications", CloudTrailEvent: "{}" })).toBeNull();
    expect(signInEventOf({ EventName: "UserAuthentication", CloudTrailEvent: "not json", EventTime: new Date("2026-03-02T10:00:00Z") })).toMatchObject({ outcome: "success" });
  });
});

describe("translateEntraSignIn", () => {
  it.each([
    [50105, "not-assigned", "admin"],
    [50057, "user-disabled", "admin"],
    [50076, "mfa-or-conditional-access", "user"],
    [53003, "mfa-or-conditional-access", "admin"],
    [50058, "interrupted", "user"],
    [0, "success", "helpdesk"],
  ])("AADSTS%s is %s", (code, outcome, remedyBy) => {
    expect(translateEntraSignIn(code)).toMatchObject({ outcome, remedyBy, known: true });
  });

  it("an unknown code is named, never with the vendor's text", () => {
    const t = translateEntraSignIn(123456);
    expect(t).toMatchObject({ outcome: "entra-other", known: false });
    expect(t.cause).toContain("AADSTS123456");
  });
});

describe("translateAwsFailure", () => {
  it("a signature problem is the certificate not uploaded to AWS", () => {
    expect(translateAwsFailure({ errorCode: null, errorMessage: "Response signature invalid", userName: null }).outcome).toBe("certificate");
  });
  it("anything else is the NameID, naming both names when they differ", () => {
    const t = translateAwsFailure({ errorCode: null, errorMessage: "No user in the identity store has the user name jane@mail.example", userName: "jane@mail.example" }, "jane.doe@contoso.example");
    expect(t.outcome).toBe("name-id-mismatch");
    expect(t.cause).toContain("no user named jane@mail.example");
    expect(t.cause).toContain("jane.doe@contoso.example in AWS");
  });
});

describe("joinSignIns", () => {
  it("pairs an Entra success with the AWS success just after it", () => {
    const attempts = joinSignIns([entra("2026-03-02T10:00:00Z", 0)], [cloudTrail("2026-03-02T10:00:03Z", "UserAuthentication", "jane.doe@contoso.example")], JANE, NOW);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: "success", status: "pass", aws: { eventName: "UserAuthentication" } });
  });

  it("an Entra failure stops at Entra: AWS is not consulted", () => {
    const attempts = joinSignIns([entra("2026-03-02T10:00:00Z", 50105)], [cloudTrail("2026-03-02T10:00:03Z", "ExternalIdPDirectoryLogin", null)], JANE, NOW);
    expect(attempts[0]).toMatchObject({ outcome: "not-assigned", status: "fail", aws: null });
  });

  it("an Entra success followed by an AWS failure with another user name is the NameID mismatch", () => {
    const attempts = joinSignIns([entra("2026-03-02T10:00:00Z", 0)], [cloudTrail("2026-03-02T10:00:05Z", "ExternalIdPDirectoryLogin", "jane@mail.example")], JANE, NOW);
    expect(attempts[0]).toMatchObject({ outcome: "name-id-mismatch", status: "fail" });
  });

  it("an AWS event outside the window is not joined; a fresh Entra success waits for AWS, an old one is unexplained", () => {
    const far = [cloudTrail("2026-03-02T11:00:00Z", "ExternalIdPDirectoryLogin", "someone@else.example")];
    expect(joinSignIns([entra("2026-03-02T10:00:00Z", 0)], far, JANE, NOW)[0]).toMatchObject({ outcome: "aws-other", status: "warn" });
    expect(joinSignIns([entra("2026-03-02T11:55:00Z", 0)], [], JANE, NOW)[0]).toMatchObject({ outcome: "waiting-for-aws", status: "warn" });
  });

  it("the user's AWS events without an Entra row (Entra's log lags) stand alone, newest first", () => {
    const attempts = joinSignIns(
      [entra("2026-03-02T09:00:00Z", 50057)],
      [cloudTrail("2026-03-02T11:00:00Z", "UserAuthentication", "jane.doe@contoso.example"), cloudTrail("2026-03-02T11:30:00Z", "UserAuthentication", "other@contoso.example")],
      JANE,
      NOW,
    );
    expect(attempts.map((a) => [a.outcome, a.entra ? "entra" : "aws"])).toEqual([
      ["success", "aws"],
      ["user-disabled", "entra"],
    ]);
  });
});

describe("translateAwsFailure on the failure messages the sandbox writes", () => {
  it.each([
    ["Invalid signature: the assertion is not signed by a certificate of the identity provider metadata", "certificate"],
    ["No user in the identity store has the user name p.patel@contoso.com", "name-id-mismatch"],
    ["The user ben@contoso.example is disabled", "user-disabled"],
    ["Response does not contain the required audience", "saml-config"],
    ["The assertion is not yet valid or has expired", "clock"],
    ["Not a valid response for the provided request id: aws_123", "clock"],
  ])("%s → %s", (errorMessage, outcome) => {
    expect(translateAwsFailure({ errorCode: null, errorMessage, userName: null }).outcome).toBe(outcome);
  });
});
