import { randomBytes } from "node:crypto";
import { AwsError, conflict, notFound, validationError } from "./errors";
import { epoch, type Handler } from "./protocol-json";
import { page } from "./paging";
import { MANAGED_POLICIES } from "./managed-policies";
import { MAX_RESULTS, nextTokenRule, permissionSetArnRule, requirePermissionSet, serviceQuota, start, type Call } from "./sso-common";
import { pendingFor, type PermissionSet } from "./sso-state";
import type { AwsState } from "./state";
import { PATTERNS, type Input, type Validator } from "./validate";

const MAX_PERMISSION_SETS = 2000;
const MAX_MANAGED_POLICIES = 20;

const nameRule = { required: true, min: 1, max: 32, pattern: PATTERNS.permissionSetName, patternText: "[\\w+=,.@-]+" };
const descriptionRule = { min: 1, max: 700, pattern: PATTERNS.description, patternText: "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*" };
const sessionRule = {
  min: 1,
  max: 100,
  pattern: PATTERNS.sessionDuration,
  patternText: "^(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$",
};
const relayRule = { min: 1, max: 240, pattern: PATTERNS.relayState, patternText: "[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_'\"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+" };
const policyArnRule = {
  required: true,
  min: 20,
  max: 2048,
  pattern: PATTERNS.managedPolicyArn,
  patternText: "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy/[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]+",
};

/** Seconds in an ISO-8601 duration of the shapes the model pattern allows (no years or months here). */
function durationSeconds(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/**
 * Permission sets become IAM roles whose MaxSessionDuration is 1–12 h, so anything outside is refused
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html; the exact message is unconfirmed, the refusal is the strict choice).
 */
function checkSessionRange(value: string | undefined) {
  if (value === undefined) return;
  const seconds = durationSeconds(value);
  if (seconds === undefined || seconds < 3600 || seconds > 43200) {
    throw validationError([`Value '${value}' at 'sessionDuration' failed to satisfy constraint: Member must be between PT1H and PT12H`]);
  }
}

export const permissionSetOut = (ps: PermissionSet) => ({
  Name: ps.name,
  PermissionSetArn: ps.arn,
  Description: ps.description,
  CreatedDate: epoch(ps.createdAt),
  SessionDuration: ps.sessionDuration,
  RelayState: ps.relayState,
});

/** A provisioning in flight locks the permission set against changes (terraform-provider-aws#26757). */
function refuseWhileProvisioning(state: AwsState, ps: PermissionSet) {
  if (pendingFor(state.sso, ps.arn).some((op) => op.kind === "PROVISION")) {
    throw conflict(`Could not complete the operation because a provisioning operation is in progress for permission set ${ps.arn}. Try again later.`);
  }
}

function readTags(v: Validator): { Key: string; Value: string }[] {
  const list = v.list("Tags", { max: 75 }) ?? [];
  return list.flatMap((t, i) => {
    const tag = (t ?? {}) as Input;
    const key = tag.Key;
    const value = tag.Value;
    if (typeof key !== "string" || key.length < 1 || key.length > 128) {
      v.custom(`tags.${i + 1}.member.key`, key, "Member must have length between 1 and 128");
      return [];
    }
    if (typeof value !== "string" || value.length > 256) {
      v.custom(`tags.${i + 1}.member.value`, value, "Member must have length less than or equal to 256");
      return [];
    }
    return [{ Key: key, Value: value }];
  });
}

const CreatePermissionSet: Handler<AwsState> = (input, { state, now }: Call) => {
  let name: string | undefined;
  let description: string | undefined;
  let session: string | undefined;
  let relay: string | undefined;
  let tags: { Key: string; Value: string }[] = [];
  const { instanceArn } = start(input, state, (v) => {
    name = v.str("Name", nameRule);
    description = v.str("Description", descriptionRule);
    session = v.str("SessionDuration", sessionRule);
    relay = v.str("RelayState", relayRule);
    tags = readTags(v);
  });
  checkSessionRange(session);
  const sso = state.sso;
  if ([...sso.permissionSets.values()].some((ps) => ps.name === name)) throw conflict(`PermissionSet with name ${name ?? ""} already exists.`);
  if (sso.permissionSets.size >= MAX_PERMISSION_SETS)
    throw serviceQuota(`You have exceeded the maximum number of permission sets (${MAX_PERMISSION_SETS}) for this instance.`);
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf("/") + 1);
  const arn = `arn:aws:sso:::permissionSet/${instanceId}/ps-${randomBytes(8).toString("hex")}`;
  const ps: PermissionSet = {
    arn,
    name: name ?? "",
    description,
    sessionDuration: session ?? "PT1H",
    relayState: relay,
    createdAt: now,
    tags,
    managedPolicies: [],
    version: 1,
  };
  sso.permissionSets.set(arn, ps);
  return { PermissionSet: permissionSetOut(ps) };
};

const DescribePermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  start(input, state, (v) => (arn = v.str("PermissionSetArn", permissionSetArnRule)));
  return { PermissionSet: permissionSetOut(requirePermissionSet(state, arn)) };
};

