import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { jobPath, type JobRef } from "./provisioning-job";
import { readProvisioningSchema } from "./provisioning-schema";

export interface OnDemandStep {
  name: string;
  /** import | scoping | matching | export (values seen; others passed through). */
  type: string;
  status: string;
  description: string;
  details: Record<string, string>;
}

/**
 * What the attempt came to, for the notice's colour and the audit row: Graph's `result` alone is not enough, since
 * a step that failed (an export AWS refused) is a failure whatever the summary says.
 */
export type OnDemandOutcome = "succeeded" | "skipped" | "failed" | "unknown";

export type ProvisionOnDemandResult = {
  /** Success, Skipped (e.g. RedundantExport, NotEffectivelyEntitled) or Failure. */
  result: "Success" | "Skipped" | "Failure" | "Unknown";
  outcome: OnDemandOutcome;
  /** value.statusInfo.status as Graph sent it (success, failure, skipped, warning), when it did. */
  status: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Create, Update, Disable, Delete, Other… */
  action: string | null;
  steps: OnDemandStep[];
  targetIdentity: { id: string | null; displayName: string | null } | null;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
};

type Subject = { userId: string } | { groupId: string; memberUserIds?: string[] };

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

function parseJson(text: unknown): Json {
  if (typeof text !== "string") return {};
  try {
    return rec(JSON.parse(text));
  } catch {
    return {};
  }
}

const FAILED = /^(failure|failed|error)$/i;

/**
 * Classifies an on-demand attempt: failed when Graph's result says so, when the overall status is a failure, or
 * when any step failed; skipped and succeeded only when nothing failed; unknown when Graph said nothing usable.
 */
export function classifyOnDemand(response: Pick<ProvisionOnDemandResult, "result" | "status" | "steps">): OnDemandOutcome {
  if (response.result === "Failure" || FAILED.test(response.status ?? "") || response.steps.some((step) => FAILED.test(step.status))) return "failed";
  if (response.result === "Skipped") return "skipped";
  if (response.result === "Success") return "succeeded";
  return "unknown";
}

/** The first failed step, whose description says where and why the attempt failed. */
export const failedStepOf = (response: Pick<ProvisionOnDemandResult, "steps">): OnDemandStep | null => response.steps.find((step) => FAILED.test(step.status)) ?? null;

/**
 * The target as Entra found it before exporting, for an audit row's `before`: the portal does not read AWS first,
 * so this is Entra's own matching step (user or group found in the target, or not) and the old values Entra reports
 * in modifiedProperties, which it often leaves null. Null when Entra gave no matching step and no old value.
 */
export function targetBeforeOnDemand(response: Pick<ProvisionOnDemandResult, "steps" | "action" | "targetIdentity" | "modifiedProperties">): Record<string, unknown> | null {
  const matching = response.steps.find((step) => step.type.toLowerCase() === "matching");
  const oldValues = Object.fromEntries(response.modifiedProperties.filter((p) => p.oldValue !== null).map((p) => [p.displayName, p.oldValue]));
  const action = response.action?.toLowerCase() ?? "";
  const inTarget = action === "create" ? false : action === "update" || action === "disable" || action === "delete" ? true : null;
  if (!matching && inTarget === null && Object.keys(oldValues).length === 0) return null;
  return {
    inTarget: inTarget ?? "unknown",
    ...(inTarget && response.targetIdentity?.id ? { targetId: response.targetIdentity.id } : {}),
    ...(matching ? { matching: matching.description || matching.status } : {}),
    ...(Object.keys(oldValues).length ? { oldValues } : {}),
  };
}

/**
 * Setup's prove-user step / helpdesk "push this user now"
 * (https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-provisionondemand). Graph answers with
 * JSON *strings* in key and value; both are parsed into the step-by-step result. Limited by Graph to 5 requests
 * per 10 s.
 */
export async function provisionOnDemand(gateway: GraphGateway, input: JobRef & Subject & { ruleId?: string }): Promise<ProvisionOnDemandResult> {
  let ruleId = input.ruleId;
  if (!ruleId) {
    const schema = await readProvisioningSchema(gateway, input);
    ruleId = schema.schema.ruleId;
  }
  let subject: Json;
  if ("userId" in input) subject = { objectId: input.userId, objectTypeName: "User" };
  else {
    const members = input.memberUserIds ?? [];
    if (members.length > 5)
      throw new EntraGatewayError({
        kind: "validation",
        operation: "ProvisionOnDemand",
        message: "At most 5 group members can be provisioned on demand at once.",
      });
    subject = {
      objectId: input.groupId,
      objectTypeName: "Group",
      ...(members.length ? { links: { members: members.map((objectId) => ({ objectId, objectTypeName: "User" })) } } : {}),
    };
  }
  const raw = await callGraph<{ key?: string; value?: string }>(gateway, "ProvisionOnDemand", () =>
    gateway.api(`${jobPath(input)}/provisionOnDemand`).post({ parameters: [{ ruleId, subjects: [subject] }] }),
  );
  const key = parseJson(raw.key);
  const value = parseJson(raw.value);
  const details = rec(key.details);
  const result = str(key.result);
  const target = value.targetIdentity === null || value.targetIdentity === undefined ? null : rec(value.targetIdentity);
  const steps = (Array.isArray(value.provisioningSteps) ? value.provisioningSteps : []).map((s) => {
    const step = rec(s);
    return {
      name: str(step.name) ?? "",
      type: str(step.type) ?? str(step.provisioningStepType) ?? "",
      status: str(step.status) ?? "",
      description: str(step.description) ?? "",
      details: Object.fromEntries(Object.entries(rec(step.details)).map(([k, v]) => [k, String(v)])),
    };
  });
  const summary: Pick<ProvisionOnDemandResult, "result" | "status" | "steps"> = {
    result: result === "Success" || result === "Skipped" || result === "Failure" ? result : "Unknown",
    status: str(rec(value.statusInfo).status),
    steps,
  };
  return {
    ...summary,
    outcome: classifyOnDemand(summary),
    errorCode: str(details.errorCode) ?? str(rec(value.statusInfo).errorCode),
    errorMessage: str(details.errorMessage) ?? str(rec(value.statusInfo).reason),
    action: str(value.action),
    targetIdentity: target ? { id: str(target.id), displayName: str(target.displayName) } : null,
    modifiedProperties: (Array.isArray(value.modifiedProperties) ? value.modifiedProperties : []).map((p) => {
      const m = rec(p);
      return { displayName: str(m.displayName) ?? "", oldValue: str(m.oldValue), newValue: str(m.newValue) };
    }),
  };
}
