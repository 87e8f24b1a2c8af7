import { describe, expect, it } from "vitest";
import { checklistFor } from "./checklists";
import { stepById, stepHref, stepNumber, stepRef } from "./step-ref";

describe("step references", () => {
  it("numbers steps by their position in the checklist", () => {
    checklistFor("identity-center").forEach((step, index) => {
      expect(stepNumber(step.id)).toBe(index);
      expect(stepById(step.id).number).toBe(index);
    });
  });
  it("names a step with its number and title, and links to its card", () => {
    const steps = checklistFor("identity-center");
    expect(stepRef("provisioning-credentials")).toBe(
      `step ${stepNumber("provisioning-credentials")} (${steps[stepNumber("provisioning-credentials")]?.title})`,
    );
    expect(stepRef("provisioning-credentials")).toMatch(/^step 9 \(Provisioning: Automatic/);
    expect(stepHref("scim-endpoint")).toBe("/setup#step-scim-endpoint");
  });
  it("uses the identity-center checklist for a federation without a known mode", () => {
    expect(checklistFor(undefined)).toEqual(checklistFor("identity-center"));
    expect(checklistFor("something-else")).toEqual(checklistFor("identity-center"));
  });
});
