import {
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  IAMClient,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { SANDBOX } from "../../sandbox/fixtures";
import { sandboxTestBed } from "../testing/test-bed";
import { checklistFor } from "./checklists";
import { runSetupStep } from "./run-step";
import { keyring } from "../crypto/keyring";
import { loadRoleManagerKey, storeRoleManagerKey } from "./role-manager-key";
import { chooseFederationMode, loadChecklist } from "./store";
import { driveChecklist } from "./testing/drive-checklist";
import { CASES } from "../../sandbox/entra/seed";
import { idpInitiated } from "../../sandbox/sign-in-testing";
import { ensureAppAssignment } from "../entra/app-assignments";
import { activateSigningCertificate, addRolloverCertificate } from "../entra/signing-certificate-rollover";
import { findUser } from "../entra/find-user";
import { readServicePrincipal } from "../entra/service-principal";
import { signInReads } from "../sign-in/shared-read";
import { withSetupContext } from "./run-step";
import { watchSignInTest } from "./watch-sign-in-test";
import { listConfiguredJobs } from "../provisioning/configured-jobs";
import { pollProvisioningOnce } from "../provisioning/poll";
import { listLogEntries, loadProvisioningStatus } from "../provisioning/status";

// The legacy per-account checklist end to end through the real gateways against the sandbox, on each database
// provider: adopt-or-create in every step, re-running changes nothing, a fault midway resumes without duplicates.
const bed = sandboxTestBed({ pace: { replicationDelayMs: 300 } });
const { database, call: admin } = bed;
const MANAGEMENT = SANDBOX.aws.managementAccountId;
const MEMBER = SANDBOX.aws.memberAccountIds[0] ?? "";
const actor = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };

const adminIam = () =>
  new IAMClient({
    endpoint: `${bed.url}/aws/iam`,
    region: "us-east-1",
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });

/** What must exist exactly once whatever happens: the apps, the IAM providers and roles. */
async function inventory() {
  const iam = adminIam();
  const providers = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
  const roles = (await iam.send(new ListRolesCommand({ PathPrefix: "/entra-saml/" }))).Roles ?? [];
  iam.destroy();
  const { applications, servicePrincipals } = await bed.entraCounts();
  return { providers: providers.map((p) => p.Arn).sort(), roles: roles.map((r) => r.Arn).sort(), entra: { applications, servicePrincipals } };
}

