import { isValidElement } from "react";
import { describe, expect, it } from "vitest";
import { CONSOLE_SCREENS, isConsoleScreenId } from "@/components/console/registry";
import { checklistFor, FEDERATION_MODES } from "../checklists";
import { StepError } from "../context";
import { parseStepInput, registerStep } from "../registry";
import { isStepId } from "../steps";
import type { StepPageView } from "./types";
import { scimEndpoint } from "./identity-center/scim-endpoint";
import { permissionSets } from "./identity-center/permission-sets";

const VIEW: StepPageView = { facts: {}, sandbox: true, sandboxUrl: "http://127.0.0.1:1" };
const noAction = () => Promise.resolve({ ok: false as const });
const ACTIONS = { step: "x", canRun: true, canVerify: true, runAction: noAction, verifyAction: noAction, blocked: false };

// Every step is one module: whatever the page, the runner, the preview and the console drawings need is declared
// there. A new step is one new module in a checklist's list, and this test checks it declares all of it.
describe.each(FEDERATION_MODES.map((mode) => [mode, checklistFor(mode)] as const))("the %s checklist", (_mode, steps) => {
  it("has unique, known step ids whose prerequisites come earlier", () => {
    const ids = steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    steps.forEach((step, index) => {
      expect(isStepId(step.id), step.id).toBe(true);
      for (const required of step.requires) expect(ids.indexOf(required), `${step.id} requires ${required}`).toBeGreaterThanOrEqual(0);
      for (const required of step.requires) expect(ids.indexOf(required), `${step.id} requires ${required}`).toBeLessThan(index);
    });
  });

  describe.each(steps.map((step) => [step.id, step] as const))("%s", (id, step) => {
    it("says what it is, in the guide's words, and how it is verified", () => {
      for (const text of [step.title, step.guide, step.verifiedBy]) expect(text.trim().length, id).toBeGreaterThan(10);
    });

    it("declares its preview", () => {
      expect(typeof step.preview).toBe("function");
    });

    it("declares the labels of its buttons", () => {
      if (step.run) expect(step.labels.run, "run label").toBeTruthy();
      else expect(step.labels.run, "no run, no run label").toBeUndefined();
      if (step.how === "manual") {
        expect(step.run, "a console step is only checked").toBeUndefined();
        expect(step.labels.check, "check label").toBeTruthy();
      }
    });

    it("declares its input and its form together, or explicitly none", async () => {
      if (step.input === null) {
        expect(step.view, "no input, no form").toBeNull();
        return;
      }
      expect(step.run, "an input is for running").toBeDefined();
      expect(step.view, "an input needs a form").not.toBeNull();
      const element = await step.view?.render(ACTIONS, VIEW);
      expect(isValidElement(element)).toBe(true);
      expect(typeof element?.type).toBe("function");
    });

    it("names console screens that exist, and panels that load", async () => {
      for (const screen of step.screens) expect(isConsoleScreenId(screen), screen).toBe(true);
      for (const panel of step.panels) expect(typeof (await panel())).toBe("function");
    });
  });
});

describe("the legacy per-account checklist", () => {
  it("draws every legacy console screen on one of its cards", () => {
    const named = new Set(checklistFor("legacy-iam").flatMap((step) => step.screens));
    const legacy = CONSOLE_SCREENS.map((screen) => screen.id).filter((id) => id.startsWith("legacy-"));
    expect(legacy).toHaveLength(12);
    expect(legacy.filter((id) => !named.has(id))).toEqual([]);
  });

  it("validates SessionDuration between 900 and 43,200 seconds", async () => {
    const { legacySaml } = await import("./legacy-iam/legacy-saml");
    expect(() => parseStepInput(legacySaml, { sessionDuration: 899 })).toThrow(StepError);
    expect(() => parseStepInput(legacySaml, { sessionDuration: 43_201 })).toThrow(StepError);
    expect(parseStepInput(legacySaml, { sessionDuration: "900" })).toEqual({ sessionDuration: 900 });
    expect(parseStepInput(legacySaml, { instance: 2, sessionDuration: 43_200 })).toEqual({ instance: 2, sessionDuration: 43_200 });
  });
});

describe("step input", () => {
  // Bug: the field errors were joined into one string; each now stays with its field, by path.
  it("keeps each field's errors by its path", () => {
    const failure = (() => {
      try {
        parseStepInput(scimEndpoint, { endpoint: " ", token: "short" });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(StepError);
    expect((failure as StepError).fieldErrors).toEqual({ endpoint: ["paste the SCIM endpoint"], token: ["paste the access token (it is long)"] });
  });

  it("reaches nested fields, and the runner and the preview both parse with it", async () => {
    const bad = { sets: [{ name: "Project Admin", managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }] };
    const registered = registerStep(permissionSets);
    const calls: (() => Promise<unknown> | undefined)[] = [() => registered.run?.({} as never, bad), () => registered.preview({} as never, bad)];
    for (const call of calls) {
      const error = await Promise.resolve()
        .then(call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepError);
      expect((error as StepError).fieldErrors).toEqual({ "sets.0.name": ["1–32 letters, digits or + = , . @ _ - (no spaces)"] });
    }
  });
});
