import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  DeleteGroupMembershipCommand,
  IdentitystoreClient,
  ListUsersCommand,
} from "@aws-sdk/client-identitystore";
import { PutInlinePolicyToPermissionSetCommand, SSOAdminClient, UpdatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import { SANDBOX } from "../../sandbox/fixtures";
import { driveChecklist } from "../setup/testing/drive-checklist";
import { loadFacts } from "../setup/store";
import { testDatabase } from "../testing/database";
import { startPortalSandbox } from "../testing/sandbox";
import type { FederationConfiguration } from "./configuration";
import { createAwsClients } from "../aws/clients";
import { CLOUDTRAIL_UNREADABLE_NOTE, checkDrift, latestDrift } from "./drift";
import { runDailyHistory } from "./schedule";
import { compareAsOf, latestSnapshot, recordSnapshot, snapshotAsOf, takeSnapshot } from "./store";

// Issue 14, configuration history and drift, on both databases: as-of returns the version in force at the exact
// boundary instants; drift finds changes made directly through the sandbox's Graph and AWS APIs (outside the portal)
// and nothing when nothing changed.
const database = testDatabase();
let server: SandboxServer;
const FEDERATION = "it-history";
const memory: { scim?: { endpoint: string; token: string } } = {};

const aws = () => ({
  region: SANDBOX.aws.region,
  endpoint: `${server.url}/aws`,
  credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
});

/** Graph as another tool would call it with the tenant's credentials: a client-credentials token, then the REST call. */
async function graph(method: string, path: string, body?: unknown) {
  const token = await fetch(`${server.url}/login/${SANDBOX.entra.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: SANDBOX.entra.portalGraph.clientId,
      client_secret: SANDBOX.entra.portalGraph.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const response = await fetch(`${server.url}/graph/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
}

/** An IAM user with a policy and an access key of its own: someone who is not the portal, as CloudTrail names them. */
async function iamUserKey(iam: IAMClient, name: string, policyArn: string) {
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { arn: User!.Arn!, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
}

const configuration = (replyUrl: string): FederationConfiguration => ({
  entra: {
    app: {
      displayName: "AWS IAM Identity Center",
      appId: "app",
      applicationObjectId: "obj",
      servicePrincipalId: "sp",
      identifierUris: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1"],
      replyUrls: [replyUrl],
      signOnUrl: null,
      relayState: null,
      ssoMode: "saml",
      notificationEmails: ["ops@contoso.test"],
      signingCertificates: {},
    },
    provisioning: null,
  },
  aws: null,
});

beforeAll(async () => {
  server = await startPortalSandbox();
}, 60_000);

afterAll(async () => {
  await server.close();
  await database.$disconnect();
});

beforeEach(async () => {
  await database.configurationSnapshot.deleteMany({});
  await database.driftCheck.deleteMany({});
});

describe("as of a date and time", () => {
  it("returns the version in force at the exact boundary instants, and stores an unchanged configuration once", async () => {
    const t1 = new Date("2026-11-01T10:00:00.000Z");
    const t2 = new Date("2026-11-02T10:00:00.000Z");
    const a = configuration("https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/one");
    const b = configuration("https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/two");
    const first = await recordSnapshot(database, "asof", a, { trigger: "change", reason: "setup.step.run", actor: "admin@contoso.test" }, t1);
    const second = await recordSnapshot(database, "asof", b, { trigger: "manual" }, t2);
    expect(first.stored && second.stored).toBe(true);

    const at = async (iso: number) => (await snapshotAsOf(database, "asof", new Date(iso)))?.id ?? null;
    expect(await at(t1.getTime() - 1)).toBeNull();
    expect(await at(t1.getTime())).toBe(first.version.id);
    expect(await at(t2.getTime() - 1)).toBe(first.version.id);
    expect(await at(t2.getTime())).toBe(second.version.id);
    expect(await at(t2.getTime() + 86_400_000)).toBe(second.version.id);
    // Another federation's versions never answer for this one.
    expect(await snapshotAsOf(database, "other", t2)).toBeNull();

    // The same content again: no new version, the newest one is confirmed later; as-of is unchanged.
    const t3 = new Date("2026-11-03T10:00:00.000Z");
    const again = await recordSnapshot(database, "asof", structuredClone(b), { trigger: "scheduled" }, t3);
    expect(again).toMatchObject({ stored: false, version: { id: second.version.id } });
    expect(again.version.confirmedAt.toISOString()).toBe(t3.toISOString());
    expect(await database.configurationSnapshot.count({ where: { federationId: "asof" } })).toBe(2);

    const comparison = await compareAsOf(database, "asof", t1, t3);
    expect(comparison.changes).toEqual([
      {
        path: "entra.app.replyUrls[0]",
        kind: "changed",
        before: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/one",
        after: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/two",
        secret: false,
      },
    ]);
    expect((await compareAsOf(database, "asof", t2, t3)).changes).toEqual([]);
  });
});

describe("drift against live state", () => {
  it("reads the whole federation, finds nothing when nothing changed, and finds changes made directly in Entra and AWS", async () => {
    await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url, memory });
    const facts = await loadFacts(database, FEDERATION);
    const app = facts.app!;

    const { version } = await takeSnapshot(database, FEDERATION, { trigger: "change", reason: "setup.step.run" });
    const recorded = version.configuration;
    // Both clouds, each part the issue names.
    expect(recorded.entra.app?.replyUrls.length).toBeGreaterThan(0);
    expect(recorded.entra.app?.identifierUris.length).toBeGreaterThan(0);
    expect(Object.values(recorded.entra.app?.signingCertificates ?? {}).some((c) => c.active && c.notAfter)).toBe(true);
    expect(recorded.entra.provisioning).toMatchObject({ groupSync: true, scope: "assigned users and groups" });
    expect(recorded.entra.provisioning?.matching.length).toBeGreaterThan(0);
    expect(recorded.entra.provisioning?.scimBearer.expiresAt).toBeTruthy();
    expect(recorded.aws?.instance.instanceArn).toBe(SANDBOX.aws.instanceArn);
    expect(recorded.aws?.identitySource.kind).toBe("external-idp");
    const [setName, set] = Object.entries(recorded.aws?.permissionSets ?? {})[0]!;
    expect(set.managedPolicyArns.length).toBeGreaterThan(0);
    expect(Object.keys(recorded.aws?.assignments ?? {}).length).toBeGreaterThan(0);
    expect(Object.values(recorded.aws?.groups ?? {}).some((g) => g.managedBy === "SCIM" && g.memberCount > 0)).toBe(true);
    // Group memberships: by name, per AWS group and per Entra group assigned to the app, with their hash.
    const provisionedGroup = Object.values(recorded.aws?.groups ?? {}).find((g) => g.managedBy === "SCIM" && g.memberCount > 0)!;
    expect(Object.keys(provisionedGroup.members ?? {})).toHaveLength(provisionedGroup.memberCount);
    expect(provisionedGroup.membersHash).toMatch(/^[0-9a-f]{64}$/);
    const assigned = Object.values(recorded.entra.assignedGroups ?? {});
    expect(assigned.some((g) => g.memberCount > 0 && Object.keys(g.members ?? {}).length === g.memberCount)).toBe(true);
    expect(assigned.flatMap((g) => Object.keys(g.members ?? {})).every((m) => m.includes("@") || m.startsWith("group:"))).toBe(true);
    // Never the token.
    expect(JSON.stringify(recorded)).not.toContain(memory.scim!.token);

    const calm = await checkDrift(database, FEDERATION, { trigger: "manual", actor: "auditor@contoso.test" });
    expect(calm).toMatchObject({ error: null, baselineId: version.id, changes: [] });

    // Outside the portal: the reply URL through Graph, a permission set's session duration and a new group through the AWS SDK.
    const replyUrls = recorded.entra.app!.replyUrls;
    const changedUrl = `${replyUrls[0]}?changed-outside=1`;
    await graph("PATCH", `/applications/${app.applicationObjectId}`, { web: { redirectUris: [changedUrl, ...replyUrls.slice(1)] } });
    const sso = new SSOAdminClient(aws());
    const ids = new IdentitystoreClient(aws());
    try {
      const duration = set.sessionDuration === "PT2H" ? "PT3H" : "PT2H";
      await sso.send(
        new UpdatePermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: set.permissionSetArn, SessionDuration: duration }),
      );
      await ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: "Console Made" }));

      const drift = await checkDrift(database, FEDERATION, { trigger: "manual" });
      const byPath = new Map(drift.changes.map((c) => [c.change.path, c]));
      // Who and when, from Entra's directory audit log: the app whose credentials made the PATCH.
      expect(byPath.get("entra.app.replyUrls[0]")).toMatchObject({
        side: "entra",
        by: { who: expect.stringContaining(SANDBOX.entra.portalGraph.clientId), source: "Entra audit log: Update application" },
        change: { kind: "changed", before: replyUrls[0], after: changedUrl },
      });
      const at = Date.parse(byPath.get("entra.app.replyUrls[0]")?.by?.at ?? "");
      expect(at).toBeGreaterThanOrEqual(version.confirmedAt.getTime());
      expect(at).toBeLessThanOrEqual(drift.checkedAt.getTime());
      // Made with the portal's own AWS key: CloudTrail names only the portal, which is not "who" outside the portal.
      expect(byPath.get(`aws.permissionSets.${setName}.sessionDuration`)).toMatchObject({
        side: "aws",
        by: null,
        note: expect.stringContaining("portal's own AWS credentials"),
        change: { kind: "changed", before: set.sessionDuration ?? undefined, after: duration },
      });
      expect(byPath.get("aws.groups.Console Made.managedBy")).toMatchObject({ change: { kind: "added", after: "AWS" } });
      expect(drift.changes.every((c) => c.change.path.startsWith("entra.app.replyUrls") || c.change.path.startsWith("aws."))).toBe(true);
      // Where the audit log cannot be read, the change is still reported, unattributed ("outside the portal, between T1 and T2").
      await fetch(`${server.url}/_sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pathPrefix: "/graph/v1.0/auditLogs/directoryAudits", status: 403, times: 1 }),
      });
      const unattributed = await checkDrift(database, FEDERATION, { trigger: "manual" });
      expect(unattributed.changes.find((c) => c.change.path === "entra.app.replyUrls[0]")).toMatchObject({ by: null, change: { after: changedUrl } });
      expect(unattributed.changes.length).toBe(drift.changes.length);
      // T1 is when the recorded version was last confirmed (the calm check did not record anything new).
      expect(drift.baselineAt?.toISOString()).toBe(version.confirmedAt.toISOString());
      expect((await latestDrift(database, FEDERATION))?.id).toBe(unattributed.id);
      // A check on demand records nothing: the drift stays visible until the configuration is recorded again.
      expect((await latestSnapshot(database, FEDERATION))?.id).toBe(version.id);

      // The daily run: within a day of the last live read (the check above) it does nothing; a day later it checks
      // drift, then records live state as the next version.
      expect((await runDailyHistory(database)).checked).not.toContain(FEDERATION);
      const now = new Date(Date.now() + 24 * 60 * 60_000 + 1_000);
      expect((await runDailyHistory(database, () => now)).checked).toContain(FEDERATION);
      const daily = await latestDrift(database, FEDERATION);
      expect(daily).toMatchObject({ trigger: "scheduled" });
      expect(daily?.changes.length).toBe(drift.changes.length);
      const newest = await latestSnapshot(database, FEDERATION);
      expect(newest).toMatchObject({ trigger: "scheduled" });
      expect(newest?.configuration.entra.app?.replyUrls[0]).toBe(changedUrl);
      expect((await runDailyHistory(database, () => new Date(now.getTime() + 60_000))).checked).not.toContain(FEDERATION);
      expect(await checkDrift(database, FEDERATION, { trigger: "manual" })).toMatchObject({ changes: [], baselineId: newest?.id });
      // As of the first version's time, the reply URL is still the one the portal set.
      expect((await snapshotAsOf(database, FEDERATION, version.takenAt))?.configuration.entra.app?.replyUrls[0]).toBe(replyUrls[0]);
    } finally {
      sso.destroy();
      ids.destroy();
    }
  }, 240_000);

  it("names who changed a permission set's policy directly in AWS, and when, from CloudTrail; without cloudtrail:LookupEvents it says so", async () => {
    if (!(await loadFacts(database, FEDERATION)).app) await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url, memory });
    const { version } = await takeSnapshot(database, FEDERATION, { trigger: "change", reason: "setup.step.run" });
    const [setName, set] = Object.entries(version.configuration.aws?.permissionSets ?? {})[0]!;

    // Someone else, with an access key of their own: an IAM user the portal's key never was.
    const iam = new IAMClient({ ...aws(), endpoint: `${server.url}/aws/iam` });
    const userKey = (name: string, policyArn: string) => iamUserKey(iam, name, policyArn);
    const suffix = Date.now().toString(36);
    const someone = await userKey(`console-admin-${suffix}`, "arn:aws:iam::aws:policy/AdministratorAccess");
    const auditorKey = await userKey(`read-only-${suffix}`, "arn:aws:iam::aws:policy/ReadOnlyAccess");
    const theirs = new SSOAdminClient({ ...aws(), credentials: someone.credentials });
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });
    const before = Date.now();
    try {
      await theirs.send(
        new PutInlinePolicyToPermissionSetCommand({ InstanceArn: SANDBOX.aws.instanceArn, PermissionSetArn: set.permissionSetArn, InlinePolicy: policy }),
      );
      const after = Date.now();

      const drift = await checkDrift(database, FEDERATION, { trigger: "manual", actor: "auditor@contoso.test" });
      const entry = drift.changes.find((c) => c.change.path === `aws.permissionSets.${setName}.inlinePolicy`);
      expect(entry).toMatchObject({ side: "aws", by: { who: someone.arn, source: "CloudTrail: PutInlinePolicyToPermissionSet" }, change: { after: policy } });
      const at = Date.parse(entry?.by?.at ?? "");
      // CloudTrail's eventTime has whole seconds.
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(after);
      expect(at).toBeGreaterThanOrEqual(Math.floor(version.confirmedAt.getTime() / 1000) * 1000);
      // Stored as checked: the page reads it back from the database.
      expect((await latestDrift(database, FEDERATION))?.changes.find((c) => c.change.path === entry?.change.path)?.by?.who).toBe(someone.arn);

      // The portal's credentials without cloudtrail:LookupEvents: the change is still found, unattributed, with why.
      // The SDK's own retries, as the portal's clients have: two drift checks in a row can meet AWS's rate limits.
      const readOnly = createAwsClients({ kind: "sandbox", sandboxUrl: server.url, region: SANDBOX.aws.region, credentials: auditorKey.credentials });
      try {
        const blind = await checkDrift(database, FEDERATION, { trigger: "manual", clients: readOnly });
        expect(blind.error).toBeNull();
        expect(blind.changes.find((c) => c.change.path === entry?.change.path)).toMatchObject({
          by: null,
          note: CLOUDTRAIL_UNREADABLE_NOTE,
          change: { after: policy },
        });
      } finally {
        readOnly.destroy();
      }
    } finally {
      theirs.destroy();
      iam.destroy();
    }
  }, 240_000);

  it("names who removed a member from a group made in AWS (DeleteGroupMembership names only the membership id) and who added one", async () => {
    if (!(await loadFacts(database, FEDERATION)).app) await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: server.url, memory });
    const portalIds = new IdentitystoreClient(aws());
    const iam = new IAMClient({ ...aws(), endpoint: `${server.url}/aws/iam` });
    const suffix = Date.now().toString(36);
    const someone = await iamUserKey(iam, `group-admin-${suffix}`, "arn:aws:iam::aws:policy/AdministratorAccess");
    const theirs = new IdentitystoreClient({ ...aws(), credentials: someone.credentials });
    try {
      const IdentityStoreId = SANDBOX.aws.identityStoreId;
      const { Users = [] } = await portalIds.send(new ListUsersCommand({ IdentityStoreId, MaxResults: 10 }));
      const [ann, bob] = Users;
      expect(ann?.UserName && bob?.UserName).toBeTruthy();
      // The portal's key makes the group and puts ann in it; that is recorded.
      const name = `Break Glass ${suffix}`;
      const { GroupId } = await portalIds.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: name }));
      const { MembershipId } = await portalIds.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: ann!.UserId! } }));
      const { version } = await takeSnapshot(database, FEDERATION, { trigger: "change", reason: "setup.step.run" });
      expect(Object.keys(version.configuration.aws?.groups[name]?.members ?? {})).toEqual([ann!.UserName]);

      // Someone else swaps ann for bob, directly in AWS.
      await theirs.send(new DeleteGroupMembershipCommand({ IdentityStoreId, MembershipId }));
      await theirs.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: bob!.UserId! } }));

      const drift = await checkDrift(database, FEDERATION, { trigger: "manual" });
      const byPath = new Map(drift.changes.map((c) => [c.change.path, c]));
      expect(byPath.get(`aws.groups.${name}.members.${ann!.UserName}`)).toMatchObject({
        side: "aws",
        change: { kind: "removed" },
        by: { who: someone.arn, source: "CloudTrail: DeleteGroupMembership" },
      });
      expect(byPath.get(`aws.groups.${name}.members.${bob!.UserName}`)).toMatchObject({
        change: { kind: "added" },
        by: { who: someone.arn, source: "CloudTrail: CreateGroupMembership" },
      });
      const at = Date.parse(byPath.get(`aws.groups.${name}.members.${ann!.UserName}`)?.by?.at ?? "");
      expect(at).toBeGreaterThanOrEqual(Math.floor(version.confirmedAt.getTime() / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(drift.checkedAt.getTime());
    } finally {
      theirs.destroy();
      portalIds.destroy();
      iam.destroy();
    }
  }, 240_000);
});
