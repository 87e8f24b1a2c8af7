import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { diffChange } from "../audit/diff";
import { callAws } from "../aws/call";
import { createAwsClients, resolveAwsTarget, type AwsClients } from "../aws/clients";
import { isAwsGatewayError } from "../aws/errors";
import { EVENT_HISTORY_DAYS, LOOKUP_EVENTS_PER_SECOND, lookupWriteEvents, type ManagementEvent } from "../aws/lookup-management-events";
import { getUserIdByUserName } from "../aws/find-user-by-user-name";
import { createPacer } from "../aws/pace";
import { env } from "../config/env";
import type { Database } from "../db";
import type { GraphGateway } from "../entra/client";
import { entraGatewayFor } from "../entra/gateway-for-connection";
import { listDirectoryAudits, type DirectoryAudit } from "../entra/list-directory-audits";
import { driftChangesColumn } from "../federation/columns";
import { log } from "../log";
import { toProblem } from "../problems/problem";
import { getAwsConnection } from "../settings/connections";
import type { FederationConfiguration } from "./configuration";
import { readLiveConfiguration, type LiveReadOptions } from "./read-live";
import { latestSnapshot, recordSnapshot } from "./store";

export type DriftEntry = ReturnType<typeof driftChangesColumn.decode>[number];

export interface DriftReport {
  id: number;
  checkedAt: Date;
  /** The recorded configuration compared against: its id, and the last time a read found it (T1). */
  baselineId: number | null;
  baselineAt: Date | null;
  trigger: "scheduled" | "manual";
  actor: string | null;
  changes: DriftEntry[];
  /** Why live state could not be read (then there are no changes to show). */
  error: string | null;
}

type Row = NonNullable<Awaited<ReturnType<Database["driftCheck"]["findFirst"]>>>;

const toReport = (row: Row): DriftReport => ({
  id: row.id,
  checkedAt: row.checkedAt,
  baselineId: row.baselineId,
  baselineAt: row.baselineAt,
  trigger: row.trigger === "scheduled" ? "scheduled" : "manual",
  actor: row.actor,
  changes: driftChangesColumn.decode(row.changes),
  error: row.error,
});

/** Which cloud a changed field belongs to, from its path (the legacy mode's IAM side is AWS's, the app's roles Entra's). */
const sideOf = (path: string): "entra" | "aws" => (path.startsWith("aws") || path.startsWith("legacy.accounts") ? "aws" : "entra");

/**
 * Field-level drift between the recorded configuration and live state, each change unattributed yet ("outside the
 * portal, between the baseline's last confirmation and this check"); see attributeEntra and attributeAws for who and when.
 */
export function driftBetween(recorded: FederationConfiguration, live: FederationConfiguration): DriftEntry[] {
  const ignored = [...scimGroupPaths(recorded, live), ...notRecordedPaths(recorded, live)];
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
  return diffChange(recorded, live)
    .filter((change) => !ignored.some((prefix) => under(change.path, prefix)))
    .filter((change) => !ENTRA_MEMBERSHIP.test(change.path))
    .map((change) => ({ change, side: sideOf(change.path), by: null }));
}

/**
 * Who is in an Entra group is the directory's everyday business (joiners and leavers), not the federation's
 * configuration: the history keeps the members of the groups assigned to the app, drift reports only a group
 * assigned or unassigned.
 */
const ENTRA_MEMBERSHIP = /^entra\.assignedGroups\.[^]*\.(members|memberCount|membersHash)(\.|$)/;

/** What a version recorded before memberships were kept could not know: not drift, only newly recorded. */
function notRecordedPaths(recorded: FederationConfiguration, live: FederationConfiguration): string[] {
  const paths = recorded.entra.assignedGroups === undefined ? ["entra.assignedGroups"] : [];
  if (recorded.legacy === undefined) paths.push("legacy");
  else if (recorded.legacy.roleImport === undefined) paths.push("legacy.roleImport");
  for (const name of Object.keys(live.aws?.groups ?? {})) {
    const before = recorded.aws?.groups[name];
    if (before && before.membersHash === undefined) paths.push(`aws.groups.${name}.members`, `aws.groups.${name}.membersHash`);
  }
  return paths;
}