const ListPermissionSets: Handler<AwsState> = (input, { state }: Call) => {
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  const arns = [...state.sso.permissionSets.keys()];
  const p = page(arns, { scope: "ListPermissionSets", nextToken: token, maxResults: max, defaultSize: 100 });
  return { PermissionSets: p.items, NextToken: p.nextToken };
};

const UpdatePermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  let description: string | undefined;
  let session: string | undefined;
  let relay: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    description = v.str("Description", descriptionRule);
    session = v.str("SessionDuration", sessionRule);
    relay = v.str("RelayState", relayRule);
  });
  checkSessionRange(session);
  const ps = requirePermissionSet(state, arn);
  refuseWhileProvisioning(state, ps);
  if (description !== undefined) ps.description = description;
  if (session !== undefined) ps.sessionDuration = session;
  if (relay !== undefined) ps.relayState = relay;
  ps.version += 1;
  return {};
};

const DeletePermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  start(input, state, (v) => (arn = v.str("PermissionSetArn", permissionSetArnRule)));
  const ps = requirePermissionSet(state, arn);
  if (pendingFor(state.sso, ps.arn).length)
    throw conflict(`Could not delete permission set ${ps.arn} because operations on it are in progress. Try again later.`);
  if ([...state.sso.assignments.values()].some((a) => a.permissionSetArn === ps.arn)) {
    throw conflict(`Could not delete permission set ${ps.arn} because it is assigned to accounts. Delete its account assignments first.`);
  }
  state.sso.permissionSets.delete(ps.arn);
  for (const key of [...state.sso.provisioned.keys()]) if (key.startsWith(`${ps.arn}|`)) state.sso.provisioned.delete(key);
  return {};
};

function policyCall(input: Input, state: AwsState) {
  let arn: string | undefined;
  let policyArn: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    policyArn = v.str("ManagedPolicyArn", policyArnRule);
  });
  return { ps: requirePermissionSet(state, arn), policyArn: policyArn ?? "" };
}

const AttachManagedPolicyToPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  const { ps, policyArn } = policyCall(input, state);
  if (!MANAGED_POLICIES.has(policyArn)) throw notFound(`Policy ${policyArn} does not exist or is not attachable.`);
  refuseWhileProvisioning(state, ps);
  if (ps.managedPolicies.includes(policyArn)) throw conflict(`Managed policy ${policyArn} is already attached to permission set ${ps.arn}.`);
  if (ps.managedPolicies.length >= MAX_MANAGED_POLICIES)
    throw serviceQuota(`You have exceeded the maximum number of managed policies (${MAX_MANAGED_POLICIES}) for a permission set.`);
  ps.managedPolicies.push(policyArn);
  ps.version += 1;
  return {};
};

const DetachManagedPolicyFromPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  const { ps, policyArn } = policyCall(input, state);
  refuseWhileProvisioning(state, ps);
  if (!ps.managedPolicies.includes(policyArn)) throw notFound(`Managed policy ${policyArn} is not attached to permission set ${ps.arn}.`);
  ps.managedPolicies = ps.managedPolicies.filter((p) => p !== policyArn);
  ps.version += 1;
  return {};
};

const ListManagedPoliciesInPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  const ps = requirePermissionSet(state, arn);
  const p = page(ps.managedPolicies, { scope: `ListManagedPolicies|${ps.arn}`, nextToken: token, maxResults: max, defaultSize: 100 });
  return {
    AttachedManagedPolicies: p.items.map((a) => ({ Arn: a, Name: MANAGED_POLICIES.get(a)?.name ?? a.slice(a.lastIndexOf("/") + 1) })),
    NextToken: p.nextToken,
  };
};

const PutInlinePolicyToPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  let doc: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    doc = v.str("InlinePolicy", { required: true, min: 1, max: 32768 });
  });
  const ps = requirePermissionSet(state, arn);
  refuseWhileProvisioning(state, ps);
  try {
    JSON.parse(doc ?? "");
  } catch {
    throw new AwsError("ValidationException", "The inline policy is not valid JSON.");
  }
  ps.inlinePolicy = doc;
  ps.version += 1;
  return {};
};

const GetInlinePolicyForPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  start(input, state, (v) => (arn = v.str("PermissionSetArn", permissionSetArnRule)));
  return { InlinePolicy: requirePermissionSet(state, arn).inlinePolicy ?? "" };
};

const DeleteInlinePolicyFromPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  start(input, state, (v) => (arn = v.str("PermissionSetArn", permissionSetArnRule)));
  const ps = requirePermissionSet(state, arn);
  refuseWhileProvisioning(state, ps);
  if (ps.inlinePolicy !== undefined) {
    ps.inlinePolicy = undefined;
    ps.version += 1;
  }
  return {};
};

export const permissionSetOperations: Record<string, Handler<AwsState>> = {
  CreatePermissionSet,
  DescribePermissionSet,
  ListPermissionSets,
  UpdatePermissionSet,
  DeletePermissionSet,
  AttachManagedPolicyToPermissionSet,
  DetachManagedPolicyFromPermissionSet,
  ListManagedPoliciesInPermissionSet,
  PutInlinePolicyToPermissionSet,
  GetInlinePolicyForPermissionSet,
  DeleteInlinePolicyFromPermissionSet,
};
