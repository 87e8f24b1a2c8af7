import { CreateGroupCommand, GetGroupIdCommand } from "@aws-sdk/client-identitystore";
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
} from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAws, type AwsSandbox } from "../../sandbox/aws/testing";
import { SANDBOX } from "../../sandbox/fixtures";
import type * as Actions from "../../app/access/actions";
import type { Role } from "../auth/permissions";
import { readAwsJobProgress } from "../aws-jobs/store";
import { testDatabase } from "../testing/database";
import { reconcileOuRules } from "./assignment-plan";
import { withAccessContext } from "./context";
import { listOuRules } from "./ou-rules";
import { loadAccessOverview } from "./overview";
import { getProtectedPrincipals } from "./protected-store";

// Issue 13's bulk changes and OU rules through the real server actions (session mocked), against an AWS sandbox
// with accounts seeded into nested OUs: the preview diff, the job it starts, OU rule reconciliation, and permission
// set edit and delete.
const session = vi.hoisted(() => ({ role: "admin" as Role }));
vi.mock("@/lib/auth/session", () => ({ getSession: async () => ({ userId: "u", name: "Admin", email: "admin@contoso.example", role: session.role, tenantId: "t" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const database = testDatabase();
const IDS = SANDBOX.aws.identityStoreId;
const InstanceArn = SANDBOX.aws.instanceArn;
let aws: AwsSandbox;
let actions: typeof Actions;
let platformId: string;
let auditorsGroupId: string;
let psArn: string;
let ous: Record<string, string>;
let accountsByPath: Record<string, string[]>;

async function post(route: string, body: unknown) {
  const response = await fetch(`${aws.server.url}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.ok, route).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}
const groupId = async (name: string) =>
  (await aws.ids.send(new GetGroupIdCommand({ IdentityStoreId: IDS, AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: name } } }))).GroupId ?? "";
const holders = async (accountId: string, permissionSetArn = psArn) =>
  ((await aws.sso.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn }))).AccountAssignments ?? []).map((a) => a.PrincipalId);
const overview = () => withAccessContext(database, (context) => loadAccessOverview(context));
const lastAudit = async (action: string) => database.auditEvent.findFirst({ where: { action }, orderBy: { seq: "desc" } });

async function finished(jobId: string) {
  const started = Date.now();
  for (;;) {
    const p = await readAwsJobProgress(database, jobId);
    if (p && (p.status === "succeeded" || p.status === "failed")) return p;
    if (Date.now() - started > 25_000) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  aws = await startAws({ seed: { groups: 1, users: 2, accounts: 0 } });
  process.env.SANDBOX_URL = aws.server.url;
  process.env.IB_MODE = "sandbox";
  await database.connection.deleteMany({});
  await database.accessOuRule.deleteMany({});
  await database.setting.deleteMany({ where: { key: "access.protected-principals" } });
  await post("/_sandbox/aws/settings", { asyncDelayMs: 100 });
  const seeded = (await post("/_sandbox/seed", { accounts: 6, ous: ["Apps/Prod", "Apps/Dev", "Lab/Team A"] })) as {
    seeded: { aws: { accounts: { id: string; path: string; parentId: string }[] } };
  };
  accountsByPath = {};
  for (const a of seeded.seeded.aws.accounts) (accountsByPath[a.path] ??= []).push(a.id);
  const org = (await (await fetch(`${aws.server.url}/_sandbox/aws/organization`)).json()) as { ous: { id: string; path: string }[]; rootId: string };
  ous = Object.fromEntries(org.ous.map((o) => [o.path, o.id]));
  platformId = (await aws.ids.send(new CreateGroupCommand({ IdentityStoreId: IDS, DisplayName: "Platform", Description: "made in AWS" }))).GroupId ?? "";
  auditorsGroupId = await groupId("AWSSecurityAuditors");
  psArn = (await aws.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: "PlatformOps", SessionDuration: "PT1H" }))).PermissionSet?.PermissionSetArn ?? "";
  actions = await import("../../app/access/actions");
});

afterAll(async () => {
  await aws?.close();
});

describe("bulk account assignments", () => {
  it("previews accounts of an OU × groups: create for the missing, keep for the present, a protected group refused with the reason", async () => {
    const [prod1] = accountsByPath["Apps/Prod"] ?? [];
    // One assignment exists already: kept, not created again.
    await aws.sso.send(new CreateAccountAssignmentCommand({ InstanceArn, TargetId: prod1, TargetType: "AWS_ACCOUNT", PermissionSetArn: psArn, PrincipalType: "GROUP", PrincipalId: platformId }));
    await new Promise((r) => setTimeout(r, 300));
    const preview = await actions.previewAssignmentsAction(null, {
      mode: "add",
      targets: [ous["Apps/Prod"]],
      principals: [`GROUP:${platformId}`, `GROUP:${auditorsGroupId}`],
      permissionSetArn: psArn,
    });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const prod = accountsByPath["Apps/Prod"] ?? [];
    expect(preview.data.counts).toEqual({ create: prod.length - 1, keep: 1, remove: 0, absent: 0, refused: prod.length });
    expect(preview.data.rows.find((r) => r.action === "keep")).toMatchObject({ accountId: prod1, principalName: "Platform" });
    expect(preview.data.rows.find((r) => r.action === "refused")?.reason).toMatch(/group “AWSSecurityAuditors” is a protected principal/);
  });

  it("applies the confirmed diff as a job: exactly the previewed assignments are created, each audited; a stale preview is refused", async () => {
    const request = { mode: "add", targets: [ous.Apps], principals: [`GROUP:${platformId}`, `GROUP:${auditorsGroupId}`], permissionSetArn: psArn };
    const preview = await actions.previewAssignmentsAction(null, request);
    if (!preview.ok) throw new Error(preview.formError);
    const apps = [...(accountsByPath["Apps/Prod"] ?? []), ...(accountsByPath["Apps/Dev"] ?? [])];
    expect(preview.data.counts.create).toBe(apps.length - 1);

    const stale = await actions.applyAssignmentsAction(null, { ...request, digest: "0".repeat(32) });
    expect(!stale.ok && stale.formError).toMatch(/AWS changed since this preview/);

    session.role = "helpdesk";
    expect(await actions.applyAssignmentsAction(null, { ...request, digest: preview.data.digest })).toMatchObject({ ok: false, formError: expect.stringMatching(/not allowed/) });
    session.role = "admin";

    const applied = await actions.applyAssignmentsAction(null, { ...request, digest: preview.data.digest });
    if (!applied.ok) throw new Error(applied.formError);
    const progress = await finished(applied.data.jobId);
    expect(progress).toMatchObject({ status: "succeeded", total: apps.length - 1 });
    for (const accountId of apps) expect(await holders(accountId)).toEqual([platformId]);
    expect(await lastAudit("access.assignments.apply")).toMatchObject({ result: "success", target: `aws-job:${applied.data.jobId}` });
    expect((await lastAudit("access.assignments.apply"))?.after).toMatch(/AWSSecurityAuditors.*protected principal/);
    // Each operation: an intent before its AWS call, then its outcome.
    const rows = await database.auditEvent.findMany({ where: { action: "aws.create-assignment", after: { contains: applied.data.jobId } }, select: { result: true } });
    expect(rows.filter((r) => r.result === "intent")).toHaveLength(apps.length - 1);
    expect(rows.filter((r) => r.result !== "intent")).toHaveLength(apps.length - 1);
  });

  it("removes in bulk: remove where present, nothing where absent", async () => {
    const dev = accountsByPath["Apps/Dev"] ?? [];
    const team = accountsByPath["Lab/Team A"] ?? [];
    const request = { mode: "remove", targets: [...dev, ...team], principals: `GROUP:${platformId}`, permissionSetArn: psArn };
    const preview = await actions.previewAssignmentsAction(null, request);
    if (!preview.ok) throw new Error(preview.formError);
    expect(preview.data.counts).toMatchObject({ remove: dev.length, absent: team.length, create: 0 });
    const applied = await actions.applyAssignmentsAction(null, { ...request, digest: preview.data.digest });
    if (!applied.ok) throw new Error(applied.formError);
    expect(await finished(applied.data.jobId)).toMatchObject({ status: "succeeded" });
    for (const accountId of dev) expect(await holders(accountId)).toEqual([]);
  });
});

describe("OU rules", () => {
  it("reconciliation proposes exactly the missing assignments: accounts that joined or moved into the OU, nested OUs included", async () => {
    const added = await actions.addOuRuleAction(null, { ouId: ous.Apps, groupId: platformId, permissionSetArn: psArn });
    expect(added).toMatchObject({ ok: true, data: { added: true } });
    expect(await actions.addOuRuleAction(null, { ouId: ous.Apps, groupId: platformId, permissionSetArn: psArn })).toMatchObject({ ok: true, data: { added: false } });
    expect(await listOuRules(database)).toHaveLength(1);
    // A protected group cannot get a rule.
    const refused = await actions.addOuRuleAction(null, { ouId: ous.Apps, groupId: auditorsGroupId, permissionSetArn: psArn });
    expect(!refused.ok && refused.formError).toMatch(/protected principal/);

    // An account joins a nested OU, another moves in from Sandbox/Team A.
    const joined = ((await post("/_sandbox/aws/accounts", { name: "joined-late", parent: "Apps/Prod/Deep" })) as { account: { id: string } }).account.id;
    const [mover] = accountsByPath["Lab/Team A"] ?? [];
    await post(`/_sandbox/aws/accounts/${mover}/move`, { to: "Apps/Dev" });

    const missing = new Set([...(accountsByPath["Apps/Dev"] ?? []), joined, mover]);
    const { plan, statuses } = reconcileOuRules(await overview(), await getProtectedPrincipals(database), await listOuRules(database));
    expect(plan.rows.every((r) => r.action === "create" && r.principalId === platformId && r.permissionSetArn === psArn)).toBe(true);
    expect(new Set(plan.rows.map((r) => r.accountId))).toEqual(missing);
    expect(plan.rows).toHaveLength(missing.size);
    const prod = accountsByPath["Apps/Prod"] ?? [];
    expect(statuses[0]).toMatchObject({ accounts: prod.length + missing.size, satisfied: prod.length });

    // Applying runs a job; afterwards nothing is missing.
    const applied = await actions.applyOuRulesAction(null, { digest: plan.digest });
    if (!applied.ok) throw new Error(applied.formError);
    expect(await finished(applied.data.jobId)).toMatchObject({ status: "succeeded", total: missing.size });
    const again = reconcileOuRules(await overview(), await getProtectedPrincipals(database), await listOuRules(database));
    expect(again.plan.rows).toEqual([]);
    expect(await lastAudit("access.ou-rule.apply")).toMatchObject({ result: "success" });

    const [rule] = await listOuRules(database);
    expect(await actions.removeOuRuleAction(null, { id: rule?.id ?? "" })).toMatchObject({ ok: true });
    expect(await listOuRules(database)).toEqual([]);
  });
});

describe("permission sets: edit and delete", () => {
  it("an edit changes the session duration, relay state, managed and inline policies; provisioned accounts then show the latest version not provisioned", async () => {
    const inline = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });
    const result = await actions.editPermissionSetAction(null, {
      permissionSetArn: psArn,
      sessionDuration: "PT4H",
      relayState: "https://console.aws.amazon.com/s3/home",
      managedPolicyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      inlinePolicy: inline,
    });
    expect(result).toMatchObject({ ok: true, data: { changed: 4 } });
    const described = (await aws.sso.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: psArn }))).PermissionSet;
    expect(described).toMatchObject({ SessionDuration: "PT4H", RelayState: "https://console.aws.amazon.com/s3/home" });
    expect((await aws.sso.send(new ListManagedPoliciesInPermissionSetCommand({ InstanceArn, PermissionSetArn: psArn }))).AttachedManagedPolicies?.map((p) => p.Arn)).toEqual([
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ]);
    expect((await aws.sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn: psArn }))).InlinePolicy).toBe(inline);
    const outdated = (await overview()).accounts.filter((a) => a.outdated.includes(psArn));
    expect(outdated.length).toBeGreaterThan(0);
    expect(await lastAudit("access.permission-set.edit")).toMatchObject({ result: "success", target: "permission-set:PlatformOps" });

    // The existing re-provision action brings every account to the latest version.
    expect(await actions.reprovisionPermissionSetAction(null, { permissionSetArn: psArn })).toMatchObject({ ok: true });
    expect((await overview()).accounts.filter((a) => a.outdated.includes(psArn))).toEqual([]);

    // Clearing the inline policy and the managed policy.
    expect(await actions.editPermissionSetAction(null, { permissionSetArn: psArn, sessionDuration: "PT4H", managedPolicyArns: "", inlinePolicy: "" })).toMatchObject({
      ok: true,
      data: { changed: 2 },
    });
    expect((await aws.sso.send(new GetInlinePolicyForPermissionSetCommand({ InstanceArn, PermissionSetArn: psArn }))).InlinePolicy ?? "").toBe("");
    // Invalid input is refused with field errors before AWS is called.
    const bad = await actions.editPermissionSetAction(null, { permissionSetArn: psArn, sessionDuration: "PT13H", inlinePolicy: "{not json" });
    expect(!bad.ok && Object.keys(bad.fieldErrors ?? {})).toEqual(expect.arrayContaining(["sessionDuration", "inlinePolicy"]));
  });

  it("delete is refused while the set is assigned (naming how many), and works once the assignments are removed", async () => {
    const refused = await actions.deletePermissionSetAction(null, { permissionSetArn: psArn, confirm: "yes" });
    expect(!refused.ok && refused.formError).toMatch(/still has \d+ account assignments? in \d+ accounts?\. Remove them first/);
    expect(await lastAudit("access.permission-set.delete")).toMatchObject({ result: "failure" });

    const assigned = (await overview()).assignments.filter((a) => a.permissionSetArn === psArn);
    const request = { mode: "remove", targets: [...new Set(assigned.map((a) => a.accountId))], principals: `GROUP:${platformId}`, permissionSetArn: psArn };
    const preview = await actions.previewAssignmentsAction(null, request);
    if (!preview.ok) throw new Error(preview.formError);
    const applied = await actions.applyAssignmentsAction(null, { ...request, digest: preview.data.digest });
    if (!applied.ok) throw new Error(applied.formError);
    expect(await finished(applied.data.jobId)).toMatchObject({ status: "succeeded" });

    expect(await actions.deletePermissionSetAction(null, { permissionSetArn: psArn, confirm: "yes" })).toMatchObject({ ok: true, message: "Deleted PlatformOps." });
    expect((await aws.sso.send(new ListPermissionSetsCommand({ InstanceArn }))).PermissionSets).not.toContain(psArn);
  });
});
