import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { accountAccessDefaults, proposedPermissionSet } = await import("./account-access");

describe("account-access proposals", () => {
  const sets = ["ProjectAdmin", "ProjectUser", "ProjectReader"];

  it("proposes the matching permission set for each project role group", () => {
    expect(proposedPermissionSet("Project Admins", sets)).toBe("ProjectAdmin");
    expect(proposedPermissionSet("Project Users", sets)).toBe("ProjectUser");
    expect(proposedPermissionSet("Project Readers", sets)).toBe("ProjectReader");
    // A group that names no role gets the first set, to be changed by the admin.
    expect(proposedPermissionSet("Finance", sets)).toBe("ProjectAdmin");
  });

  it("starts from the groups chosen in the scope step and, in sandbox mode, every member account", () => {
    const view = {
      sandbox: true,
      facts: {
        assignments: {
          principals: [
            { id: "1", type: "Group" as const, displayName: "Project Readers" },
            { id: "2", type: "User" as const, displayName: "jane.doe@contoso.test" },
          ],
        },
        permissionSets: sets.map((name) => ({ name, permissionSetArn: `arn:${name}`, managedPolicyArn: "x", status: "SUCCEEDED" })),
      },
    };
    const defaults = accountAccessDefaults(view);
    expect(defaults.grants).toEqual([{ group: "Project Readers", permissionSet: "ProjectReader", targets: ["444455556666", "777788889999"] }]);
    expect(accountAccessDefaults({ ...view, sandbox: false }).grants[0]?.targets).toEqual([]);
  });
});
