import { SANDBOX } from "../../../sandbox/fixtures";
import { formFields, pickUser } from "../../../sandbox/sign-in-testing";
import type { Database } from "../../db";
import { runSetupStep, type StepRunResult } from "../run-step";
import { loadChecklist } from "../store";
import { checklistFor } from "../checklists";
import { watchSignInTest } from "../watch-sign-in-test";
import { DEFAULT_PERMISSION_SETS, type StepId } from "../steps";

/**
 * Drives the whole checklist against the sandbox as an admin would, doing the console-only AWS steps
 * through the sandbox's console API. Shared by the integration test and the benchmark.
 */
export interface DriveOptions {
  federationId: string;
  sandboxUrl: string;
  actor?: { email: string; name: string };
  user?: string;
  /** Kept between runs, so a second run can paste the same token again. */
  memory?: { scim?: { endpoint: string; token: string } };
  onStep?(step: StepId, result: StepRunResult, elapsedMs: number): void | Promise<void>;
  /** Stop after this step. */
  until?: StepId;
  /** Inputs for steps of the legacy checklist (member accounts, roles), by step id. */
  inputs?: Partial<Record<StepId, unknown>>;
}

async function sandbox<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return (text.startsWith("{") ? JSON.parse(text) : text) as T;
}

export async function driveChecklist(database: Database, options: DriveOptions): Promise<Record<StepId, StepRunResult>> {
  const { federationId, sandboxUrl } = options;
  const actor = options.actor ?? { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };
  const memory = options.memory ?? {};
  const results = {} as Record<StepId, StepRunResult>;
  const status = () => sandbox<{ instance: { enabled: boolean }; provisioning: { enabled: boolean } }>(sandboxUrl, "GET", "/_sandbox/aws/status");

  // The federation's own checklist (Identity Center unless it was created in another mode).
  const { mode } = await loadChecklist(database, federationId);
  for (const step of checklistFor(mode).map((s) => s.id)) {
    let input: unknown = options.inputs?.[step];
    switch (step) {
      case "enable-instance":
        if (!(await status()).instance.enabled) await sandbox(sandboxUrl, "POST", "/_sandbox/aws/instance/enable");
        break;
      case "aws-metadata":
        input = { xml: await sandbox<string>(sandboxUrl, "GET", "/_sandbox/aws/sp-metadata") };
        break;
      case "idp-metadata-upload": {
        const { facts } = await loadChecklist(database, federationId);
        if (facts.idpMetadata)
          await sandbox(sandboxUrl, "POST", "/_sandbox/aws/identity-source", { type: "EXTERNAL_IDP", metadataXml: facts.idpMetadata.xml, confirm: "ACCEPT" });
        break;
      }
      case "scim-endpoint":
        if (!memory.scim) {
          const enabled = await sandbox<{ scimEndpoint: string; token: { accessToken: string } }>(sandboxUrl, "POST", "/_sandbox/aws/provisioning/enable");
          memory.scim = { endpoint: enabled.scimEndpoint, token: enabled.token.accessToken };
        }
        input = memory.scim;
        break;
      case "role-assignments":
        input ??= {
          assignments: [
            { principal: options.user ?? "jane.doe@contoso-sandbox.onmicrosoft.com", role: "EntraReadOnly" },
            { principal: "Project Admins", role: "EntraAdministrator" },
          ],
        };
        break;
      case "mappings":
        input = { groupSync: true };
        break;
      case "scope-assignments":
        input = { principals: ["Project Admins", "Project Users", "Project Readers"] };
        break;
      case "prove-user":
        input = { userPrincipalName: options.user ?? "jane.doe@contoso-sandbox.onmicrosoft.com" };
        break;
      case "permission-sets":
        input = { sets: DEFAULT_PERMISSION_SETS.map(({ name, managedPolicyArn }) => ({ name, managedPolicyArn })) };
        break;
      case "account-access":
        input = {
          grants: DEFAULT_PERMISSION_SETS.map(({ name }, i) => ({
            group: ["Project Admins", "Project Users", "Project Readers"][i],
            permissionSet: name,
            targets: [...SANDBOX.aws.memberAccountIds],
          })),
        };
        break;
      case "test-sign-in": {
        // Start the watch, sign the user in through the sandbox's access portal as a browser would, then let the
        // step record the attempt (what the card's watcher does when it sees it).
        const upn = options.user ?? "jane.doe@contoso-sandbox.onmicrosoft.com";
        const started = performance.now();
        const start = await runSetupStep(database, step, "run", { userPrincipalName: upn }, actor, federationId);
        const watchId = (await latestWatchId(database, federationId)) ?? "";
        const startUrl = start.ok ? String(start.evidence.startUrl) : await startUrlOf(database, federationId, sandboxUrl);
        await signInThroughSandbox(sandboxUrl, startUrl, upn);
        // As the card does: poll the watch until it sees the attempt (each log read is shared for a few seconds).
        for (let waited = 0; waited < 30_000; waited += 1_000) {
          if ((await watchSignInTest(database, actor, federationId)).state !== "watching") break;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        const result = await runSetupStep(database, step, "run", { watchId }, actor, federationId);
        results[step] = result;
        await options.onStep?.(step, result, performance.now() - started);
        if (!result.ok || step === options.until) return results;
        continue;
      }
      default:
        break;
    }
    const started = performance.now();
    const result = await runSetupStep(database, step, "run", input, actor, federationId);
    results[step] = result;
    await options.onStep?.(step, result, performance.now() - started);
    if (!result.ok || step === options.until) break;
  }
  return results;
}

async function latestWatchId(database: Database, federationId: string): Promise<string | null> {
  return (await database.signInTest.findFirst({ where: { federationId }, orderBy: { startedAt: "desc" }, select: { id: true } }))?.id ?? null;
}

async function startUrlOf(database: Database, federationId: string, sandboxUrl: string): Promise<string> {
  const { facts } = await loadChecklist(database, federationId);
  return `${sandboxUrl}/awsapps/${facts.instance?.identityStoreId ?? ""}/start`;
}

/**
 * What a person does in the new tab, over plain HTTP: the access portal start URL → Entra's account picker → pick
 * the user → Entra's auto-POST form → AWS's ACS. Returns AWS's page (the access portal, or its error page).
 */
export async function signInThroughSandbox(sandboxUrl: string, startUrl: string, upn: string): Promise<{ status: number; html: string }> {
  const start = await fetch(startUrl, { redirect: "manual" });
  const picker = start.headers.get("location");
  if (!picker) throw new Error(`the access portal answered ${start.status} without sending to Entra`);
  const pickerHtml = await (await fetch(picker)).text();
  const post = async (url: string, fields: Record<string, string>) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
    return { status: res.status, html: await res.text() };
  };
  const absolute = (url: string) => (url.startsWith("/") ? `${sandboxUrl}${url}` : url);
  const pick = formFields(pickerHtml, /continue/);
  const entra = await post(absolute(pick.action), { ...pick.fields, user_oid: pickUser(pickerHtml, upn) });
  if (entra.status !== 200 || !/SAMLResponse/.test(entra.html)) return entra;
  const response = formFields(entra.html, /saml/);
  return post(absolute(response.action), response.fields);
}
