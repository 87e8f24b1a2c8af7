import { describe, expect, it } from "vitest";
import type { AwsConfig, FederationConfiguration } from "./configuration";
import { driftBetween } from "./drift";

const aws = (groups: AwsConfig["groups"], sessionDuration = "PT8H"): FederationConfiguration => ({
  entra: { app: null, provisioning: null },
  aws: {
    instance: { instanceArn: "arn:aws:sso:::instance/ssoins-1", identityStoreId: "d-1", status: "ACTIVE", name: null },
    identitySource: { kind: "external-idp", signInUrl: null },
    permissionSets: { ProjectAdmin: { sessionDuration } as unknown as AwsConfig["permissionSets"][string] },
    assignments: {},
    groups,
  },
});

describe("driftBetween", () => {
  it("leaves out what Entra's provisioning does to the groups it owns, and keeps groups made in AWS", () => {
    const recorded = aws({
      "Project Users": { groupId: "g1", memberCount: 3, managedBy: "SCIM" },
      "Break glass": { groupId: "g2", memberCount: 1, managedBy: "AWS" },
    });
    const live = aws({
      "Project Users": { groupId: "g1", memberCount: 5, managedBy: "SCIM" },
      "Project Readers": { groupId: "g3", memberCount: 2, managedBy: "SCIM" },
      "Break glass": { groupId: "g2", memberCount: 4, managedBy: "AWS" },
    });
    expect(driftBetween(recorded, live).map((d) => d.change.path)).toEqual(["aws.groups.Break glass.memberCount"]);
  });

  it("reports a changed permission set as AWS drift, unattributed", () => {
    const drift = driftBetween(aws({}), aws({}, "PT1H"));
    expect(drift).toEqual([{ change: expect.objectContaining({ path: "aws.permissionSets.ProjectAdmin.sessionDuration" }), side: "aws", by: null }]);
  });

  it("finds nothing when nothing changed", () => {
    expect(driftBetween(aws({ A: { groupId: "g", memberCount: 1, managedBy: "AWS" } }), aws({ A: { groupId: "g", memberCount: 1, managedBy: "AWS" } }))).toEqual([]);
  });
});
