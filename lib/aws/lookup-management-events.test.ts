import { describe, expect, it } from "vitest";
import { managementEventOf } from "./lookup-management-events";

describe("managementEventOf", () => {
  it("reads the caller from the record's userIdentity: a role session with its issuing role, its key, the request", () => {
    const event = managementEventOf({
      EventId: "0f6c2d1e",
      EventName: "AttachManagedPolicyToPermissionSet",
      EventSource: "sso.amazonaws.com",
      EventTime: new Date("2026-11-30T10:15:00Z"),
      ReadOnly: "false",
      CloudTrailEvent: JSON.stringify({
        eventVersion: "1.08",
        userIdentity: {
          type: "AssumedRole",
          principalId: "AROAEXAMPLE:jane",
          arn: "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/jane",
          accountId: "111122223333",
          accessKeyId: "ASIAEXAMPLE",
          sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/PlatformAdmin" } },
        },
        eventTime: "2026-11-30T10:15:00Z",
        requestParameters: { instanceArn: "arn:aws:sso:::instance/ssoins-1", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      }),
    });
    expect(event).toEqual({
      eventId: "0f6c2d1e",
      eventName: "AttachManagedPolicyToPermissionSet",
      eventSource: "sso.amazonaws.com",
      eventTime: "2026-11-30T10:15:00.000Z",
      arn: "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/jane",
      issuerArn: "arn:aws:iam::111122223333:role/PlatformAdmin",
      accessKeyId: "ASIAEXAMPLE",
      errorCode: null,
      requestParameters: { instanceArn: "arn:aws:sso:::instance/ssoins-1", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      responseElements: {},
    });
  });

  it("keeps what the call answered: a membership's id from CreateGroupMembership", () => {
    const event = managementEventOf({
      EventName: "CreateGroupMembership",
      EventTime: new Date("2026-11-30T10:15:00Z"),
      CloudTrailEvent: JSON.stringify({
        requestParameters: { identityStoreId: "d-1", groupId: "g-1", memberId: { userId: "u-1" } },
        responseElements: { membershipId: "m-1", identityStoreId: "d-1" },
      }),
    });
    expect(event.responseElements).toEqual({ membershipId: "m-1", identityStoreId: "d-1" });
    expect(event.requestParameters.memberId).toEqual({ userId: "u-1" });
  });

  it("keeps the summary fields of a record it cannot parse, and a refused call's error code", () => {
    expect(managementEventOf({ EventName: "DeleteGroup", EventTime: new Date(0), AccessKeyId: "AKIA1", CloudTrailEvent: "{not json" })).toMatchObject({
      eventName: "DeleteGroup",
      arn: null,
      accessKeyId: "AKIA1",
    });
    expect(managementEventOf({ CloudTrailEvent: JSON.stringify({ errorCode: "AccessDeniedException" }) }).errorCode).toBe("AccessDeniedException");
  });
});
