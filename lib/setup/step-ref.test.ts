import { describe, expect, it } from "vitest";
import { checklistFor, FEDERATION_MODES } from "./checklists";
import { catalogFor, stepTitle } from "./step-catalog";
import { stepById } from "./step-definitions";
import { stepHref, stepNumber, stepRef } from "./step-ref";

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
    expect(stepRef("role-import", "legacy-iam")).toMatch(/^step 6 \(Role import: /);
    expect(stepHref("scim-endpoint")).toBe("/setup#step-scim-endpoint");
  });
  it("uses the identity-center checklist for a federation without a known mode", () => {
    expect(checklistFor(undefined)).toEqual(checklistFor("identity-center"));
    expect(checklistFor("something-else")).toEqual(checklistFor("identity-center"));
    expect(catalogFor(undefined)).toEqual(catalogFor("identity-center"));
    expect(catalogFor("something-else")).toEqual(catalogFor("identity-center"));
  });
  it("the catalog step-ref reads holds every mode's modules in their order, each with the title its module shows", () => {
    for (const mode of FEDERATION_MODES) {
      expect(catalogFor(mode)).toEqual(checklistFor(mode).map((step) => ({ id: step.id, title: step.title })));
    }
    expect(() => stepTitle("legacy-iam", "no-such-step" as never)).toThrow(/unknown legacy-iam setup step/);
  });
});
