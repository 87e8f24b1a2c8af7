import { AwsError } from "./errors";
import type { QueryCall, XmlValue } from "./protocol-query";
import type { AwsState } from "./state";
import { Validator, type Input } from "./validate";

export type IamCall = QueryCall<AwsState>;
export type IamResult = { [key: string]: XmlValue } | undefined;

export const NAME = { min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, patternText: "[\\w+=,.@-]+" };
export const PATH = { min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/, patternText: "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)" };
export const POLICY_ARN = { required: true, min: 20, max: 2048 };

/** IAM's validation errors use the query code ValidationError with the same Coral wording. */
const validation = (problems: string[]) =>
  new AwsError("ValidationError", `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: ${problems.join("; ")}`);

/** A Validator over the form fields; integers are converted so the shared rules apply. */
export function formValidator(params: URLSearchParams, integers: string[] = []): Validator {
  const input: Input = {};
  for (const [k, v] of params) input[k] = integers.includes(k) && /^-?\d+$/.test(v) ? Number(v) : v;
  return new Validator(input, validation);
}

export const noSuchEntity = (message: string) => new AwsError("NoSuchEntity", message, 404);
export const alreadyExists = (message: string) => new AwsError("EntityAlreadyExists", message, 409);
export const deleteConflict = (message: string) => new AwsError("DeleteConflict", message, 409);
export const invalidMarker = () => new AwsError("ValidationError", "Invalid Marker.");
export const fold = (s: string) => s.toLowerCase();
