import { randomUUID } from "node:crypto";
import { AwsError } from "./errors";
import { epoch, type JsonService } from "./protocol-json";
import type { AwsState } from "./state";
import type { Input } from "./validate";

/**
 * CloudTrail event history (LookupEvents) for the management events the sandbox writes: sign-ins (IAM Identity
 * Center's, STS AssumeRoleWithSAML) and the write calls of Identity Center, the Identity Store and IAM
 * (management-trail.ts). API model: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * (awsJson1_1, target CloudTrail_20131101.LookupEvents).
 */

/** One management event as CloudTrail stores it; `detail` is the record serialised into CloudTrailEvent. */
export interface CloudTrailRecord {
  eventId: string;
  /** The account whose event history holds the event (recipientAccountId). */
  accountId: string;
  eventName: string;
  eventSource: string;
  eventTime: number;
  region: string;
  readOnly: boolean;
  username: string | null;
  accessKeyId: string | null;
  resources: { ResourceType: string; ResourceName: string }[];
  detail: Record<string, unknown>;
}

/** Event history covers the last 90 days (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html). */
const HISTORY_MS = 90 * 86400_000;
const MAX_RESULTS = 50;
const ATTRIBUTE_KEYS = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"] as const;

export interface CloudTrailInput {
  /** The account the event is written in; the management account unless said (a member account's STS calls). */
  accountId?: string;
  /** The Region whose event history holds it; the instance Region unless said (a global service's us-east-1). */
  region?: string;
  eventName: string;
  eventSource: string;
  eventType: string;
  eventTime: number;
  username?: string | null;
  /** The caller's access key id (LookupEvents' AccessKeyId attribute). */
  accessKeyId?: string | null;
  readOnly?: boolean;
  userIdentity: Record<string, unknown>;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  serviceEventDetails?: Record<string, unknown>;
  resources?: { ResourceType: string; ResourceName: string }[];
}

/**
 * Writes one management event into the account's event history in the instance Region, in the CloudTrail
 * record format (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Used by the sign-ins and by every trailed write call (management-trail.ts).
 */
export function recordCloudTrailEvent(state: AwsState, input: CloudTrailInput): CloudTrailRecord {
  const eventId = randomUUID();
  const accountId = input.accountId ?? state.accountId;
  const region = input.region ?? state.region;
  const detail: Record<string, unknown> = {
    eventVersion: "1.08",
    userIdentity: input.userIdentity,
    eventTime: new Date(input.eventTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: input.eventSource,
    eventName: input.eventName,
    awsRegion: region,
    sourceIPAddress: input.sourceIPAddress ?? "127.0.0.1",
    userAgent: input.userAgent ?? "Mozilla/5.0 (sandbox)",
    ...(input.errorCode ? { errorCode: input.errorCode } : {}),
    ...(input.errorMessage ? { errorMessage: input.errorMessage } : {}),
    requestParameters: input.requestParameters ?? null,
    responseElements: input.responseElements ?? null,
    ...(input.additionalEventData ? { additionalEventData: input.additionalEventData } : {}),
    ...(input.serviceEventDetails ? { serviceEventDetails: input.serviceEventDetails } : {}),
    requestID: randomUUID(),
    eventID: eventId,
    readOnly: input.readOnly ?? false,
    eventType: input.eventType,
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: "Management",
  };
  const record: CloudTrailRecord = {
    eventId,
    accountId,
    eventName: input.eventName,
    eventSource: input.eventSource,
    eventTime: input.eventTime,
    region,
    readOnly: input.readOnly ?? false,
    username: input.username ?? null,
    accessKeyId: input.accessKeyId || null,
    resources: input.resources ?? [],
    detail,
  };
  state.cloudTrail.push(record);
  return record;
}

function attributeValue(e: CloudTrailRecord, key: (typeof ATTRIBUTE_KEYS)[number]): string[] {
  switch (key) {
    case "EventId":
      return [e.eventId];
    case "EventName":
      return [e.eventName];
    case "ReadOnly":
      return [String(e.readOnly)];
    case "Username":
      return e.username ? [e.username] : [];
    case "ResourceType":
      return e.resources.map((r) => r.ResourceType);
    case "ResourceName":
      return e.resources.map((r) => r.ResourceName);
    case "EventSource":
      return [e.eventSource];
    case "AccessKeyId":
      return e.accessKeyId ? [e.accessKeyId] : [];
  }
}

const invalid = (code: string, message: string) => new AwsError(code, message, 400);

function timestamp(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  // The JSON 1.1 codec sends epoch seconds (fractional); ISO strings are accepted like the service does.
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new AwsError("SerializationException", `Cannot deserialize ${field}.`, 400);
  return ms;
}

/** The NextToken names the parameters it was issued for: "valid only with identical parameters". */
function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64");
}

