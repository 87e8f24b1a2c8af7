import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureProvisioningJob } from "./ensure-provisioning-job";
import { ensureSigningCertificate } from "./ensure-signing-certificate";
import { fetchFederationMetadata } from "./fetch-federation-metadata";
import { ensureGalleryApp, type EnsureGalleryAppResult } from "./gallery-app";
import type { JobRef } from "./provisioning-job";
import { setSamlSingleSignOn } from "./set-saml-single-sign-on";
import { FIXTURE, startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";
import { validateCredentials } from "./validate-credentials";

const FAST = { initialMs: 20, maxMs: 50, timeoutMs: 5_000 };

// Issue 12: a passing SCIM 429/5xx in Test Connection told the admin to copy the endpoint and token again, and the
// metadata fetch had no retry. Passing faults are retried (Retry-After honoured) and, if they persist, named as such.
describe("transient faults are retried and named as faults, bad input still says so", () => {
  let s: EntraGatewaySandbox;
  let app: EnsureGalleryAppResult;
  let ref: JobRef;
  let scim: { endpoint: string; token: string };
  const waits: number[] = [];
  const retry = { policy: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20, budgetMs: 60_000 }, sleep: async (ms: number) => void waits.push(ms) };

  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
    await s.admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    app = await ensureGalleryApp(s.gateway, { templateId: FIXTURE.templates.identityCenter, displayName: "AWS IAM Identity Center" }, { backoff: FAST });
    await setSamlSingleSignOn(s.gateway, app.servicePrincipalId);
    await ensureSigningCertificate(s.gateway, { servicePrincipalId: app.servicePrincipalId, displayName: "CN=AWS IAM Identity Center" });
    scim = await s.enableAwsScim(app.appId);
    const job = await ensureProvisioningJob(s.gateway, { servicePrincipalId: app.servicePrincipalId }, { backoff: FAST });
    ref = { servicePrincipalId: app.servicePrincipalId, jobId: job.jobId };
  });
  afterAll(() => s.close());

  it("Test Connection: a SCIM 429 or 5xx behind it is retried", async () => {
    waits.length = 0;
    await s.fault({ pathPrefix: "/scim", throttleRetryAfterSeconds: 1, times: 2 });
    expect(await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: scim.token }, { retry })).toMatchObject({ ok: true });
    expect(waits).toHaveLength(2);
    waits.length = 0;
    await s.fault({ pathPrefix: "/scim", status: 502, times: 1 });
    expect(await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: scim.token }, { retry })).toMatchObject({ ok: true });
    expect(waits).toHaveLength(1);
  });

  it("Test Connection: a SCIM endpoint that keeps throttling is a fault, never 'copy them again'", async () => {
    await s.fault({ pathPrefix: "/scim", throttleRetryAfterSeconds: 1, times: 10 });
    const failure = await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: scim.token }, { retry }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: "throttled", message: expect.stringMatching(/throttling or unavailable.*3 tries.*not a problem with the tenant URL or token/) });
    expect((failure as Error).message).not.toMatch(/Copy both again/);
    await s.clearFaults();
  });

  it("Test Connection: Graph's own 500 (which the SDK does not retry) is retried too", async () => {
    waits.length = 0;
    await s.fault({ pathPrefix: "/graph", match: "validateCredentials", status: 500, times: 1 });
    expect(await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: scim.token }, { retry })).toMatchObject({ ok: true });
    expect(waits).toHaveLength(1);
  });

  it("Test Connection: a wrong token still says to check it, at once", async () => {
    waits.length = 0;
    const bad = await validateCredentials(s.gateway, { ...ref, baseAddress: scim.endpoint, secretToken: "not-the-token" }, { retry });
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/AWS console/) });
    expect(waits).toEqual([]);
  });

  it("federation metadata: a 503 is retried, honouring Retry-After; a persisting one is named as a fault", async () => {
    waits.length = 0;
    await s.fault({ pathPrefix: "/login", match: "federationmetadata", throttleRetryAfterSeconds: 3, times: 2 });
    expect((await fetchFederationMetadata(s.gateway, { appId: app.appId }, { retry })).entityId).toBeTruthy();
    expect(waits).toEqual([3_000, 3_000]);
    waits.length = 0;
    await s.fault({ pathPrefix: "/login", match: "federationmetadata", status: 503, times: 1 });
    expect((await fetchFederationMetadata(s.gateway, { appId: app.appId }, { retry })).entityId).toBeTruthy();
    expect(waits).toHaveLength(1);

    await s.fault({ pathPrefix: "/login", match: "federationmetadata", status: 503, times: 10 });
    await expect(fetchFederationMetadata(s.gateway, { appId: app.appId }, { retry })).rejects.toMatchObject({
      kind: "unavailable",
      message: expect.stringMatching(/throttling or unavailable.*3 tries/),
    });
    await s.clearFaults();
  });
});
