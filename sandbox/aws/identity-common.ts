import { AwsError, conflict } from "./errors";
import { UniquenessError } from "./directory";
import type { CallContext } from "./protocol-json";
import type { AwsState } from "./state";
import { PATTERNS, Validator, type Input } from "./validate";

export type Call = CallContext<AwsState>;

export const MAX_RESULTS = { min: 1, max: 100 } as const;
export const nextTokenRule = { min: 1, max: 65535, pattern: /^[-a-zA-Z0-9+=/:_]*$/, patternText: "[-a-zA-Z0-9+=/:_]*" };
export const idRule = {
  required: true,
  min: 1,
  max: 47,
  pattern: PATTERNS.resourceId,
  patternText: "^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$",
};

export type ResourceType = "USER" | "GROUP" | "IDENTITY_STORE" | "GROUP_MEMBERSHIP";

export const missing = (type: ResourceType, id: string | undefined, what: string) =>
  new AwsError("ResourceNotFoundException", `${what} not found.`, 400, { ResourceType: type, ResourceId: id ?? "" });

/** Validate IdentityStoreId, then the operation's own members; throws all violations together. */
export function open(input: Input, state: AwsState, extra?: (v: Validator) => void): Validator {
  const v = new Validator(input);
  const id = v.str("IdentityStoreId", {
    required: true,
    min: 1,
    max: 36,
    pattern: PATTERNS.identityStoreId,
    patternText: "^d-[0-9a-f]{10}$|^[0-9a-f]{8}\\b-[0-9a-f]{4}\\b-[0-9a-f]{4}\\b-[0-9a-f]{4}\\b-[0-9a-f]{12}$",
  });
  extra?.(v);
  v.done();
  if (!state.instance.enabled || id !== state.identityStoreId) throw missing("IDENTITY_STORE", id, "Identity store");
  return v;
}

/** A uniqueness clash as the Identity Store API reports it. */
export function asConflict(error: unknown): never {
  if (error instanceof UniquenessError) {
    throw conflict(`Duplicate ${error.attribute}`, { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });
  }
  throw error;
}

/** ExternalId {Issuer, Id} as the model bounds it. */
export function readExternalId(v: Validator, value: unknown, path: string): { Issuer: string; Id: string } | undefined {
  const obj = (value ?? {}) as Input;
  const issuer = obj.Issuer;
  const id = obj.Id;
  if (typeof issuer !== "string" || issuer.length < 1 || issuer.length > 100) {
    v.custom(`${path}.issuer`, issuer, "Member must have length between 1 and 100");
    return undefined;
  }
  if (typeof id !== "string" || id.length < 1 || id.length > 256) {
    v.custom(`${path}.id`, id, "Member must have length between 1 and 256");
    return undefined;
  }
  return { Issuer: issuer, Id: id };
}
