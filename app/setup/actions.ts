"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { attentionOf } from "@/lib/setup/attention";
import { FEDERATION_MODE_INFO, FEDERATION_MODES } from "@/lib/setup/checklists";
import { planAutomatedSteps, previewAutomatedSteps, runAutomatedSteps } from "@/lib/setup/run-all";
import { completesByCheck, previewStep, probeStep, runSetupStep } from "@/lib/setup/run-step";
import { STEP_IDS } from "@/lib/setup/steps";
import { chooseFederationMode, DEFAULT_FEDERATION, loadChecklist } from "@/lib/setup/store";
import { watchSignInTest } from "@/lib/setup/watch-sign-in-test";

const stepInput = z.object({
  step: z.enum(STEP_IDS, { message: "unknown step" }),
  /** The step's own input as JSON (metadata XML, SCIM endpoint and token, chosen groups…). */
  payload: z
    .string()
    .max(600_000, "that is too large")
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "the step's input is not valid JSON" });
        return z.NEVER;
      }
    }),
});

/** Every setup action is about one step: its audit row says which, failed or not. */
const auditTarget = (input: { step: string }) => `setup:${input.step}`;

/** Secrets a step input may carry (the SCIM token, a typed role-manager secret key), so audit rows and logs scrub them. */
const secretsOf = (input: z.output<typeof stepInput>) => {
  const payload = input.payload as { token?: unknown; secretAccessKey?: unknown } | undefined;
  return [payload?.token, payload?.secretAccessKey].map((value) => (typeof value === "string" ? value : undefined));
};

/** A step's failure for its form: bad input carries each field's messages, shown beside the fields. */
const stepFailure = (result: { message: string; fieldErrors?: Record<string, string[]> }) =>
  new ActionError(result.fieldErrors ? "Check the fields marked below." : result.message, result.fieldErrors);

/** The step as it stands (status and evidence): the audit row's before, and the status of its after. */
async function stepRecord(step: string) {
  const state = (await loadChecklist(db())).steps.find((s) => s.id === step)?.state;
  return state && { status: state.status, evidence: state.evidence };
}

async function run(mode: "run" | "verify", input: z.output<typeof stepInput>, session: { email: string; name: string }) {
  const before = await stepRecord(input.step);
  const result = await runSetupStep(db(), input.step, mode, input.payload, { email: session.email, name: session.name });
  if (!result.ok) throw stepFailure(result);
  const after = { status: (await stepRecord(input.step))?.status, evidence: result.evidence };
  // Done with problems (users the lint flags) is not plain done: the message says so, the card lists them.
  const attention = attentionOf(result.evidence);
  return {
    data: { evidence: result.evidence },
    message: attention ? `${result.message} ${attention.summary}: see the list on the card.` : result.message,
    audit: { target: `setup:${input.step}`, before, after },
  };
}

/** Does a step (changes Entra or AWS), then verifies it. */
export const runSetupStepAction = defineAction({
  name: "setup.step.run",
  permission: "setup.run",
  input: stepInput,
  revalidate: ["/setup"],
  secretsOf,
  auditTarget,
  // What the step will do, and the input it was given (secrets scrubbed by name and value).
  intent: (input) => ({ will: `run setup step ${input.step} (changes Entra or AWS), then verify it`, input: input.payload }),
  run: (input, { session }) => run("run", input, session),
});

/**
 * Re-checks a step against live state; changes nothing in either cloud, and nothing of the step's standing outcome
 * (who did it, its attempts, its status). Only for an admin's check of a step with nothing to run that is not done
 * yet (preflight, console steps) is the check its run, which may mark it done.
 */
export const verifySetupStepAction = defineAction({
  name: "setup.step.verify",
  permission: "setup.verify",
  input: stepInput.pick({ step: true }).extend({ payload: z.undefined().optional() }),
  revalidate: ["/setup"],
  auditTarget,
  run: async (input, { session }) => {
    const mode = can(session.role, "setup.run") && (await completesByCheck(db(), input.step)) ? "run" : "verify";
    return run(mode, { step: input.step, payload: undefined }, session);
  },
});

/** What running a step would change in Entra or AWS, read from live state; changes nothing. */
export const previewSetupStepAction = defineAction({
  name: "setup.step.preview",
  permission: "setup.verify",
  input: stepInput,
  secretsOf,
  auditTarget,
  run: async (input, { session }) => {
    const result = await previewStep(db(), input.step, input.payload, { email: session.email, name: session.name });
    if (!result.ok) throw stepFailure(result);
    const evidence: Record<string, unknown> = { changes: result.changes };
    return { data: { evidence }, audit: { target: `setup:${input.step}` } };
  },
});

