/**
 * One error type for every AWS surface. `code` is the short error name the SDK maps to its exception
 * class; the protocol layer decides how it is written (JSON `__type` + header, or query-protocol XML).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status as the real service answers (observed 400 for most JSON-1.1 client errors). */
    readonly status = 400,
    /** Extra modeled members (Reason, ResourceType, ResourceId, RetryAfterSeconds, …). */
    readonly fields: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/**
 * Coral-style validation message, as AWS front ends produce before the service code runs:
 * "2 validation errors detected: Value null at 'instanceArn' failed to satisfy constraint: …; …".
 */
export function validationError(problems: string[]): AwsError {
  const n = problems.length;
  return new AwsError("ValidationException", `${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`);
}

export const notFound = (message: string, fields: Record<string, string> = {}) => new AwsError("ResourceNotFoundException", message, 400, fields);

// Real sso-admin and identitystore answer conflicts and throttling with 400, not the modeled 409/429
// (as observed; the modeled codes are in https://docs.aws.amazon.com/singlesignon/latest/APIReference/CommonErrors.html); a client that branches on the status instead of the error name breaks here too.
export const conflict = (message: string, fields: Record<string, string> = {}) => new AwsError("ConflictException", message, 400, fields);

export const throttled = (message = "Rate exceeded") => new AwsError("ThrottlingException", message, 400, { RetryAfterSeconds: 1 });
