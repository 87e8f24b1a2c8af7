import { describe, expect, it } from "vitest";
import { stepHref, stepNumber, stepRef } from "./step-ref";
import { STEPS } from "./steps";

describe("step references", () => {
  it("numbers steps by their position in the checklist", () => {
    STEPS.forEach((step, index) => expect(stepNumber(step.id)).toBe(index));
  });
  it("names a step with its number and title, and links to its card", () => {
    expect(stepRef("provisioning-credentials")).toBe(
      `step ${stepNumber("provisioning-credentials")} (${STEPS[stepNumber("provisioning-credentials")]?.title})`,
    );
    expect(stepHref("scim-endpoint")).toBe("/setup#step-scim-endpoint");
  });
});
