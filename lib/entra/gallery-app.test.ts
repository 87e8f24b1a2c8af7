import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureGalleryApp, previewGalleryApp, type GalleryAppRef } from "./gallery-app";
import { FIXTURE, startEntraGatewaySandbox, type EntraGatewaySandbox } from "./testing";

const FAST = { initialMs: 20, maxMs: 50, timeoutMs: 5_000 };

// No second app, ever: a just-created app is hidden from the search by name while Entra replicates it, so the
// ids are recorded before the wait and a re-run adopts by id; apps named alike are reported, never picked.
describe("ensureGalleryApp never makes a second app", () => {
  let s: EntraGatewaySandbox;
  const count = async () => ((await s.admin("GET", "/_sandbox/state")).json.modules as { entra: { applications: number; servicePrincipals: number } }).entra;
  beforeAll(async () => {
    s = await startEntraGatewaySandbox();
  });
  afterAll(() => s.close());

  it("hands the new ids to onCreated before the replication wait, and a re-run with them adopts instead of creating", async () => {
    await s.admin("POST", "/_sandbox/reset");
    await s.admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 60_000 });
    const seeded = await count();
    const spec = { templateId: FIXTURE.templates.identityCenter, displayName: "AWS IAM Identity Center" };
    let recorded: GalleryAppRef | undefined;
    // The first attempt dies during the wait (its backoff runs out long before the sandbox shows the app).
    await expect(
      ensureGalleryApp(s.gateway, spec, {
        backoff: { initialMs: 10, maxMs: 20, timeoutMs: 100 },
        onCreated: (created) => {
          recorded = created;
        },
      }),
    ).rejects.toMatchObject({ kind: "replicating" });
    expect(recorded).toMatchObject({ templateId: spec.templateId, displayName: spec.displayName });
    expect(await count()).toMatchObject({ applications: seeded.applications + 1, servicePrincipals: seeded.servicePrincipals + 1 });
    // Still replicating: the search by name sees nothing, which is how the second app used to be made.
    expect(await previewGalleryApp(s.gateway, spec)).toMatchObject({ action: "create" });
    expect(await previewGalleryApp(s.gateway, spec, { recorded })).toMatchObject({ action: "adopt", duplicates: [] });

    const adopted = ensureGalleryApp(s.gateway, spec, {
      backoff: FAST,
      recorded,
      onProgress: async () => {
        await s.advance(60_000);
      },
    });
    await expect(adopted).resolves.toMatchObject({ outcome: "adopted", appId: recorded?.appId, servicePrincipalId: recorded?.servicePrincipalId });
    expect(await count()).toMatchObject({ applications: seeded.applications + 1, servicePrincipals: seeded.servicePrincipals + 1 });
  });

  it("reports several apps from the template with the name, and adopts only the one the admin names", async () => {
    await s.admin("POST", "/_sandbox/reset");
    await s.admin("POST", "/_sandbox/entra/config", { replicationDelayMs: 0 });
    const seeded = await count();
    const spec = { templateId: FIXTURE.templates.identityCenter, displayName: "AWS IAM Identity Center" };
    const make = () =>
      s.gateway.run("InstantiateApplicationTemplate", () =>
        s.gateway.api(`/applicationTemplates/${spec.templateId}/instantiate`).post({ displayName: spec.displayName }),
      ) as Promise<{ application: { appId: string } }>;
    const first = await make();
    const second = await make();

    const preview = await previewGalleryApp(s.gateway, spec);
    expect(preview).toMatchObject({ action: "choose", existing: null });
    expect(preview.duplicates.map((d) => d.appId).sort()).toEqual([first.application.appId, second.application.appId].sort());
    await expect(ensureGalleryApp(s.gateway, spec, { backoff: FAST })).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining(second.application.appId),
    });
    expect(await count()).toMatchObject({ applications: seeded.applications + 2 });

    const kept = await ensureGalleryApp(s.gateway, spec, { backoff: FAST, keepAppId: second.application.appId });
    expect(kept).toMatchObject({ outcome: "adopted", appId: second.application.appId });
    // With an app recorded, Preview adopts that one and lists the other as a duplicate, never as "adopted".
    const recordedPreview = await previewGalleryApp(s.gateway, spec, { recorded: kept });
    expect(recordedPreview).toMatchObject({ action: "adopt", existing: { appId: second.application.appId } });
    expect(recordedPreview.duplicates.map((d) => d.appId)).toEqual([first.application.appId]);
    expect(await count()).toMatchObject({ applications: seeded.applications + 2 });
  });
});