/**
 * Groups that Entra's provisioning owns (made over SCIM) appear, change members and disappear with every cycle: that
 * is the federation working, not a change made outside the portal. The history keeps them; drift leaves them out.
 * Groups made in AWS stay in drift, members included.
 */
function scimGroupPaths(recorded: FederationConfiguration, live: FederationConfiguration): string[] {
  const groups = [...Object.entries(recorded.aws?.groups ?? {}), ...Object.entries(live.aws?.groups ?? {})];
  return [...new Set(groups.filter(([, group]) => group.managedBy === "SCIM").map(([name]) => `aws.groups.${name}`))];
}

/** Application fields (the rest of entra.app lives on the service principal, as do the legacy app's roles). */
const APPLICATION_FIELDS = /^entra\.app\.(identifierUris|replyUrls|displayName)\b/;

/**
 * Who changed each Entra field and when, from Entra's directory audit log
 * (https://learn.microsoft.com/graph/api/directoryaudit-list): the newest entry in the window that updated the object
 * the field belongs to (the application, or its service principal); AWS changes: see attributeAws. A log the portal
 * cannot read (not granted, not retained, the sandbox without it) leaves every change unattributed.
 */
export function attributeEntra(
  entries: DriftEntry[],
  audits: DirectoryAudit[],
  app: { applicationObjectId: string; servicePrincipalId: string },
): DriftEntry[] {
  return entries.map((entry) => {
    if (entry.side !== "entra" || !entry.change.path.startsWith("entra.")) return entry;
    const objectId = APPLICATION_FIELDS.test(entry.change.path) ? app.applicationObjectId : app.servicePrincipalId;
    const audit = audits.find((a) => a.targets.some((t) => t.id === objectId));
    return audit ? { ...entry, by: { who: audit.initiatedBy, at: audit.activityDateTime, source: `Entra audit log: ${audit.activityDisplayName}` } } : entry;
  });
}

async function withEntraAttribution(
  database: Database,
  entries: DriftEntry[],
  live: FederationConfiguration,
  window: { from: Date; to: Date },
  gateway?: GraphGateway,
): Promise<DriftEntry[]> {
  const app = live.entra.app;
  if (!app || !entries.some((e) => e.side === "entra")) return entries;
  try {
    const { audits } = await listDirectoryAudits(gateway ?? (await entraGatewayFor(database)), {
      ...window,
      targetIds: [app.applicationObjectId, app.servicePrincipalId],
    });
    return attributeEntra(entries, audits, app);
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    log("info", "drift: Entra's directory audit could not be read; changes stay unattributed", { kind: problem.kind });
    return entries;
  }
}

/** What the drifted AWS field belongs to in CloudTrail: the resource its events name, the events that change it. */
export interface AwsDriftTarget {
  /** The resource name LookupEvents is asked for (a permission set ARN, an Identity Store group id). */
  resource: string;
  eventNames: readonly string[];
  /** Further narrows the events (an assignment: the account it was made in). */
  matches?: (event: ManagementEvent) => boolean;
  /**
   * One member added to or removed from a group made in AWS, by user name: its events are matched to the member's
   * Identity Store user id, and a removal to the membership id its creation was answered with.
   */
  member?: { userName: string; removed: boolean };
}

const PERMISSION_SET_EVENTS: Record<string, readonly string[]> = {
  inlinePolicy: ["PutInlinePolicyToPermissionSet", "DeleteInlinePolicyFromPermissionSet"],
  managedPolicyArns: ["AttachManagedPolicyToPermissionSet", "DetachManagedPolicyFromPermissionSet"],
  description: ["UpdatePermissionSet"],
  sessionDuration: ["UpdatePermissionSet"],
  relayState: ["UpdatePermissionSet"],
};
const ALL_PERMISSION_SET_EVENTS = ["CreatePermissionSet", "DeletePermissionSet", ...new Set(Object.values(PERMISSION_SET_EVENTS).flat())];

