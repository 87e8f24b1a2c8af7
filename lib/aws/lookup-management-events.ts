import "server-only";
import { paginateLookupEvents, type CloudTrailClient, type Event as CloudTrailEvent } from "@aws-sdk/client-cloudtrail";
import { pacedPagesOf } from "./pace";

/**
 * Who changed what in AWS, from CloudTrail's event history (LookupEvents,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html): the write events
 * (ReadOnly false) that name one resource, or carry one event name, between two instants. The record's userIdentity names the caller
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 */
export interface ManagementEvent {
  eventId: string;
  eventName: string;
  eventSource: string;
  eventTime: string;
  /** The caller's ARN (an IAM user, an assumed-role session, the root user). */
  arn: string | null;
  /** For a role session, the role that issued it (userIdentity.sessionContext.sessionIssuer.arn). */
  issuerArn: string | null;
  accessKeyId: string | null;
  errorCode: string | null;
  requestParameters: Record<string, unknown>;
  /** What the call answered, where CloudTrail records it (a create's new id: CreateGroupMembership's membershipId). */
  responseElements: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

export function managementEventOf(event: CloudTrailEvent): ManagementEvent {
  let body: Json = {};
  try {
    body = rec(JSON.parse(event.CloudTrailEvent ?? "{}"));
  } catch {
    // An unreadable record still has its summary fields.
  }
  const identity = rec(body.userIdentity);
  return {
    eventId: event.EventId ?? str(body.eventID) ?? "",
    eventName: event.EventName ?? str(body.eventName) ?? "",
    eventSource: event.EventSource ?? str(body.eventSource) ?? "",
    eventTime: (event.EventTime ?? new Date(str(body.eventTime) ?? 0)).toISOString(),
    arn: str(identity.arn),
    issuerArn: str(rec(rec(identity.sessionContext).sessionIssuer).arn),
    accessKeyId: str(identity.accessKeyId) ?? event.AccessKeyId ?? null,
    errorCode: str(body.errorCode),
    requestParameters: rec(body.requestParameters),
    responseElements: rec(body.responseElements),
  };
}

/** CloudTrail answers LookupEvents at 2 requests per second per account and Region, not adjustable (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html). */
export const LOOKUP_EVENTS_PER_SECOND = 2;

/** Event history reaches back 90 days (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html). */
export const EVENT_HISTORY_DAYS = 90;

/** One LookupEvents attribute: the events naming a resource, or the events of one API call. */
export type LookupAttribute = { key: "ResourceName" | "EventName"; value: string };

/**
 * The successful write events matching `attribute` between `from` and `to`, newest first, through the SDK's paginator
 * with a pacer slot before every page (share one pacer across lookups so together they keep under the limit). At
 * most `maxPages` pages of 50: `truncated` says there was more.
 */
export async function lookupWriteEvents(
  cloudtrail: CloudTrailClient,
  attribute: LookupAttribute,
  range: { from: Date; to: Date },
  pace: () => Promise<void>,
  options: { maxPages?: number } = {},
): Promise<{ events: ManagementEvent[]; truncated: boolean }> {
  const maxPages = options.maxPages ?? 4;
  const paginator = paginateLookupEvents(
    { client: cloudtrail, pageSize: 50 },
    { LookupAttributes: [{ AttributeKey: attribute.key, AttributeValue: attribute.value }], StartTime: range.from, EndTime: range.to },
  );
  const events: ManagementEvent[] = [];
  let pages = 0;
  for await (const page of pacedPagesOf("LookupEvents", paginator, pace)) {
    pages++;
    for (const raw of page.Events ?? []) {
      if (raw.ReadOnly === "true") continue;
      const event = managementEventOf(raw);
      if (!event.errorCode) events.push(event);
    }
    if (pages >= maxPages) return { events: newestFirst(events), truncated: Boolean(page.NextToken) };
  }
  return { events: newestFirst(events), truncated: false };
}

const newestFirst = (events: ManagementEvent[]) => events.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));
