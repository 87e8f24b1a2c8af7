import { validationError, type AwsError } from "./errors";

/** A JSON request body after the protocol layer checked it is an object. */
export type Input = Record<string, unknown>;

interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** How the pattern is quoted in the message (AWS quotes the model regex). */
  patternText?: string;
  oneOf?: readonly string[];
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const shown = (v: unknown) => (typeof v === "string" ? `'${v}'` : v === undefined || v === null ? "null" : `'${JSON.stringify(v)}'`);

/**
 * Collects every constraint violation of one request, then throws them together the way AWS does
 * (all problems in one ValidationException, member names in lowerCamelCase).
 */
export class Validator {
  private readonly problems: string[] = [];

  constructor(
    private readonly input: Input,
    private readonly make: (problems: string[]) => AwsError = validationError,
  ) {}

  private fail(field: string, value: unknown, constraint: string) {
    this.problems.push(`Value ${shown(value)} at '${lowerFirst(field)}' failed to satisfy constraint: ${constraint}`);
  }

  str(field: string, rule: StringRule = {}): string | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(field, value, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "string") {
      this.fail(field, value, "Member must be a string");
      return undefined;
    }
    const len = [...value].length;
    if (rule.min !== undefined && len < rule.min) this.fail(field, value, `Member must have length greater than or equal to ${rule.min}`);
    else if (rule.max !== undefined && len > rule.max) this.fail(field, value, `Member must have length less than or equal to ${rule.max}`);
    else if (rule.pattern && !rule.pattern.test(value))
      this.fail(field, value, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
    else if (rule.oneOf && !rule.oneOf.includes(value)) this.fail(field, value, `Member must satisfy enum value set: [${rule.oneOf.join(", ")}]`);
    else return value;
    return undefined;
  }

  int(field: string, rule: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(field, value, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(field, value, "Member must be an integer");
      return undefined;
    }
    if (rule.min !== undefined && value < rule.min) this.fail(field, value, `Member must have value greater than or equal to ${rule.min}`);
    else if (rule.max !== undefined && value > rule.max) this.fail(field, value, `Member must have value less than or equal to ${rule.max}`);
    else return value;
    return undefined;
  }

  obj(field: string, required = false): Input | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (required) this.fail(field, value, "Member must not be null");
      return undefined;
    }
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(field, value, "Member must be a structure");
      return undefined;
    }
    return value as Input;
  }

  list(field: string, rule: { required?: boolean; min?: number; max?: number } = {}): unknown[] | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(field, value, "Member must not be null");
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.fail(field, value, "Member must be a list");
      return undefined;
    }
    if (rule.min !== undefined && value.length < rule.min) this.fail(field, value, `Member must have length greater than or equal to ${rule.min}`);
    else if (rule.max !== undefined && value.length > rule.max) this.fail(field, value, `Member must have length less than or equal to ${rule.max}`);
    else return value;
    return undefined;
  }

  /** A nested member's problem, reported with its dotted path (e.g. "alternateIdentifier.uniqueAttribute"). */
  custom(path: string, value: unknown, constraint: string) {
    this.problems.push(`Value ${shown(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  done(): void {
    if (this.problems.length) throw this.make(this.problems);
  }
}

/** The shared model patterns (the sso-admin and identitystore API references: https://docs.aws.amazon.com/singlesignon/latest/APIReference/ and https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/). */
export const PATTERNS = {
  instanceArn: /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
  permissionSetArn: /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/,
  permissionSetName: /^[\w+=,.@-]+$/,
  description: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/,
  relayState: /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]+$/,
  sessionDuration: /^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/,
  accountId: /^\d{12}$/,
  principalId: /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/,
  managedPolicyArn: /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy\/[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]+$/u,
  identityStoreId: /^(d-[0-9a-f]{10}|[0-9a-f]{8}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{12})$/,
  resourceId: /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/,
  uuid: /^\b[0-9a-f]{8}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{4}\b-[0-9a-f]{12}\b$/,
  nextToken: /^[-a-zA-Z0-9+=/_]*$/,
} as const;
