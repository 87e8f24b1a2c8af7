import { expect, it } from "vitest";

// Step modules name each other through step-ref, which reads the checklist, which loads every step module: a
// module loaded first (as rollover-certificate loads federation-metadata) must still find the whole checklist.
// Only dynamic imports here, so the step module really is the first one loaded.
it("a step module loaded first still finds the whole checklist", async () => {
  const { mappings } = await import("./identity-center/mappings");
  const { stepRef, stepNumber } = await import("../step-ref");
  const { checklistFor } = await import("../checklists");
  expect(checklistFor().map((step) => step.id)).toContain(mappings.id);
  expect(checklistFor().every((step) => step.panels.every((panel) => typeof panel === "function"))).toBe(true);
  expect(stepRef("mappings")).toBe(`step ${stepNumber("mappings")} (${mappings.title})`);
  // Both checklists' modules load here, cold: seconds on a busy machine.
}, 20_000);
