import { createElement, type ComponentType, type ReactElement } from "react";
import type { z } from "zod";
import type { StepActionsProps } from "@/components/setup/step-actions-client";
import type { SetupContext, StepOutcome } from "../context";
import type { FederationFacts } from "../facts";
import type { StepDefinition } from "../steps";

/** What the Setup page knows when it draws a step's input and panels: nothing step-specific. */
export interface StepPageView {
  facts: FederationFacts;
  /** The portal runs against the built-in sandbox cloud. */
  sandbox: boolean;
  sandboxUrl: string;
}

/** What running a step would change, read from live state: each line one change (from → to), one thing kept, or "nothing changes". */
export interface StepPreview {
  changes: string[];
}

/**
 * The step's input form: a client component (loaded lazily, so the runner never loads React components) and how
 * the page computes its props from what the federation knows.
 */
export interface StepInputView {
  render(actions: StepActionsProps, view: StepPageView): Promise<ReactElement>;
}

/** A panel the card shows above the buttons (what to grant, a download, where the sandbox console is). */
export type StepPanel = () => Promise<ComponentType<{ view: StepPageView }>>;

/** Everything about one checklist step, in one module. */
export interface SetupStepModule<I = unknown> extends Omit<StepDefinition, "number"> {
  /** The step's input, parsed at the boundary; null when the step takes none. */
  input: z.ZodType<I> | null;
  /** Does the step (idempotent: adopts what exists). Absent for steps a person does in a console. */
  run?(context: SetupContext, input: I): Promise<StepOutcome>;
  /** Checks the step against live state; throws StepError when it is not (yet) true. */
  verify(context: SetupContext): Promise<StepOutcome>;
  /** What `run` would change, from live state; changes nothing. Steps that write nothing say so. */
  preview(context: SetupContext, input: I): Promise<StepPreview>;
  /**
   * The input the portal uses when it runs this step among the automated ones ("Run automated steps"), from what
   * it knows; null when only a person can give it (a file from a console, a token, a choice with no safe default).
   * Absent: the step runs without input when its schema accepts none, else it needs a person.
   */
  defaultInput?(known: { facts: FederationFacts; sandbox: boolean }): I | null;
  /** Button labels: `run` for steps the portal does, `check` for steps a person does in a console. */
  labels: { run?: string; check?: string };
  /** The form the card shows for the step's input; null when it takes none. */
  view: StepInputView | null;
  panels: StepPanel[];
  /** The console screens the guides show for this step, by id (components/console/registry.tsx). */
  screens: string[];
}

/** Declares a step; the generic ties the input schema to `run` and `preview`. */
export function defineStep<I = undefined>(step: SetupStepModule<I>): SetupStepModule<I> {
  return step;
}

/** Declares an input form, tying the component's own props to what the page computes for it. */
export function stepInputView<P extends object>(
  component: () => Promise<ComponentType<StepActionsProps & P>>,
  props: (view: StepPageView) => P,
): StepInputView {
  return {
    async render(actions, view) {
      const Input = await component();
      return createElement(Input, { ...actions, ...props(view) });
    },
  };
}

/** For steps that change nothing in either cloud: the preview says so, without a call. */
export const changesNothing = (what: string) => (): Promise<StepPreview> => Promise.resolve({ changes: [what] });
