import { describe, expect, it } from "vitest";
import { z } from "zod";
import { needOf } from "./run-all";
import { changesNothing, defineStep, type SetupStepModule } from "./steps/types";

// Whether "Run automated steps" runs a step is read from its module alone, so it holds for any step of any checklist
// (a legacy-iam list, a sign-in test added later): nothing here names a step.
const base = {
  id: "connect",
  side: "Both",
  title: "A step",
  guide: "",
  how: "automated",
  verifiedBy: "",
  requires: [],
  input: null,
  verify: () => Promise.resolve({ evidence: {} }),
  preview: changesNothing("nothing"),
  labels: {},
  view: null,
  panels: [],
  screens: [],
} satisfies SetupStepModule<undefined>;
const run = () => Promise.resolve({ evidence: {} });
const known = { facts: {}, sandbox: true };

describe("what a step needs to go on", () => {
  it("a step with nothing to run is the portal's check, unless a person does it in a console", () => {
    expect(needOf(defineStep(base), known)).toEqual({ kind: "portal", input: undefined });
    expect(needOf(defineStep({ ...base, how: "manual" }), known)).toEqual({ kind: "person", why: "console" });
  });

  it("a step that runs without input, or with input its schema lets it go without, is the portal's", () => {
    expect(needOf(defineStep({ ...base, run }), known)).toEqual({ kind: "portal", input: undefined });
    const optional = defineStep<{ n?: number } | undefined>({ ...base, input: z.object({ n: z.number().optional() }).optional(), run });
    expect(needOf(optional as SetupStepModule<unknown>, known)).toEqual({ kind: "portal", input: undefined });
  });

  it("input the step cannot go without needs a person unless the module proposes it", () => {
    const input = z.object({ xml: z.string() });
    expect(needOf(defineStep<{ xml: string }>({ ...base, how: "input", input, run }) as SetupStepModule<unknown>, known)).toEqual({
      kind: "person",
      why: "input",
    });
    const proposed = defineStep<{ xml: string }>({ ...base, how: "input", input, run, defaultInput: ({ sandbox }) => (sandbox ? { xml: "<x/>" } : null) });
    expect(needOf(proposed as SetupStepModule<unknown>, known)).toEqual({ kind: "portal", input: { xml: "<x/>" } });
    expect(needOf(proposed as SetupStepModule<unknown>, { facts: {}, sandbox: false })).toEqual({ kind: "person", why: "input" });
  });
});