/** The name in `names` that `path` lies under (`<prefix>.<name>` or below it), the longest when names nest (names may hold dots). */
function nameUnder(path: string, prefix: string, names: Iterable<string>): { name: string; rest: string } | undefined {
  let found: { name: string; rest: string } | undefined;
  for (const name of names) {
    const head = `${prefix}.${name}`;
    if (path !== head && !path.startsWith(`${head}.`) && !path.startsWith(`${head}[`)) continue;
    if (!found || name.length > found.name.length) found = { name, rest: path.slice(head.length).replace(/^\./, "") };
  }
  return found;
}

/**
 * Which CloudTrail resource and events a drifted AWS field maps to: a permission set's fields to its ARN and the
 * sso.amazonaws.com call that sets each (https://docs.aws.amazon.com/singlesignon/latest/userguide/logging-using-cloudtrail.html),
 * an account assignment to its permission set's ARN and Create/DeleteAccountAssignment in that account, a group made in
 * AWS to its Identity Store id. The instance and identity source are not mapped (changed in the console, not by
 * these APIs): they stay "outside the portal, between T1 and T2".
 */
export function awsDriftTarget(entry: DriftEntry, recorded: FederationConfiguration, live: FederationConfiguration): AwsDriftTarget | undefined {
  const path = entry.change.path;
  const sets = { ...recorded.aws?.permissionSets, ...live.aws?.permissionSets };
  const set = nameUnder(path, "aws.permissionSets", Object.keys(sets));
  if (set) {
    const arn = sets[set.name]?.permissionSetArn;
    if (!arn) return undefined;
    const field = /^[A-Za-z]+/.exec(set.rest)?.[0] ?? "";
    const whole = set.rest === "" || field === "permissionSetArn";
    const eventNames = whole
      ? entry.change.kind === "added"
        ? ["CreatePermissionSet"]
        : entry.change.kind === "removed"
          ? ["DeletePermissionSet"]
          : ALL_PERMISSION_SET_EVENTS
      : (PERMISSION_SET_EVENTS[field] ?? ALL_PERMISSION_SET_EVENTS);
    return { resource: arn, eventNames };
  }
  if (path.startsWith("aws.assignments.")) {
    // "account · permission set · GROUP name" (lib/history/configuration.ts, assignmentKey).
    const [accountId, setName] = path.slice("aws.assignments.".length).split(" · ");
    const arn = setName ? sets[setName]?.permissionSetArn : undefined;
    if (!arn || !accountId) return undefined;
    return {
      resource: arn,
      eventNames: entry.change.kind === "removed" ? ["DeleteAccountAssignment"] : ["CreateAccountAssignment"],
      matches: (event) => event.requestParameters.targetId === accountId,
    };
  }
  const groups = { ...recorded.aws?.groups, ...live.aws?.groups };
  const group = nameUnder(path, "aws.groups", Object.keys(groups));
  if (group) {
    const id = groups[group.name]?.groupId;
    if (!id) return undefined;
    const member = /^members\.(.+)$/.exec(group.rest)?.[1];
    if (member && (entry.change.kind === "added" || entry.change.kind === "removed")) {
      const removed = entry.change.kind === "removed";
      return { resource: id, eventNames: [removed ? "DeleteGroupMembership" : "CreateGroupMembership"], member: { userName: member, removed } };
    }
    const membership = /^(members|memberCount|membersHash)\b/.test(group.rest);
    const eventNames = membership
      ? ["CreateGroupMembership", "DeleteGroupMembership"]
      : entry.change.kind === "removed" && (group.rest === "" || group.rest === "groupId" || group.rest === "managedBy")
        ? ["DeleteGroup"]
        : ["CreateGroup", "UpdateGroup"];
    return { resource: id, eventNames };
  }
  return undefined;
}

/** The credentials the portal itself calls AWS with: its own calls are never "outside the portal". */
export interface PortalAwsIdentity {
  arn: string | null;
  accessKeyId: string | null;
}

const byPortal = (event: ManagementEvent, portal: PortalAwsIdentity) =>
  Boolean((portal.accessKeyId && event.accessKeyId === portal.accessKeyId) || (portal.arn && event.arn === portal.arn));

