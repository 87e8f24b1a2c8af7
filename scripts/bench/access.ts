import { out, withHarness } from "./harness";

// Account access (issue 13): the durable job runner creating 150 account assignments (50 member accounts in nested
// OUs × the 3 project groups, each with its permission set) against the sandbox at IAM Identity Center's documented
// limits (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html): 20 requests/s shared, at most 10
// outstanding CreateAccountAssignment operations, each IN_PROGRESS for the sandbox's asyncDelayMs (default 2000).
//
// The floor is what those limits allow, whatever the client does:
//  - each assignment needs at least two requests (CreateAccountAssignment and one
//    DescribeAccountAssignmentCreationStatus that sees it done): 2 × 150 requests at 20/s = 15 s;
//  - at most 10 run at once and each takes asyncDelayMs: ceil(150 / 10) waves × 2 s = 30 s;
//  floor = max(2n / 20, ceil(n / 10) × asyncDelay) — here the outstanding cap binds (30 s). Target: ratio ≤ 1.2.

const ACCOUNTS = 50;
const GROUPS = [
  ["Project Admins", "ProjectAdmin"],
  ["Project Users", "ProjectUser"],
  ["Project Readers", "ProjectReader"],
] as const;
const TARGET = 1.2;

export function benchAccess(): Promise<boolean> {
  return withHarness("access", async ({ sandbox, database, call }) => {
    const [{ CreateGroupCommand }, { CreatePermissionSetCommand }, { createAwsClients, resolveAwsTarget }, { SANDBOX }, { createAwsJob }, { runAwsJob, JOB_CLIENT_OPTIONS }] =
      await Promise.all([
        import("@aws-sdk/client-identitystore"),
        import("@aws-sdk/client-sso-admin"),
        import("../../lib/aws/clients"),
        import("../../sandbox/fixtures"),
        import("../../lib/aws-jobs/store"),
        import("../../lib/aws-jobs/runner"),
      ]);
    await call("POST", "/_sandbox/aws/instance/enable");
    // The documented limits, explicitly (they are also the sandbox's defaults).
    await call("POST", "/_sandbox/aws/settings", { asyncDelayMs: 2000, rateLimits: { identitycenter: 20 }, maxOutstandingAssignments: 10 });
    const settings = await call<{ asyncDelayMs: number; rateLimits: { identitycenter: number }; maxOutstandingAssignments: number }>("GET", "/_sandbox/aws/settings");
    const seeded = await call<{ seeded: { aws: { accounts: { id: string }[] } } }>("POST", "/_sandbox/seed", {
      accounts: ACCOUNTS,
      ous: ["Workloads/Prod", "Workloads/Dev", "Sandbox/Team A"],
    });
    const accounts = seeded.seeded.aws.accounts.map((a) => a.id);
    const clients = createAwsClients(resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, { IB_MODE: "sandbox", SANDBOX_URL: sandbox.url }), JOB_CLIENT_OPTIONS);
    try {
      const InstanceArn = SANDBOX.aws.instanceArn;
      const targets: { groupId: string; arn: string; label: string }[] = [];
      for (const [group, set] of GROUPS) {
        const g = await clients.ids.send(new CreateGroupCommand({ IdentityStoreId: SANDBOX.aws.identityStoreId, DisplayName: group }));
        const ps = await clients.sso.send(new CreatePermissionSetCommand({ InstanceArn, Name: set }));
        targets.push({ groupId: g.GroupId ?? "", arn: ps.PermissionSet?.PermissionSetArn ?? "", label: `${group} → ${set}` });
      }
      // Let the setup calls' tokens refill so the measured run starts with the bucket as AWS would have it.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const operations = accounts.flatMap((accountId) =>
        targets.map((t) => ({
          kind: "create-assignment" as const,
          params: { accountId, permissionSetArn: t.arn, principalType: "GROUP" as const, principalId: t.groupId, label: t.label },
        })),
      );
      const { jobId } = await createAwsJob(database, { kind: "bench", title: "bench", instanceArn: InstanceArn, actor: { email: "bench@contoso.test" }, operations });
      const started = performance.now();
      const result = await runAwsJob(database, jobId, { clients });
      const seconds = (performance.now() - started) / 1000;
      const done = result.ok ? result.progress.byStatus.succeeded : 0;
      const n = operations.length;
      const floor = Math.max((2 * n) / settings.rateLimits.identitycenter, Math.ceil(n / settings.maxOutstandingAssignments) * (settings.asyncDelayMs / 1000));
      const ratio = seconds / floor;
      out(`assignments: ${done} in ${seconds.toFixed(1)} s, floor ${floor.toFixed(1)} s, ratio ${ratio.toFixed(2)} (target ≤ ${TARGET})`);
      return done === n && ratio <= TARGET;
    } finally {
      clients.destroy();
    }
  });
}
