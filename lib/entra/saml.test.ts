import { X509Certificate, createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplicationProgress } from "./call";
import { configureBasicSaml, previewBasicSaml } from "./configure-basic-saml";
import { ensureSigningCertificate } from "./ensure-signing-certificate";
import { fetchFederationMetadata } from "./fetch-federation-metadata";
import { ensureGalleryApp, previewGalleryApp, type EnsureGalleryAppResult } from "./gallery-app";
import { setNotificationEmails } from "./set-notification-emails";
import { setSamlSingleSignOn } from "./set-saml-single-sign-on";
import { FIXTURE, startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";
import { collectRequestIds } from "../request-context";

const FAST = { initialMs: 20, maxMs: 50, timeoutMs: 5_000 };
const NAME = "AWS IAM Identity Center";
const REGION = "eu-west-1";
const ACS = `https://${REGION}.signin.aws.amazon.com/platform/saml/acs/d-9067c1a2b3`;
const ENTITY = `https://${REGION}.signin.aws.amazon.com/platform/saml/d-9067c1a2b3`;

describe("gallery app, SAML, certificate and metadata against the sandbox", () => {
  let s: EntraGatewaySandbox;
  let app: EnsureGalleryAppResult;
  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
  });
  afterAll(() => s.close());

  it("ensureGalleryApp: preview says create, first call waits out replication with progress, second adopts", async () => {
    const spec = { templateId: FIXTURE.templates.identityCenter, displayName: NAME };
    expect(await previewGalleryApp(s.gateway, spec)).toMatchObject({ action: "create", existing: null, wrongTemplate: [] });

    const progress: ReplicationProgress[] = [];
    const created = await collectRequestIds(() =>
      ensureGalleryApp(s.gateway, spec, {
        backoff: FAST,
        onProgress: async (p) => {
          progress.push(p);
          // The sandbox hides new objects for replicationDelayMs of its clock; move it on after the first wait.
          if (progress.length === 2) await s.advance(10_000);
        },
      }),
    );
    app = created.result;
    expect(app).toMatchObject({ outcome: "created", displayName: NAME, templateId: spec.templateId, replicationWaits: 2 });
    expect(progress.map((p) => p.waitingOn)).toEqual(["not-found", "not-found"]);
    expect(created.requestIds.length).toBeGreaterThanOrEqual(4);

    const again = await ensureGalleryApp(s.gateway, spec, { backoff: FAST });
    expect(again).toMatchObject({
      outcome: "adopted",
      servicePrincipalId: app.servicePrincipalId,
      applicationObjectId: app.applicationObjectId,
      appId: app.appId,
    });
    expect(await previewGalleryApp(s.gateway, spec)).toMatchObject({ action: "adopt", duplicates: [] });
  });

  it("reports a wrong gallery app with the wanted name instead of creating a second", async () => {
    await s.admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    await s.gateway.run("InstantiateApplicationTemplate", () =>
      s.gateway.api(`/applicationTemplates/${FIXTURE.templates.singleAccount}/instantiate`).post({ displayName: "AWS Prod" }),
    );
    const spec = { templateId: FIXTURE.templates.identityCenter, displayName: "AWS Prod" };
    const preview = await previewGalleryApp(s.gateway, spec);
    expect(preview).toMatchObject({ action: "blocked", existing: null });
    expect(preview.wrongTemplate[0]).toMatchObject({ templateId: FIXTURE.templates.singleAccount, templateDisplayName: "AWS Single-Account Access" });
    await expect(ensureGalleryApp(s.gateway, spec)).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("AWS Single-Account Access") });
  });

  it("SAML mode then basic SAML: preview changes nothing, apply reads back, re-apply is a no-op", async () => {
    const ids = { applicationObjectId: app.applicationObjectId, servicePrincipalId: app.servicePrincipalId };
    const spec = { ...ids, identifierUri: ENTITY, replyUrls: [ACS], signOnUrl: `https://d-9067c1a2b3.awsapps.com/start`, relayState: "/console" };

    const early = await previewBasicSaml(s.gateway, spec);
    expect(early.warnings[0]).toMatch(/SAML/);
    // Without SAML mode Entra refuses an unverified identifier: the error says what to do.
    await expect(configureBasicSaml(s.gateway, spec)).rejects.toMatchObject({
      kind: "validation",
      graphCode: "HostNameNotOnVerifiedDomain",
      message: expect.stringMatching(/SAML/),
    });

    expect(await setSamlSingleSignOn(s.gateway, app.servicePrincipalId)).toMatchObject({
      changed: true,
      previousMode: null,
      preferredSingleSignOnMode: "saml",
    });
    expect(await setSamlSingleSignOn(s.gateway, app.servicePrincipalId)).toMatchObject({ changed: false });

    const preview = await previewBasicSaml(s.gateway, spec);
    expect(preview.warnings).toEqual([]);
    expect(preview.current.replyUrls).toEqual(["https://*.signin.aws.amazon.com/platform/saml/acs/*"]);
    expect(preview.changes.map((c) => c.field)).toEqual(["identifierUris", "replyUrls", "signOnUrl", "relayState"]);
    expect((await previewBasicSaml(s.gateway, spec)).current).toEqual(preview.current);

    const applied = await configureBasicSaml(s.gateway, spec);
    expect(applied.applied).toHaveLength(4);
    expect(applied.readBack).toEqual({
      identifierUris: [ENTITY],
      replyUrls: [ACS],
      signOnUrl: spec.signOnUrl,
      relayState: "/console",
      preferredSingleSignOnMode: "saml",
    });
    expect((await configureBasicSaml(s.gateway, spec)).applied).toEqual([]);
    expect((await previewBasicSaml(s.gateway, spec)).changes).toEqual([]);
    await expect(configureBasicSaml(s.gateway, { ...spec, replyUrls: ["https://*.signin.aws.amazon.com/platform/saml/acs/*"] })).rejects.toMatchObject({
      kind: "validation",
    });
  });

  it("signing certificate: created and activated once, then adopted; the metadata carries it", async () => {
    const created = await ensureSigningCertificate(s.gateway, { servicePrincipalId: app.servicePrincipalId, displayName: "CN=AWS IAM Identity Center" });
    expect(created.outcome).toBe("created");
    expect(created.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(created.daysLeft).toBeGreaterThan(365 * 2);
    const adopted = await ensureSigningCertificate(s.gateway, { servicePrincipalId: app.servicePrincipalId, displayName: "CN=AWS IAM Identity Center" });
    expect(adopted).toMatchObject({ outcome: "adopted", thumbprint: created.thumbprint });
    expect(adopted.certificates.filter((c) => c.active)).toHaveLength(1);
    await expect(ensureSigningCertificate(s.gateway, { servicePrincipalId: app.servicePrincipalId, displayName: "AWS" })).rejects.toMatchObject({
      kind: "validation",
    });

    const metadata = await fetchFederationMetadata(s.gateway, { appId: app.appId });
    expect(metadata.entityId).toBe(`https://sts.windows.net/${FIXTURE.tenantId}/`);
    expect(metadata.certificateThumbprints).toContain(created.thumbprint);
    expect(metadata.fileName).toMatch(/\.xml$/);
    const der = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(metadata.xml)?.[1] ?? "";
    expect(createHash("sha1").update(Buffer.from(der, "base64")).digest("hex").toUpperCase()).toBe(
      new X509Certificate(Buffer.from(der, "base64")).fingerprint.replaceAll(":", ""),
    );
    await expect(fetchFederationMetadata(s.gateway, { appId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({ kind: "not-found" });
  });

  it("notification e-mails: set, read back, idempotent", async () => {
    const first = await setNotificationEmails(s.gateway, app.servicePrincipalId, ["cloud-team@contoso.com", " cloud-team@contoso.com "]);
    expect(first).toMatchObject({ changed: true, notificationEmailAddresses: ["cloud-team@contoso.com"] });
    expect((await setNotificationEmails(s.gateway, app.servicePrincipalId, ["Cloud-Team@contoso.com"])).changed).toBe(false);
    await expect(setNotificationEmails(s.gateway, app.servicePrincipalId, ["nope"])).rejects.toMatchObject({ kind: "validation" });
  });
});