describe("legacy per-account checklist", () => {
  it("completes on a fresh sandbox for two accounts, and running it all again changes nothing", async () => {
    expect(await chooseFederationMode(database, "it-legacy", "legacy-iam")).toMatchObject({ outcome: "created" });
    const before = await inventory();
    // The management account directly, a member account through OrganizationAccountAccessRole (the default).
    const inputs = { "iam-saml-provider": { memberAccounts: [{ accountId: MEMBER }] } };
    const first = await driveChecklist(database, { federationId: "it-legacy", sandboxUrl: bed.url, actor, until: "role-assignments", inputs });
    expect(Object.entries(first).filter(([, r]) => !r.ok)).toEqual([]);
    const ids = checklistFor("legacy-iam").map((s) => s.id);
    expect(Object.keys(first)).toEqual(ids.slice(0, ids.indexOf("role-assignments") + 1));
    const after = await inventory();
    expect(after.entra.applications).toBe((before.entra.applications ?? 0) + 1);
    expect(after.providers).toEqual([...before.providers, `arn:aws:iam::${SANDBOX.aws.managementAccountId}:saml-provider/EntraID`].sort());
    expect(after.roles).toEqual(
      [
        `arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/entra-saml/EntraAdministrator`,
        `arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/entra-saml/EntraReadOnly`,
      ].sort(),
    );
    const facts = (await loadChecklist(database, "it-legacy")).facts;
    expect(facts.legacySaml).toMatchObject({ instance: 1, identifier: "https://signin.aws.amazon.com/saml", sessionDuration: 3600 });
    expect(facts.legacyAccounts?.accounts).toEqual([
      { accountId: MANAGEMENT, assumeRoleName: null, providerArn: `arn:aws:iam::${MANAGEMENT}:saml-provider/EntraID` },
      { accountId: MEMBER, assumeRoleName: "OrganizationAccountAccessRole", providerArn: `arn:aws:iam::${MEMBER}:saml-provider/EntraID` },
    ]);
    expect(facts.legacyRoles?.map((r) => r.roleArn).sort()).toEqual(
      [MANAGEMENT, MEMBER]
        .flatMap((account) => ["EntraAdministrator", "EntraReadOnly"].map((name) => `arn:aws:iam::${account}:role/entra-saml/${name}`))
        .sort(),
    );

    // Again: every step adopts what the first run made (the same ids), nothing new appears.
    const second = await driveChecklist(database, { federationId: "it-legacy", sandboxUrl: bed.url, actor, until: "role-assignments", inputs });
    expect(Object.entries(second).filter(([, r]) => !r.ok)).toEqual([]);
    expect(await inventory()).toEqual(after);
    const again = (await loadChecklist(database, "it-legacy")).facts;
    expect(again.app).toEqual(facts.app);
    expect(again.legacySaml).toEqual(facts.legacySaml);
    expect(again.legacyAccounts).toEqual(facts.legacyAccounts);
    expect(again.legacyRoles).toEqual(facts.legacyRoles);
    expect(again.signing?.thumbprint).toBe(facts.signing?.thumbprint);
    expect(again.roleImport).toEqual(facts.roleImport);
    expect(again.legacyAssignments).toEqual(facts.legacyAssignments);
    // The app imports the roles of the account whose key it holds (one app per account).
    expect(facts.roleImport?.imported.map((r) => r.value).sort()).toEqual(
      (facts.legacyRoles ?? [])
        .filter((r) => r.accountId === MANAGEMENT)
        .map((r) => `${r.roleArn},arn:aws:iam::${MANAGEMENT}:saml-provider/EntraID`)
        .sort(),
    );
    expect(facts.legacyAssignments?.map((a) => [a.principal, a.roleValue.split(",")[0]])).toEqual([
      ["jane.doe@contoso-sandbox.onmicrosoft.com", `arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/entra-saml/EntraReadOnly`],
      ["Project Admins", `arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/entra-saml/EntraAdministrator`],
    ]);
    // Its age is watched (rotation due a year after creation); the key is stored encrypted, never in the facts.
    expect(Date.parse(facts.roleImport?.keyCreatedAt ?? "")).toBeGreaterThan(Date.now() - 600_000);
    expect(JSON.stringify(facts)).not.toMatch(/secretAccessKey/i);
    const row = await database.federation.findUniqueOrThrow({ where: { id: "it-legacy" }, select: { roleManagerKey: true } });
    expect(row.roleManagerKey).toMatch(/^ib1\./);
    // The mode stays once a step has run.
    expect(await chooseFederationMode(database, "it-legacy", "identity-center")).toMatchObject({ outcome: "refused" });
  }, 180_000);

  it("reports a role trusting two providers as skipped, and a wrong access key fails Test Connection with a clear message", async () => {
    await chooseFederationMode(database, "it-legacy-import", "legacy-iam");
    await driveChecklist(database, { federationId: "it-legacy-import", sandboxUrl: bed.url, actor, until: "role-import" });
    const { facts } = await loadChecklist(database, "it-legacy-import");

    // The background poller reads the role-import job as it reads a provisioning job: the status page gets the job's
    // health and its cycle, and the log of roles imported; the provisioning actions never reach this job.
    const polled = await pollProvisioningOnce(database, { federationId: "it-legacy-import" });
    expect(polled.federations).toEqual([expect.objectContaining({ federationId: "it-legacy-import", changed: true })]);
    expect(polled.federations[0]?.error).toBeUndefined();
    const status = await loadProvisioningStatus(database, "it-legacy-import");
    expect(status).toMatchObject({ state: "ready", job: { kind: "role-import", jobId: facts.roleImport?.jobId }, snapshot: { status: { templateId: "aws" } } });
    expect(status.state === "ready" ? status.cycles.length : 0).toBeGreaterThan(0);
    const logged = await listLogEntries(database, "it-legacy-import", { result: "success" });
    const importedRoleNames = (facts.roleImport?.imported ?? []).map((r) => r.value.split(",")[0]?.split("/").pop());
    expect(importedRoleNames.length).toBeGreaterThan(0);
    expect(logged.rows.map((r) => r.who)).toEqual(expect.arrayContaining(importedRoleNames));
    expect(await listLogEntries(database, "it-legacy-import", { user: "entraread" })).toMatchObject({ rows: [expect.objectContaining({ action: "create" })] });
    expect(await listConfiguredJobs(database, "it-legacy-import")).toEqual([]);
    const provider = facts.legacyAccounts?.accounts[0]?.providerArn ?? "";
    const iam = adminIam();
    const metadata = facts.idpMetadata?.xml ?? "";
    const other = (await iam.send(new CreateSAMLProviderCommand({ Name: "OtherIdP", SAMLMetadataDocument: metadata }))).SAMLProviderArn ?? "";
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRoleWithSAML",
          Principal: { Federated: [provider, other] },
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        },
      ],
    };
    await iam.send(new CreateRoleCommand({ RoleName: "SharedFederation", AssumeRolePolicyDocument: JSON.stringify(trust) }));
    iam.destroy();
    const checked = await runSetupStep(database, "role-import", "verify", undefined, actor, "it-legacy-import");
    expect(checked).toMatchObject({ ok: true, evidence: { skippedRoles: [expect.stringMatching(/SharedFederation: trusts 2 SAML providers .*exactly one/)] } });
    expect((await loadChecklist(database, "it-legacy-import")).facts.roleImport?.skipped).toEqual([
      { roleArn: `arn:aws:iam::${SANDBOX.aws.managementAccountId}:role/SharedFederation`, reason: expect.stringContaining("trusts 2 SAML providers") },
    ]);

    // A key the admin typed with a mistyped secret: Entra's Test Connection (SigV4 through the AWS sandbox) fails with
    // clear words beside the secret field, the step stays done and neither the stored key nor Entra's changes.
    const held = await loadRoleManagerKey(database, keyring(), "it-legacy-import");
    const mistyped = await runSetupStep(
      database,
      "role-import",
      "run",
      { accessKeyId: held?.accessKeyId, secretAccessKey: `${held?.secretAccessKey ?? ""}x` },
      actor,
      "it-legacy-import",
    );
    expect(mistyped).toMatchObject({
      ok: false,
      fieldErrors: { secretAccessKey: [expect.stringMatching(/^AWS refused the access key AKIA\w+: the signature does not match — check the secret key/)] },
    });
    expect((await loadChecklist(database, "it-legacy-import")).steps.find((s) => s.id === "role-import")?.state.status).toBe("done");
    expect((await loadRoleManagerKey(database, keyring(), "it-legacy-import"))?.secretAccessKey).toBe(held?.secretAccessKey);
    const unknown = await runSetupStep(
      database,
      "role-import",
      "run",
      { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x".repeat(40) },
      actor,
      "it-legacy-import",
    );
    expect(unknown).toMatchObject({ ok: false, fieldErrors: { accessKeyId: [expect.stringMatching(/not a key of EntraRoleManager/)] } });
    const half = await runSetupStep(database, "role-import", "run", { accessKeyId: held?.accessKeyId }, actor, "it-legacy-import");
    expect(half).toMatchObject({ ok: false, fieldErrors: { secretAccessKey: ["give the access key ID and its secret, or neither"] } });
    // The right secret typed: adopted.
    const typed = await runSetupStep(
      database,
      "role-import",
      "run",
      { accessKeyId: held?.accessKeyId, secretAccessKey: held?.secretAccessKey },
      actor,
      "it-legacy-import",
    );
    expect(typed).toMatchObject({ ok: true, evidence: { accessKey: held?.accessKeyId } });

    // A mistyped secret for the key the portal holds: Test Connection fails and says what to check.
    const stored = await loadRoleManagerKey(database, keyring(), "it-legacy-import");
    expect(stored).not.toBeNull();
    await storeRoleManagerKey(
      database,
      keyring(),
      "it-legacy-import",
      { accessKeyId: stored?.accessKeyId ?? "", secretAccessKey: "wrongwrongwrongwrongwrongwrongwrong" },
      new Date(),
    );
    const wrong = await runSetupStep(database, "role-import", "run", undefined, actor, "it-legacy-import");
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/^Test Connection failed: AWS refused the secret access key stored for access key AKIA\w+: the signature did not match/);
  }, 120_000);

  it("validates the session duration and the roles before changing anything", async () => {
    await chooseFederationMode(database, "it-legacy-input", "legacy-iam");
    await driveChecklist(database, { federationId: "it-legacy-input", sandboxUrl: bed.url, actor, until: "gallery-app" });
    const short = await runSetupStep(database, "legacy-saml", "run", { sessionDuration: 600 }, actor, "it-legacy-input");
    expect(short).toMatchObject({ ok: false, fieldErrors: { sessionDuration: ["at least 900 seconds (15 minutes)"] } });
    const long = await runSetupStep(database, "legacy-saml", "run", { sessionDuration: 50_000 }, actor, "it-legacy-input");
    expect(long).toMatchObject({ ok: false, fieldErrors: { sessionDuration: ["at most 43200 seconds (12 hours)"] } });
    const second = await runSetupStep(database, "legacy-saml", "run", { instance: 2, sessionDuration: 43_200 }, actor, "it-legacy-input");
    expect(second.ok).toBe(true);
    expect((await loadChecklist(database, "it-legacy-input")).facts.legacySaml).toMatchObject({
      identifier: "https://signin.aws.amazon.com/saml#2",
      sessionDuration: 43_200,
    });
  }, 120_000);

  it("a fault midway leaves the step failed, and the retry resumes without duplicates", async () => {
    await chooseFederationMode(database, "it-legacy-fault", "legacy-iam");
    await driveChecklist(database, { federationId: "it-legacy-fault", sandboxUrl: bed.url, actor, until: "iam-saml-provider" });
    const before = await inventory();
    // IAM refuses the second role's policy (it does not exist): both roles are created, then the step fails.
    const roles = (second: string) => ({
      roles: [
        { name: "EntraAdministrator", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
        { name: "EntraReadOnly", managedPolicyArns: [second] },
      ],
    });
    const failed = await runSetupStep(database, "iam-roles", "run", roles("arn:aws:iam::aws:policy/NoSuchPolicyHere"), actor, "it-legacy-fault");
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/AWS/);
    expect((await loadChecklist(database, "it-legacy-fault")).steps.find((s) => s.id === "iam-roles")?.state).toMatchObject({ status: "failed" });
    expect((await inventory()).roles).toHaveLength(2);
    const retried = await runSetupStep(database, "iam-roles", "run", roles("arn:aws:iam::aws:policy/ReadOnlyAccess"), actor, "it-legacy-fault");
    expect(retried.ok).toBe(true);
    const after = await inventory();
    expect(after.roles).toHaveLength(2);
    expect(after.providers).toEqual(before.providers);

    // Graph failing while the claims policy is linked: the re-run links the policy it created, not a second one.
    // (A fresh tenant: in this one the app above already has its policy.)
    await admin("POST", "/_sandbox/reset");
    await chooseFederationMode(database, "it-legacy-claims", "legacy-iam");
    await driveChecklist(database, { federationId: "it-legacy-claims", sandboxUrl: bed.url, actor, until: "gallery-app" });
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", match: "claimsMappingPolicies/", status: 503, times: 20 });
    const linkFailed = await runSetupStep(database, "legacy-saml", "run", { instance: 2 }, actor, "it-legacy-claims");
    expect(linkFailed.ok).toBe(false);
    const recorded = (await loadChecklist(database, "it-legacy-claims")).facts.legacySaml?.claimsPolicyId;
    expect(recorded).toEqual(expect.any(String));
    await fetch(`${bed.url}/_sandbox/faults`, { method: "DELETE" });
    const linked = await runSetupStep(database, "legacy-saml", "run", { instance: 2 }, actor, "it-legacy-claims");
    expect(linked.ok).toBe(true);
    expect((await loadChecklist(database, "it-legacy-claims")).facts.legacySaml?.claimsPolicyId).toBe(recorded);
  }, 180_000);

  it("test sign-in: a user signs in from My Apps into a chosen role and the step turns done from evidence; a user without a role is named", async () => {
    const federationId = "it-legacy-signin";
    await chooseFederationMode(database, federationId, "legacy-iam");
    await admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    await admin("POST", "/_sandbox/aws/settings", { rateLimits: { cloudtrail: null } });
    const inputs = { "iam-saml-provider": { memberAccounts: [{ accountId: MEMBER }] } };
    const results = await driveChecklist(database, { federationId, sandboxUrl: bed.url, actor, until: "role-assignments", inputs });
    expect(Object.entries(results).filter(([, r]) => !r.ok)).toEqual([]);
    const { facts } = await loadChecklist(database, federationId);
    const appId = facts.app?.appId ?? "";
    const stepState = async () => (await loadChecklist(database, federationId)).steps.find((s) => s.id === "test-sign-in")?.state;

    /** Starts a test for `upn`, signs in from Entra's launch link, picks `role` if AWS asks, and lets the watcher settle the step. */
    async function signIn(upn: string, role?: string) {
      signInReads.clear();
      const start = await runSetupStep(database, "test-sign-in", "run", { userPrincipalName: upn }, actor, federationId);
      expect(start.ok ? "" : start.message).toMatch(/^Waiting for .* to sign in at .*\/saml2\/launch\?appId=/);
      expect((await watchSignInTest(database, actor, federationId)).state).toBe("watching");
      const flow = await idpInitiated(bed, appId, upn);
      let console = flow.aws;
      if (console?.html.includes("Select a role:")) {
        expect(role).toBeDefined();
        const chosen = await fetch(`${bed.url}/saml`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ SAMLResponse: flow.samlResponse ?? "", roleIndex: role ?? "" }).toString(),
        });
        console = { status: chosen.status, html: await chosen.text(), url: `${bed.url}/saml` };
      }
      signInReads.clear();
      const seen = await watchSignInTest(database, actor, federationId);
      if (seen.state !== "seen") throw new Error(`not seen: ${JSON.stringify(seen)}`);
      return { console, seen, settled: await runSetupStep(database, "test-sign-in", "run", { watchId: seen.watchId }, actor, federationId) };
    }

    // Jane holds EntraReadOnly directly (and EntraAdministrator through Project Admins if she is a member): she lands in the console.
    const readOnly = `arn:aws:iam::${MANAGEMENT}:role/entra-saml/EntraReadOnly`;
    const jane = await signIn(CASES.healthy, readOnly);
    expect(jane.console?.html).toContain(`EntraReadOnly/${CASES.healthy}`);
    expect(jane.seen.status).toBe("pass");
    expect(jane.settled).toMatchObject({ ok: true });
    expect(await stepState()).toMatchObject({ status: "done" });
    const checked = await runSetupStep(database, "test-sign-in", "verify", undefined, actor, federationId);
    expect(checked).toMatchObject({ ok: true, evidence: { user: CASES.healthy, outcome: expect.stringMatching(/AssumeRoleWithSAML/) } });

    // Nick assigned with the app's default role only: Entra lets him in, AWS refuses the response without a Role and logs nothing.
    await withSetupContext(database, actor, federationId, async (context) => {
      const gateway = await context.entra();
      const sp = await readServicePrincipal(gateway, facts.app?.servicePrincipalId ?? "");
      const plain = sp.appRoles.find((r) => r.value === "msiam_access") ?? sp.appRoles.find((r) => !r.value?.includes(",arn:"));
      const nick = (await findUser(gateway, CASES.notAssigned)).user;
      if (!plain || !nick) throw new Error("no default role or no Nick");
      await ensureAppAssignment(gateway, { servicePrincipalId: sp.id, principalId: nick.id, appRoleId: plain.id });
    });
    const nick = await signIn(CASES.notAssigned);
    expect(nick.console?.html).toContain("Your request included an invalid SAML response");
    expect(nick.settled.ok).toBe(false);
    expect(nick.settled.ok ? "" : nick.settled.message).toMatch(
      new RegExp(
        `${CASES.notAssigned.replace(/\./g, "\\.")} is assigned to the app without an AWS role.*Fix: .*step \\d+ \\(Assign users and groups with a role\\)`,
      ),
    );
    expect(await stepState()).toMatchObject({ status: "failed" });

    // SessionDuration raised over the role's maximum (an hour) in the claims the portal writes: STS refuses, CloudTrail
    // says why, the step names it.
    expect(await runSetupStep(database, "legacy-saml", "run", { sessionDuration: 7200 }, actor, federationId)).toMatchObject({ ok: true });
    // CloudTrail times are whole seconds: a new test counts AWS events from its start's second, so Jane's first sign-in
    // (this test runs in about a second) must be in an earlier one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const tooLong = await signIn(CASES.healthy, readOnly);
    expect(tooLong.console?.html).toContain("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    expect(tooLong.settled.ok ? "" : tooLong.settled.message).toMatch(
      /EntraReadOnly in account \d{12}\): the SessionDuration claim asks for longer than the role's maximum.*Fix: .*SessionDuration/,
    );
    expect(await runSetupStep(database, "legacy-saml", "run", { sessionDuration: 3600 }, actor, federationId)).toMatchObject({ ok: true });

    // The role no longer trusts the provider (someone edited its trust policy): STS says AccessDenied, the step says why.
    const iam = adminIam();
    await iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "EntraReadOnly",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    iam.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const untrusted = await signIn(CASES.healthy, readOnly);
    expect(untrusted.console?.html).toContain("Not authorized to perform sts:AssumeRoleWithSAML");
    expect(untrusted.settled.ok ? "" : untrusted.settled.message).toMatch(
      /the role does not trust the SAML provider.*Fix: .*IAM roles that trust the provider/,
    );

    // A certificate rolled over in Entra but not uploaded to the IAM providers: AWS rejects the signature.
    await withSetupContext(database, actor, federationId, async (context) => {
      const gateway = await context.entra();
      const servicePrincipalId = facts.app?.servicePrincipalId ?? "";
      const { certificate } = await addRolloverCertificate(gateway, { servicePrincipalId, displayName: "CN=Microsoft Azure Federated SSO Certificate" });
      await activateSigningCertificate(gateway, { servicePrincipalId, thumbprint: certificate.thumbprint });
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const rolled = await signIn(CASES.healthy, readOnly);
    expect(rolled.console?.html).toContain("Response signature invalid");
    expect(rolled.settled.ok ? "" : rolled.settled.message).toMatch(/IAM SAML provider holds another certificate than the app's active signing certificate/);
  }, 180_000);
});
