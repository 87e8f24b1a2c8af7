import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
import { RoleManagerKeyRotation, type RotationView } from "./role-manager-key-rotation-client";

const never = async (): Promise<ActionResult<unknown>> => ({ ok: false, formError: "not in this test" });
const base: RotationView = {
  phase: null,
  currentKeyId: "AKIACURRENT000000001",
  keyCreatedAt: "2025-11-01T00:00:00.000Z",
  oldKeyId: null,
  newKeyId: null,
  startedAt: null,
  startedBy: null,
  blockedBy: null,
};
const render = (rotation: Partial<RotationView>, canRun = true) =>
  renderToStaticMarkup(<RoleManagerKeyRotation federationId="f" rotation={{ ...base, ...rotation }} canRun={canRun} rotate={never} retire={never} deleteOther={never} />);
const stages = (html: string) => [...html.matchAll(/data-testid="key-rotation-stage-(\d)" data-state="(\w+)"/g)].map((m) => m[2]);

describe("RoleManagerKeyRotation", () => {
  it("with no rotation under way offers to rotate, every stage still to do", () => {
    const html = render({});
    expect(stages(html)).toEqual(["later", "later", "later", "later", "later"]);
    expect(html).toContain("Rotate the key…");
    expect(html).not.toContain("Retire the old key");
  });

  it("after a fault with the new key stored it offers to resume, stage 1 done and stage 2 current", () => {
    const html = render({ phase: "created", newKeyId: "AKIANEW0000000000001", oldKeyId: "AKIACURRENT000000001", startedAt: "2026-11-30T10:00:00.000Z", startedBy: "a@b" });
    expect(stages(html)).toEqual(["done", "current", "later", "later", "later"]);
    expect(html).toContain("Resume the rotation…");
    expect(html).toContain("resumes where it stopped");
  });

  it("once Entra uses the new key it offers to retire the old one, never to rotate again", () => {
    const html = render({ phase: "switched", oldKeyId: "AKIAOLD0000000000001", currentKeyId: "AKIANEW0000000000001" });
    expect(stages(html)).toEqual(["done", "done", "done", "current", "later"]);
    expect(html).toContain("Retire the old key AKIAOLD0000000000001…");
    expect(html).not.toContain("Rotate the key…");
  });

  it("names a blocking second key with its age and offers to delete it, not the key Entra uses; read-only roles get no buttons", () => {
    const blocked = { phase: "creating" as const, blockedBy: { accessKeyId: "AKIAOTHER00000000001", createdAt: "2024-01-02T00:00:00.000Z", lastUsed: null, fromInterruptedAttempt: false } };
    const html = render(blocked);
    expect(html).toContain("created 2024-01-02, never used, not held by the portal");
    expect(html).toContain("Delete AKIAOTHER00000000001…");
    expect(html).not.toContain("Delete AKIACURRENT000000001");
    const readOnly = render(blocked, false);
    expect(readOnly).not.toContain("<button");
  });
});
