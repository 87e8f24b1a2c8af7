import { describe, expect, it } from "vitest";
import { classifyOnDemand, failedStepOf, targetBeforeOnDemand } from "./provision-on-demand";

const step = (type: string, status: string) => ({ name: type, type, status, description: `${type} ${status}`, details: {} });

describe("classifyOnDemand", () => {
  it("takes Graph's result when no step contradicts it", () => {
    expect(classifyOnDemand({ result: "Success", status: "success", steps: [step("import", "Success"), step("export", "Success")] })).toBe("succeeded");
    expect(classifyOnDemand({ result: "Skipped", status: "skipped", steps: [step("scoping", "Skipped")] })).toBe("skipped");
    expect(classifyOnDemand({ result: "Failure", status: null, steps: [] })).toBe("failed");
  });

  it("a failed step or a failed overall status is a failure whatever the summary says", () => {
    expect(classifyOnDemand({ result: "Success", status: null, steps: [step("import", "Success"), step("export", "Failure")] })).toBe("failed");
    expect(classifyOnDemand({ result: "Skipped", status: null, steps: [step("export", "failed")] })).toBe("failed");
    expect(classifyOnDemand({ result: "Unknown", status: "failure", steps: [] })).toBe("failed");
  });

  it("is unknown, not a success, when Graph says nothing usable", () => {
    expect(classifyOnDemand({ result: "Unknown", status: null, steps: [step("import", "Success")] })).toBe("unknown");
  });

  it("finds the step that failed", () => {
    expect(failedStepOf({ steps: [step("import", "Success"), step("export", "Failure")] })?.type).toBe("export");
    expect(failedStepOf({ steps: [step("import", "Success")] })).toBeNull();
  });
});

describe("targetBeforeOnDemand", () => {
  const matching = { name: "EntryMatching", type: "matching", status: "success", description: 'Found a user in the target with userName eq "jane@contoso.com".', details: {} };

  it("an update says the user was already in the target, as Entra's matching step found it, with any old values Entra gave", () => {
    const before = targetBeforeOnDemand({
      steps: [step("import", "success"), matching],
      action: "Update",
      targetIdentity: { id: "aws-1", displayName: "Jane" },
      modifiedProperties: [
        { displayName: "displayName", oldValue: "Jane D", newValue: "Jane Doe" },
        { displayName: "title", oldValue: null, newValue: "Engineer" },
      ],
    });
    expect(before).toEqual({ inTarget: true, targetId: "aws-1", matching: matching.description, oldValues: { displayName: "Jane D" } });
  });

  it("a create says the target had no such user; a skip without a matching step records nothing it does not know", () => {
    expect(targetBeforeOnDemand({ steps: [matching], action: "Create", targetIdentity: { id: "aws-2", displayName: null }, modifiedProperties: [] })).toEqual({
      inTarget: false,
      matching: matching.description,
    });
    expect(targetBeforeOnDemand({ steps: [step("scoping", "skipped")], action: "Other", targetIdentity: null, modifiedProperties: [] })).toBeNull();
    expect(targetBeforeOnDemand({ steps: [matching], action: null, targetIdentity: null, modifiedProperties: [] })).toEqual({ inTarget: "unknown", matching: matching.description });
  });
});
