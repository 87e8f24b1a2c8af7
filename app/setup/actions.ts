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
import { addLegacyFederationInput, federationIdField } from "@/lib/setup/federation-id";
import { addLegacyFederation, federationExists } from "@/lib/setup/federations";
import { chooseFederationMode, DEFAULT_FEDERATION, loadChecklist } from "@/lib/setup/store";
import { watchSignInTest } from "@/lib/setup/watch-sign-in-test";

const stepInput = z.object({
  /** Which federation's checklist (absent: the first one). */
  federation: federationIdField,
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

/** Every setup action is about one step of one federation: its audit row says which, failed or not (the first federation's rows read as before). */
const stepTarget = (federation: string, step: string) => (federation === DEFAULT_FEDERATION ? `setup:${step}` : `setup:${step}:${federation}`);
const auditTarget = (input: { federation: string; step: string }) => stepTarget(input.federation, input.step);
const federationTarget = (federation: string) => `federation:${federation}`;
const automatedTarget = (input: { federation: string }) =>
  input.federation === DEFAULT_FEDERATION ? "setup:automated" : `setup:automated:${input.federation}`;

/** A federation id that passed the form's check must also name one the portal has; otherwise nothing runs. */
async function requireFederation(federation: string) {
  if (!(await federationExists(db(), federation))) throw new ActionError(`There is no federation "${federation}". Reload the Setup page.`);
}

/** Secrets a step input may carry (the SCIM token, a typed role-manager secret key), so audit rows and logs scrub them. */
const secretsOf = (input: z.output<typeof stepInput>) => {
  const payload = input.payload as { token?: unknown; secretAccessKey?: unknown } | undefined;
  return [payload?.token, payload?.secretAccessKey].map((value) => (typeof value === "string" ? value : undefined));
};

/** A step's failure for its form: bad input carries each field's messages, shown beside the fields. */
const stepFailure = (result: { message: string; fieldErrors?: Record<string, string[]> }) =>
  new ActionError(result.fieldErrors ? "Check the fields marked in red above." : result.message, result.fieldErrors);

/** The step as it stands (status and evidence): the audit row's before, and the status of its after. */
async function stepRecord(federation: string, step: string) {
  const state = (await loadChecklist(db(), federation)).steps.find((s) => s.id === step)?.state;
  return state && { status: state.status, evidence: state.evidence };
}

async function run(mode: "run" | "verify", input: z.output<typeof stepInput>, session: { email: string; name: string }) {
  await requireFederation(input.federation);
  const before = await stepRecord(input.federation, input.step);
  const result = await runSetupStep(db(), input.step, mode, input.payload, { email: session.email, name: session.name }, input.federation);
  if (!result.ok) throw stepFailure(result);
  const after = { status: (await stepRecord(input.federation, input.step))?.status, evidence: result.evidence };
  // Done with problems (users the lint flags) is not plain done: the message says so, the card lists them.
  const attention = attentionOf(result.evidence);
  return {
    data: { evidence: result.evidence },
    message: attention ? `${result.message} ${attention.summary}: see the list on the card.` : result.message,
    audit: { target: stepTarget(input.federation, input.step), before, after },
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
  input: stepInput.pick({ federation: true, step: true }).extend({ payload: z.undefined().optional() }),
  revalidate: ["/setup"],
  auditTarget,
  run: async (input, { session }) => {
    await requireFederation(input.federation);
    const mode = can(session.role, "setup.run") && (await completesByCheck(db(), input.step, input.federation)) ? "run" : "verify";
    return run(mode, { federation: input.federation, step: input.step, payload: undefined }, session);
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
    await requireFederation(input.federation);
    const result = await previewStep(db(), input.step, input.payload, { email: session.email, name: session.name }, input.federation);
    if (!result.ok) throw stepFailure(result);
    const evidence: Record<string, unknown> = { changes: result.changes };
    return { data: { evidence }, audit: { target: stepTarget(input.federation, input.step) } };
  },
});

/** Creating the federation asks how it is set up (IAM Identity Center or the legacy per-account mode); changes nothing in either cloud. */
export const chooseFederationModeAction = defineAction({
  name: "setup.federation.mode",
  permission: "setup.run",
  input: z.object({
    federation: federationIdField,
    mode: z.enum(FEDERATION_MODES, { message: "choose IAM Identity Center or the legacy per-account mode" }),
  }),
  revalidate: ["/setup"],
  auditTarget: (input) => federationTarget(input.federation),
  run: async (input) => {
    // Only the first federation chooses: the others were added as legacy apps for one account each, and Identity Center is one per organization.
    if (input.federation !== DEFAULT_FEDERATION)
      throw new ActionError("An app added for another AWS account follows the legacy per-account checklist; its mode does not change.");
    const result = await chooseFederationMode(db(), DEFAULT_FEDERATION, input.mode);
    if (result.outcome === "refused") throw new ActionError(result.reason);
    const title = FEDERATION_MODE_INFO[input.mode].title;
    return {
      data: { mode: input.mode },
      message: result.outcome === "kept" ? `The federation already follows the ${title} checklist.` : `The federation follows the ${title} checklist.`,
      audit: { target: federationTarget(DEFAULT_FEDERATION), before: { mode: result.previous }, after: { mode: input.mode } },
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
  input: z.object({ federation: federationIdField }),
  run: async (input, { session }) => {
    await requireFederation(input.federation);
    return { data: await previewAutomatedSteps(db(), { email: session.email, name: session.name }, input.federation) };
  },
});

/**
 * Runs the automated steps the admin saw in the preview, in order, each its own attempt, up to the next step that
 * needs a person or the first failure. One audit row for the run (each step's record keeps its own outcome).
 */
export const runAutomatedStepsAction = defineAction({
  name: "setup.automated.run",
  permission: "setup.run",
  input: z.object({
    federation: federationIdField,
    /** The step ids of the preview the admin confirmed, comma-separated. */
    steps: z
      .string()
      .max(2_000)
      .transform((text) => text.split(",").filter(Boolean))
      .pipe(z.array(z.enum(STEP_IDS, { message: "unknown step" })).min(1, "preview the steps first")),
  }),
  revalidate: ["/setup"],
  auditTarget: automatedTarget,
  intent: (input) => ({ will: `run setup steps ${input.steps.join(", ")} in order (they change Entra or AWS), stopping at the first that fails` }),
  run: async (input, { session }) => {
    await requireFederation(input.federation);
    const before = await planAutomatedSteps(db(), input.federation);
    const result = await runAutomatedSteps(db(), { email: session.email, name: session.name }, input.steps, input.federation);
    if (result.status === "failed") throw new ActionError(result.message);
    return {
      data: { evidence: { ran: result.ran, status: result.status, at: result.at?.id ?? null } as Record<string, unknown> },
      message: result.ran.length ? `Ran ${result.ran.length} step${result.ran.length === 1 ? "" : "s"}. ${result.message}` : result.message,
      audit: {
        target: automatedTarget(input),
        before: { confirmed: input.steps, planned: before.steps.map((s) => s.id) },
        after: { ran: result.ran, status: result.status },
      },
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
  input: stepInput.pick({ federation: true, step: true }),
  auditTarget,
  run: async (input, { session }) => {
    await requireFederation(input.federation);
    return { data: await probeStep(db(), input.step, { email: session.email, name: session.name }, input.federation) };
  },
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
  input: z.object({ federation: federationIdField }),
  run: async (input, { session }) => {
    await requireFederation(input.federation);
    return { data: await watchSignInTest(db(), { email: session.email, name: session.name }, input.federation) };
  },
});

/**
 * Adds a legacy per-account app for one more AWS account (Microsoft's advice: one app per account): a new federation
 * with its own checklist, instance number, provider, roles and role-manager key. Changes nothing in Entra or AWS
 * (its steps do); refused when another federation already reaches the account.
 */
export const addLegacyFederationAction = defineAction({
  name: "setup.federation.add",
  permission: "setup.run",
  input: addLegacyFederationInput,
  revalidate: ["/setup"],
  auditTarget: (input) => `federation:legacy-${input.accountId}`,
  run: async (input) => {
    const result = await addLegacyFederation(db(), input);
    if (result.outcome === "refused") throw new ActionError(result.reason, { accountId: [result.reason] });
    return {
      data: { federationId: result.federationId },
      message:
        result.outcome === "exists"
          ? `Account ${input.accountId} already has its app (instance #${result.instance}): open its checklist.`
          : `Added the app for account ${input.accountId} (instance #${result.instance}): follow its checklist.`,
      audit: {
        target: federationTarget(result.federationId),
        after: { mode: "legacy-iam", accountId: input.accountId, assumeRoleName: input.assumeRoleName, instance: result.instance, outcome: result.outcome },
      },
    };
  },
});
