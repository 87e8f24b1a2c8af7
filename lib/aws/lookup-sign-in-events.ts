import "server-only";
import { paginateLookupEvents, type CloudTrailClient, type Event as CloudTrailEvent, type LookupAttribute } from "@aws-sdk/client-cloudtrail";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

/**
 * IAM Identity Center's sign-in events for an external IdP (https://docs.aws.amazon.com/singlesignon/latest/userguide/understanding-sign-in-events.html):
 * UserAuthentication is the only success event, ExternalIdPDirectoryLogin the failure AWS's troubleshooting page filters on
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html).
 */
export const SIGN_IN_EVENT_NAMES = ["UserAuthentication", "ExternalIdPDirectoryLogin"] as const;
const SIGN_IN_EVENT_SOURCE = "signin.amazonaws.com";

export interface AwsSignInEvent {
  eventId: string;
  eventName: string;
  eventTime: string;
  outcome: "success" | "failure";
  /** The assertion's NameID as AWS read it (additionalEventData.UserName), or the event's Username. */
  userName: string | null;
  /** The Identity Store user id (userIdentity.onBehalfOf.userId, since July 2025). */
  userId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** AssumeRoleWithSAML only: the role asked for (requestParameters.roleArn). */
  roleArn?: string | null;
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

function parse(text: string | undefined): Json {
  if (!text) return {};
  try {
    return rec(JSON.parse(text));
  } catch {
    return {};
  }
}

/** One LookupEvents row as a sign-in event; null for events that are not sign-ins. */
export function signInEventOf(event: CloudTrailEvent): AwsSignInEvent | null {
  const name = event.EventName ?? "";
  if (!(SIGN_IN_EVENT_NAMES as readonly string[]).includes(name)) return null;
  const body = parse(event.CloudTrailEvent);
  const extra = rec(body.additionalEventData);
  const identity = rec(body.userIdentity);
  const onBehalfOf = rec(identity.onBehalfOf);
  const service = rec(body.serviceEventDetails);
  const response = rec(body.responseElements);
  const failed =
    name === "ExternalIdPDirectoryLogin"
      ? str(response.ExternalIdPDirectoryLogin) !== "Success"
      : str(service.UserAuthentication) === "Failure" || Boolean(str(body.errorCode) ?? str(body.errorMessage));
  return {
    eventId: event.EventId ?? str(body.eventID) ?? "",
    eventName: name,
    eventTime: (event.EventTime ?? (str(body.eventTime) ? new Date(String(body.eventTime)) : new Date(0))).toISOString(),
    outcome: failed ? "failure" : "success",
    userName: str(extra.UserName) ?? str(identity.userName) ?? event.Username ?? null,
    userId: str(onBehalfOf.userId) ?? null,
    errorCode: str(body.errorCode),
    errorMessage: str(body.errorMessage),
  };
}

/**
 * Identity Center sign-in events between two instants, newest first (LookupEvents,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html). LookupAttributes takes one
 * attribute, so the event source is filtered by CloudTrail and the event names here: one request covers both names.
 * CloudTrail allows 2 requests per second per account and Region, so at most `maxPages` pages are read.
 */
export function lookupSignInEvents(
  clients: AwsClients,
  range: { from: Date; to?: Date },
  options: { maxPages?: number; pageSize?: number } = {},
): Promise<{ events: AwsSignInEvent[]; truncated: boolean }> {
  return lookup(clients.cloudtrail, { AttributeKey: "EventSource", AttributeValue: SIGN_IN_EVENT_SOURCE }, signInEventOf, range, options);
}

/**
 * One AssumeRoleWithSAML event (the legacy per-account sign-in: the console's https://signin.aws.amazon.com/saml
 * calls it) as a sign-in event: userIdentity is a SAMLUser whose userName is the assertion's Subject (NameID), and
 * errorCode/errorMessage say why STS refused it (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html).
 */
export function assumeRoleEventOf(event: CloudTrailEvent): AwsSignInEvent | null {
  if (event.EventName !== "AssumeRoleWithSAML") return null;
  const body = parse(event.CloudTrailEvent);
  const identity = rec(body.userIdentity);
  const request = rec(body.requestParameters);
  const errorCode = str(body.errorCode);
  const errorMessage = str(body.errorMessage);
  return {
    eventId: event.EventId ?? str(body.eventID) ?? "",
    eventName: "AssumeRoleWithSAML",
    eventTime: (event.EventTime ?? (str(body.eventTime) ? new Date(String(body.eventTime)) : new Date(0))).toISOString(),
    outcome: errorCode || errorMessage ? "failure" : "success",
    userName: str(identity.userName) ?? event.Username ?? null,
    userId: null,
    errorCode,
    errorMessage,
    roleArn: str(request.roleArn),
  };
}

/** AssumeRoleWithSAML events in one account (the client's) between two instants, newest first; one page unless asked. */
export function lookupAssumeRoleWithSamlEvents(
  cloudtrail: CloudTrailClient,
  range: { from: Date; to?: Date },
  options: { maxPages?: number; pageSize?: number } = {},
): Promise<{ events: AwsSignInEvent[]; truncated: boolean }> {
  return lookup(cloudtrail, { AttributeKey: "EventName", AttributeValue: "AssumeRoleWithSAML" }, assumeRoleEventOf, range, options);
}

async function lookup(
  cloudtrail: CloudTrailClient,
  attribute: LookupAttribute,
  parseEvent: (event: CloudTrailEvent) => AwsSignInEvent | null,
  range: { from: Date; to?: Date },
  options: { maxPages?: number; pageSize?: number },
): Promise<{ events: AwsSignInEvent[]; truncated: boolean }> {
  const maxPages = options.maxPages ?? 1;
  const paginator = paginateLookupEvents(
    { client: cloudtrail, pageSize: options.pageSize ?? 50 },
    { LookupAttributes: [attribute], StartTime: range.from, EndTime: range.to ?? new Date() },
  );
  const events: AwsSignInEvent[] = [];
  let pages = 0;
  for await (const page of pagesOf("LookupEvents", paginator)) {
    pages++;
    for (const e of page.Events ?? []) {
      const event = parseEvent(e);
      if (event) events.push(event);
    }
    if (pages >= maxPages) return { events: sortNewestFirst(events), truncated: Boolean(page.NextToken) };
  }
  return { events: sortNewestFirst(events), truncated: false };
}

const sortNewestFirst = (events: AwsSignInEvent[]) => events.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));

/** The events that belong to one person: by Identity Store user id when AWS recorded it, else by userName (the NameID). */
export function eventsForUser(events: AwsSignInEvent[], user: { userName: string; userId?: string | null }): AwsSignInEvent[] {
  const name = user.userName.toLowerCase();
  return events.filter((e) => (user.userId && e.userId === user.userId) || (e.userName !== null && e.userName.toLowerCase() === name));
}
