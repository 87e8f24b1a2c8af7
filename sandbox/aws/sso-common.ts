import { AwsError, notFound } from "./errors";
import type { CallContext } from "./protocol-json";
import type { PermissionSet } from "./sso-state";
import type { AwsState } from "./state";
import { PATTERNS, Validator, type Input } from "./validate";

export type Call = CallContext<AwsState>;

export const MAX_RESULTS = { min: 1, max: 100 } as const;

export const instanceArnRule = {
  required: true,
  min: 10,
  max: 1224,
  pattern: PATTERNS.instanceArn,
  patternText: "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}",
};
export const permissionSetArnRule = {
  required: true,
  min: 10,
  max: 1224,
  pattern: PATTERNS.permissionSetArn,
  patternText: "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}",
};
export const accountIdRule = { required: true, min: 12, max: 12, pattern: PATTERNS.accountId, patternText: "\\d{12}" };
export const nextTokenRule = { max: 2048, pattern: PATTERNS.nextToken, patternText: "[-a-zA-Z0-9+=/_]*" };

/** The organization instance, once enabled in the console; other ARNs of valid shape do not exist. */
export function requireInstance(state: AwsState, arn: string | undefined): void {
  if (arn === undefined) return;
  if (!state.instance.enabled || arn !== state.instanceArn) throw notFound(`Instance ${arn} does not exist.`);
}

export function requirePermissionSet(state: AwsState, arn: string | undefined): PermissionSet {
  const ps = arn === undefined ? undefined : state.sso.permissionSets.get(arn);
  if (!ps) throw notFound(`Could not find PermissionSet with PermissionSetArn ${arn ?? "null"}.`);
  return ps;
}

/** Validate InstanceArn (+ optional paging members) in one go; throws every violation together. */
export function start(input: Input, state: AwsState, extra?: (v: Validator) => void): { v: Validator; instanceArn: string } {
  const v = new Validator(input);
  const instanceArn = v.str("InstanceArn", instanceArnRule);
  extra?.(v);
  v.done();
  requireInstance(state, instanceArn);
  return { v, instanceArn: instanceArn ?? "" };
}

export const serviceQuota = (message: string) => new AwsError("ServiceQuotaExceededException", message, 400);
