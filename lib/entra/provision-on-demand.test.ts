import { describe, expect, it } from "vitest";
import { classifyOnDemand, failedStepOf } from "./provision-on-demand";

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