export const CLOUDTRAIL_UNREADABLE_NOTE =
  "CloudTrail could not be read with the portal's AWS credentials: allowing cloudtrail:LookupEvents would name who made the change and when.";

/** What CloudTrail and the Identity Store told a drift check (see withAwsAttribution). */
export interface AwsTrail {
  /** The write events in the window, per resource looked up. */
  events: ReadonlyMap<string, ManagementEvent[]>;
  /** Identity Store user id per member user name drift names (null: no such user any more), or why it is not known. */
  userIds?: ReadonlyMap<string, { id: string | null } | { problem: string }>;
  /** A group's events over CloudTrail's whole event history, for groups a member left: where the membership was made. */
  history?: ReadonlyMap<string, ManagementEvent[]>;
  /** DeleteGroupMembership events in the window (they name only the membership id, not the group or the user). */
  membershipDeletes?: readonly ManagementEvent[];
}

const userIdOf = (event: ManagementEvent) => {
  const member = event.requestParameters.memberId;
  return typeof member === "object" && member !== null ? (member as Record<string, unknown>).userId : undefined;
};

/**
 * The events that added or removed one member: an addition is the group's CreateGroupMembership for that user id; a
 * removal is the DeleteGroupMembership of a membership id that a CreateGroupMembership of this group and user was
 * answered with (found in the group's history, as far back as CloudTrail keeps it).
 */
function memberEvents(groupId: string, member: NonNullable<AwsDriftTarget["member"]>, trail: AwsTrail): { events: ManagementEvent[] } | { note: string } {
  const user = trail.userIds?.get(member.userName);
  if (!user) return { events: [] };
  if ("problem" in user) return { note: `The Identity Store could not be asked for ${member.userName} (${user.problem}); the next check will try again.` };
  const userId = user.id;
  if (userId === null)
    return {
      note: member.removed
        ? `${member.userName} is no longer in the Identity Store (deleting a user ends their memberships), so CloudTrail's events cannot be matched to them.`
        : `${member.userName} could not be found in the Identity Store, so CloudTrail's events cannot be matched to them.`,
    };
  const created = (events: readonly ManagementEvent[] | undefined) =>
    (events ?? []).filter((e) => e.eventName === "CreateGroupMembership" && e.requestParameters.groupId === groupId && userIdOf(e) === userId);
  if (!member.removed) return { events: created(trail.events.get(groupId)) };
  const membershipIds = new Set(
    created(trail.history?.get(groupId)).flatMap((e) => (typeof e.responseElements.membershipId === "string" ? [e.responseElements.membershipId] : [])),
  );
  if (!membershipIds.size)
    return {
      note: `CloudTrail's event history (${EVENT_HISTORY_DAYS} days) holds no record of ${member.userName} joining the group with its membership id, so its removal cannot be matched.`,
    };
  return { events: (trail.membershipDeletes ?? []).filter((e) => membershipIds.has(String(e.requestParameters.membershipId))) };
}

/**
 * Who changed each AWS field and when, from CloudTrail's event history: the newest successful call in the window that
 * changes what the field belongs to (awsDriftTarget), made by anyone but the portal's own credentials. `trail` holds
 * the events read per resource; `unreadable` (CloudTrail refused or did not answer) leaves every AWS change
 * unattributed with that note.
 */
export function attributeAws(
  entries: DriftEntry[],
  recorded: FederationConfiguration,
  live: FederationConfiguration,
  trail: AwsTrail | { unreadable: string },
  portal: PortalAwsIdentity,
): DriftEntry[] {
  return entries.map((entry) => {
    if (entry.side !== "aws") return entry;
    if ("unreadable" in trail) return { ...entry, by: null, note: trail.unreadable };
    const target = awsDriftTarget(entry, recorded, live);
    const events = target ? trail.events.get(target.resource) : undefined;
    if (!target || !events) return entry;
    let relevant: ManagementEvent[];
    if (target.member) {
      const found = memberEvents(target.resource, target.member, trail);
      if ("note" in found) return { ...entry, by: null, note: found.note };
      relevant = found.events;
    } else relevant = events.filter((e) => target.eventNames.includes(e.eventName) && (!target.matches || target.matches(e)));
    const outside = relevant.find((e) => !byPortal(e, portal));
    if (outside)
      return {
        ...entry,
        by: {
          who: outside.arn ?? outside.issuerArn ?? `access key ${outside.accessKeyId ?? "unknown"}`,
          at: outside.eventTime,
          source: `CloudTrail: ${outside.eventName}`,
        },
      };
    const note = relevant.length
      ? "CloudTrail names only the portal's own AWS credentials for this change: they were used outside the portal."
      : "CloudTrail's event history holds no call that made this change in the window.";
    return { ...entry, by: null, note };
  });
}