/** Creating the federation asks how it is set up (IAM Identity Center or the legacy per-account mode); changes nothing in either cloud. */
export const chooseFederationModeAction = defineAction({
  name: "setup.federation.mode",
  permission: "setup.run",
  input: z.object({ mode: z.enum(FEDERATION_MODES, { message: "choose IAM Identity Center or the legacy per-account mode" }) }),
  revalidate: ["/setup"],
  auditTarget: () => `federation:${DEFAULT_FEDERATION}`,
  run: async (input) => {
    const result = await chooseFederationMode(db(), DEFAULT_FEDERATION, input.mode);
    if (result.outcome === "refused") throw new ActionError(result.reason);
    const title = FEDERATION_MODE_INFO[input.mode].title;
    return {
      data: { mode: input.mode },
      message: result.outcome === "kept" ? `The federation already follows the ${title} checklist.` : `The federation follows the ${title} checklist.`,
      audit: { target: `federation:${DEFAULT_FEDERATION}`, before: { mode: result.previous }, after: { mode: input.mode } },
    };
  },
});

/**
 * What "Run automated steps" would do: the steps up to the next one that needs a person, each with its preview read
 * from live state. Changes nothing; a read, so its successes leave no audit row.
 */
export const previewAutomatedStepsAction = defineAction({
  name: "setup.automated.preview",
  permission: "setup.verify",
  readOnly: true,
  input: z.object({}),
  run: async (_input, { session }) => ({ data: await previewAutomatedSteps(db(), { email: session.email, name: session.name }) }),
});

/**
 * Runs the automated steps the admin saw in the preview, in order, each its own attempt, up to the next step that
 * needs a person or the first failure. One audit row for the run (each step's record keeps its own outcome).
 */
export const runAutomatedStepsAction = defineAction({
  name: "setup.automated.run",
  permission: "setup.run",
  input: z.object({
    /** The step ids of the preview the admin confirmed, comma-separated. */
    steps: z
      .string()
      .max(2_000)
      .transform((text) => text.split(",").filter(Boolean))
      .pipe(z.array(z.enum(STEP_IDS, { message: "unknown step" })).min(1, "preview the steps first")),
  }),
  revalidate: ["/setup"],
  auditTarget: () => "setup:automated",
  intent: (input) => ({ will: `run setup steps ${input.steps.join(", ")} in order (they change Entra or AWS), stopping at the first that fails` }),
  run: async (input, { session }) => {
    const before = await planAutomatedSteps(db());
    const result = await runAutomatedSteps(db(), { email: session.email, name: session.name }, input.steps);
    if (result.status === "failed") throw new ActionError(result.message);
    return {
      data: { evidence: { ran: result.ran, status: result.status, at: result.at?.id ?? null } as Record<string, unknown> },
      message: result.ran.length ? `Ran ${result.ran.length} step${result.ran.length === 1 ? "" : "s"}. ${result.message}` : result.message,
      audit: { target: "setup:automated", before: { confirmed: input.steps, planned: before.steps.map((s) => s.id) }, after: { ran: result.ran, status: result.status } },
    };
  },
});

/**
 * Looks for a console step's evidence while its card is open (the page asks with backoff). Records nothing — no audit
 * row, no last check — so polling leaves no trace; once the evidence is there the page completes the step with one
 * verify, which is audited.
 */
export const probeSetupStepAction = defineAction({
  name: "setup.step.probe",
  permission: "setup.verify",
  readOnly: true,
  // Asked by the open card on its own (polling), not by a click: not user activity for the idle timeout.
  passive: true,
  input: stepInput.pick({ step: true }),
  auditTarget,
  run: async (input, { session }) => ({ data: await probeStep(db(), input.step, { email: session.email, name: session.name }) }),
});

/**
 * One poll of the Test sign-in watcher (while its card is open): reads the evidence, shared between watchers,
 * and changes nothing. Read-only: a success is not an audit row (one per poll); recording what it saw is the step's run.
 */
export const watchSignInTestAction = defineAction({
  name: "setup.sign-in-test.watch",
  readOnly: true,
  // Asked by the open card on its own (polling), not by a click: not user activity for the idle timeout.
  passive: true,
  permission: "setup.run",
  input: z.object({}),
  run: async (_input, { session }) => ({ data: await watchSignInTest(db(), { email: session.email, name: session.name }) }),
});