function decodeToken(token: string, fingerprint: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { o?: unknown; f?: unknown };
    if (typeof parsed.o === "number" && parsed.f === fingerprint) return parsed.o;
  } catch {
    // fall through
  }
  throw invalid("InvalidNextTokenException", "Invalid NextToken: the token is not valid for these parameters.");
}

/** Region of the call from the SigV4 credential scope (CloudTrail event history is per Region). */
export function callRegion(authorization: string | undefined, fallback: string): string {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? "");
  return m?.[1] ?? fallback;
}

function lookupEvents(input: Input, scope: CloudTrailScope, now: number) {
  const state = scope.aws;
  const attributes = input.LookupAttributes;
  let filter: ((e: CloudTrailRecord) => boolean) | undefined;
  if (attributes !== undefined && attributes !== null) {
    if (!Array.isArray(attributes)) throw new AwsError("SerializationException", "LookupAttributes must be a list.", 400);
    // "Currently the list can contain only one item" (API_LookupEvents.html#awscloudtrail-LookupEvents-request-LookupAttributes).
    if (attributes.length > 1) throw invalid("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.");
    const [attr] = attributes as Record<string, unknown>[];
    if (attr) {
      const key = attr.AttributeKey;
      const value = attr.AttributeValue;
      if (typeof key !== "string" || !(ATTRIBUTE_KEYS as readonly string[]).includes(key))
        throw invalid("InvalidLookupAttributesException", `Invalid AttributeKey: ${String(key)}. Valid keys are ${ATTRIBUTE_KEYS.join(", ")}.`);
      if (typeof value !== "string" || value.length < 1 || value.length > 2000) throw invalid("InvalidLookupAttributesException", "AttributeValue must be between 1 and 2000 characters.");
      filter = (e) => attributeValue(e, key as (typeof ATTRIBUTE_KEYS)[number]).includes(value);
    }
  }
  if (input.EventCategory !== undefined && input.EventCategory !== "insight") throw invalid("InvalidEventCategoryException", "EventCategory must be insight.");
  const start = timestamp(input.StartTime, "StartTime");
  const end = timestamp(input.EndTime, "EndTime");
  if (start !== undefined && end !== undefined && start > end) throw invalid("InvalidTimeRangeException", "Start time must be earlier than end time.");
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS))
    throw invalid("InvalidMaxResultsException", `MaxResults must be between 1 and ${MAX_RESULTS}.`);
  const pageSize = typeof max === "number" ? max : MAX_RESULTS;
  const fingerprint = JSON.stringify([attributes ?? null, start ?? null, end ?? null, input.EventCategory ?? null]);
  const offset = typeof input.NextToken === "string" ? decodeToken(input.NextToken, fingerprint) : 0;
  // Insights events are not emulated: an insight lookup finds none.
  const matches =
    input.EventCategory === "insight"
      ? []
      : state.cloudTrail
          .filter((e) => e.accountId === scope.accountId && e.region === scope.region && e.eventTime > now - HISTORY_MS && e.eventTime <= now)
          .filter((e) => (start === undefined || e.eventTime >= start) && (end === undefined || e.eventTime <= end))
          .filter((e) => !filter || filter(e))
          .reverse();
  const slice = matches.slice(offset, offset + pageSize);
  return {
    Events: slice.map((e) => ({
      EventId: e.eventId,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly),
      ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
      EventTime: epoch(e.eventTime),
      EventSource: e.eventSource,
      ...(e.username ? { Username: e.username } : {}),
      Resources: e.resources,
      CloudTrailEvent: JSON.stringify(e.detail),
    })),
    ...(offset + pageSize < matches.length ? { NextToken: encodeToken(offset + pageSize, fingerprint) } : {}),
  };
}

/** What a CloudTrail call is served from: the account's state and the Region the request was signed for. */
export interface CloudTrailScope {
  aws: AwsState;
  /** The caller's account: each account has its own event history. */
  accountId: string;
  region: string;
}

export const cloudTrailService: JsonService<CloudTrailScope> = {
  targetPrefix: "CloudTrail_20131101",
  namespace: "com.amazonaws.cloudtrail.v20131101",
  operations: {
    LookupEvents: (input, call) => lookupEvents(input, call.state, call.now),
  },
};