/** At most this many resources are looked up per check (each a LookupEvents call or more, at 2 per second). */
const MAX_AWS_LOOKUPS = 20;

async function withAwsAttribution(
  database: Database,
  entries: DriftEntry[],
  recorded: FederationConfiguration,
  live: FederationConfiguration,
  window: { from: Date; to: Date },
  given?: AwsClients,
): Promise<DriftEntry[]> {
  const targets = entries.filter((e) => e.side === "aws").map((e) => awsDriftTarget(e, recorded, live));
  const resources = [...new Set(targets.flatMap((t) => (t ? [t.resource] : [])))].slice(0, MAX_AWS_LOOKUPS);
  if (!resources.length) return entries;
  const clients = given ?? createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()));
  try {
    const portal = await portalIdentity(clients);
    const pace = createPacer(LOOKUP_EVENTS_PER_SECOND);
    const trail = new Map<string, ManagementEvent[]>();
    let members: Omit<AwsTrail, "events"> = {};
    try {
      for (const resource of resources)
        trail.set(resource, (await lookupWriteEvents(clients.cloudtrail, { key: "ResourceName", value: resource }, window, pace)).events);
      const identityStoreId = live.aws?.instance?.identityStoreId ?? recorded.aws?.instance?.identityStoreId;
      const memberTargets = targets.flatMap((t) => (t?.member && resources.includes(t.resource) ? [{ groupId: t.resource, ...t.member }] : []));
      if (identityStoreId && memberTargets.length) members = await membershipTrail(clients, identityStoreId, memberTargets, window, pace);
    } catch (error) {
      const problem = toProblem(error);
      if (!problem) throw error;
      log("info", "drift: CloudTrail could not be read; AWS changes stay unattributed", { kind: problem.kind });
      const unreadable = isAwsGatewayError(error, "access-denied")
        ? CLOUDTRAIL_UNREADABLE_NOTE
        : `CloudTrail did not answer (${problem.message}); the next check will try again.`;
      return attributeAws(entries, recorded, live, { unreadable }, portal);
    }
    return attributeAws(entries, recorded, live, { events: trail, ...members }, portal);
  } finally {
    if (!given) clients.destroy();
  }
}

/** At most this many members' comings and goings are matched per check (a GetUserId each, and CloudTrail lookups). */
const MAX_MEMBER_LOOKUPS = 20;

/**
 * What matching members to CloudTrail needs beyond the groups' events in the window: each member's Identity Store user
 * id (GetUserId by userName), and for a removal the group's events over CloudTrail's whole event history (where the
 * membership was made, with its id) and the window's DeleteGroupMembership events.
 */
