import { describe, expect, it } from "vitest";
import { buildChecks } from "./checks";
import type { Findings } from "./types";

// The account line links to the Access area's per-user view instead of sending helpdesk to the AWS console.
const findings = (awsAccess: Findings["awsAccess"]): Findings => ({
  query: "ann@contoso.example",
  facts: { servicePrincipalId: "sp", jobId: "job", identityStoreId: "d-1", accessPortalUrl: "https://d-1.awsapps.com/start" },
  entra: {
    state: "found",
    user: { id: "u1", userPrincipalName: "ann+x@contoso.example", mail: null, givenName: "Ann", surname: "Lee", displayName: "Ann Lee", accountEnabled: true, userType: "Member", proxyAddresses: [], otherMails: [], department: null, jobTitle: null },
  },
  assignment: { ok: true, value: { path: "group", viaGroups: [{ id: "g1", displayName: "Project Users" }], nestedVia: [] } },
  awsUser: { ok: true, value: { userNameTried: "ann+x@contoso.example", user: { userId: "a1", userName: "ann+x@contoso.example", externalIds: [{ issuer: "SCIM", id: "ann" }] } } },
  awsGroups: { ok: true, value: [{ groupId: "ag1", name: "Project Users" }] },
  awsAccess,
  permissionSets: { ok: true, value: {} },
});

describe("account assignments line", () => {
  it("links to the user's effective access, red or green, and no longer says to use the AWS console", () => {
    for (const access of [{ ok: true as const, value: [] }, { ok: true as const, value: [{ accountId: "111122223333", permissionSetArn: "arn:aws:sso:::permissionSet/i/ps-1", via: "Project Users" }] }]) {
      const line = buildChecks(findings(access)).find((c) => c.id === "aws-access");
      expect(line?.link).toEqual({ href: "/access/effective?user=ann%2Bx%40contoso.example", label: "See this user's effective access (Access area)" });
      expect(line?.remedy ?? "").not.toMatch(/IAM Identity Center → AWS accounts/);
    }
  });

  it("has no link when the user is not in AWS (nothing to show)", () => {
    const line = buildChecks(findings(undefined)).find((c) => c.id === "aws-access");
    expect(line?.link).toBeUndefined();
  });
});
