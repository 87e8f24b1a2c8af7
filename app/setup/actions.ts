"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { attentionOf } from "@/lib/setup/attention";
import { completesByCheck, previewStep, runSetupStep } from "@/lib/setup/run-step";
import { STEP_IDS } from "@/lib/setup/steps";
import { loadChecklist } from "@/lib/setup/store";
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

/** Secrets a step input may carry (the SCIM token), so audit rows and logs scrub them. */
const secretsOf = (input: z.output<typeof stepInput>) => {
  const payload = input.payload as { token?: unknown } | undefined;
  return [typeof payload?.token === "string" ? payload.token : undefined];
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

/**
 * One poll of the Test sign-in watcher (while its card is open): reads the evidence, shared between watchers,
 * and changes nothing. Read-only: a success is not an audit row (one per poll); recording what it saw is the step's run.
 */
export const watchSignInTestAction = defineAction({
  name: "setup.sign-in-test.watch",
  readOnly: true,
  permission: "setup.run",
  input: z.object({}),
  run: async (_input, { session }) => ({ data: await watchSignInTest(db(), { email: session.email, name: session.name }) }),
});