async function membershipTrail(
  clients: AwsClients,
  identityStoreId: string,
  members: { groupId: string; userName: string; removed: boolean }[],
  window: { from: Date; to: Date },
  pace: () => Promise<void>,
): Promise<Omit<AwsTrail, "events">> {
  const names = [...new Set(members.map((m) => m.userName))].slice(0, MAX_MEMBER_LOOKUPS);
  const userIds = new Map<string, { id: string | null } | { problem: string }>();
  for (const name of names) {
    try {
      userIds.set(name, { id: (await getUserIdByUserName(clients, identityStoreId, name)).userId });
    } catch (error) {
      const problem = toProblem(error);
      if (!problem) throw error;
      userIds.set(name, { problem: problem.message });
    }
  }
  const left = [...new Set(members.filter((m) => m.removed && names.includes(m.userName)).map((m) => m.groupId))];
  if (!left.length) return { userIds };
  const since = new Date(window.to.getTime() - EVENT_HISTORY_DAYS * 86_400_000);
  const history = new Map<string, ManagementEvent[]>();
  for (const groupId of left)
    history.set(
      groupId,
      (await lookupWriteEvents(clients.cloudtrail, { key: "ResourceName", value: groupId }, { from: since, to: window.to }, pace, { maxPages: 10 })).events,
    );
  const { events: membershipDeletes } = await lookupWriteEvents(clients.cloudtrail, { key: "EventName", value: "DeleteGroupMembership" }, window, pace, {
    maxPages: 10,
  });
  return { userIds, history, membershipDeletes };
}

/** The portal's own AWS identity: its access key id, and its ARN from sts:GetCallerIdentity (which needs no permission). */
async function portalIdentity(clients: AwsClients): Promise<PortalAwsIdentity> {
  const credentials = await clients.cloudtrail.config.credentials().catch(() => null);
  const me = await callAws("GetCallerIdentity", () => clients.sts.send(new GetCallerIdentityCommand({}))).catch(() => null);
  return { arn: me?.Arn ?? null, accessKeyId: credentials?.accessKeyId ?? null };
}

export interface DriftOptions extends LiveReadOptions {
  trigger: "scheduled" | "manual";
  actor?: string | null;
  now?: () => Date;
  /** After comparing, record live state as the next version (the daily run: the history keeps what drifted). */
  recordAfter?: boolean;
}

/**
 * Compares live state with the newest recorded version and stores the result (computed on demand and daily). With
 * nothing recorded yet there is no baseline: live state is recorded first and no drift is reported.
 */
export async function checkDrift(database: Database, federationId: string, options: DriftOptions): Promise<DriftReport> {
  const baseline = await latestSnapshot(database, federationId);
  // The version recorded after the check is stamped when the read starts (see takeSnapshot).
  const readStartedAt = options.now?.() ?? new Date();
  let live: FederationConfiguration;
  try {
    live = await readLiveConfiguration(database, federationId, options);
  } catch (error) {
    const problem = toProblem(error);
    if (!problem) throw error;
    const row = await database.driftCheck.create({
      data: {
        federationId,
        checkedAt: options.now?.() ?? new Date(),
        baselineId: baseline?.id ?? null,
        baselineAt: baseline?.confirmedAt ?? null,
        trigger: options.trigger,
        actor: options.actor ?? null,
        changeCount: 0,
        changes: driftChangesColumn.encode([]),
        error: problem.message,
      },
    });
    return toReport(row);
  }
  const checkedAt = options.now?.() ?? new Date();
  const window = baseline ? { from: baseline.confirmedAt, to: checkedAt } : undefined;
  const changes =
    baseline && window
      ? await withAwsAttribution(
          database,
          await withEntraAttribution(database, driftBetween(baseline.configuration, live), live, window, options.gateway),
          baseline.configuration,
          live,
          window,
          options.clients,
        )
      : [];
  const row = await database.driftCheck.create({
    data: {
      federationId,
      checkedAt,
      baselineId: baseline?.id ?? null,
      baselineAt: baseline?.confirmedAt ?? null,
      trigger: options.trigger,
      actor: options.actor ?? null,
      changeCount: changes.length,
      changes: driftChangesColumn.encode(changes),
      error: null,
    },
  });
  if (!baseline || options.recordAfter)
    await recordSnapshot(
      database,
      federationId,
      live,
      { trigger: options.trigger, reason: baseline ? "drift check" : "first record", actor: options.actor ?? null },
      readStartedAt,
    );
  return toReport(row);
}

/** The newest drift check (null when none ran yet). */
export async function latestDrift(database: Database, federationId: string): Promise<DriftReport | null> {
  const row = await database.driftCheck.findFirst({ where: { federationId }, orderBy: [{ checkedAt: "desc" }, { id: "desc" }] });
  return row ? toReport(row) : null;
}
