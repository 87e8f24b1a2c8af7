import { CreateAccessKeyCommand, IAMClient, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { beforeEach, describe, expect, it } from "vitest";
import { SANDBOX } from "../../sandbox/fixtures";
import { keyring } from "../crypto/keyring";
import { decryptSecretOrThrow } from "../crypto/secrets";
import { sandboxTestBed } from "../testing/test-bed";
import { loadRoleManagerKey } from "./role-manager-key";
import {
  deleteBlockingRoleManagerKey,
  retireOldRoleManagerKey,
  roleManagerRotationStatus,
  rotateRoleManagerKey,
  ROTATION_PURPOSE,
  type PhaseAuditEvent,
} from "./rotate-role-manager-key";
import { runSetupStep, withSetupContext } from "./run-step";
import { chooseFederationMode, loadChecklist } from "./store";
import { driveChecklist } from "./testing/drive-checklist";

// The guided rotation of the role-manager key through the real gateways against the sandbox, on each database
// provider: the whole rotation, a fault after the key was created resumed without a third key, a crash between
// CreateAccessKey and storing its secret, and IAM's two-key limit.
const bed = sandboxTestBed({ pace: { replicationDelayMs: 0 } });
const { database, call: admin } = bed;
const actor = { email: "portal.admin@contoso-sandbox.onmicrosoft.com", name: "Portal Admin" };
const FEDERATION = "it-key-rotation";

const adminIam = () =>
  new IAMClient({
    endpoint: `${bed.url}/aws/iam`,
    region: "us-east-1",
    credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
  });

async function iamKeys() {
  const iam = adminIam();
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: "EntraRoleManager" }))).AccessKeyMetadata ?? [];
  iam.destroy();
  return keys.map((k) => ({ id: k.AccessKeyId ?? "", status: k.Status }));
}

const events: PhaseAuditEvent[] = [];
const audit = async (event: PhaseAuditEvent) => {
  events.push(event);
};
const inContext = <T>(work: Parameters<typeof withSetupContext<T>>[3]) => withSetupContext(database, actor, FEDERATION, work);
const status = () => inContext((c) => roleManagerRotationStatus(c));

beforeEach(async () => {
  events.length = 0;
  await chooseFederationMode(database, FEDERATION, "legacy-iam");
  const done = await driveChecklist(database, { federationId: FEDERATION, sandboxUrl: bed.url, actor, until: "role-import" });
  expect(Object.entries(done).filter(([, r]) => !r.ok)).toEqual([]);
}, 120_000);

describe("role-manager key rotation", () => {
  it("creates, tests and switches to a second key, then deactivates, deletes and confirms; every phase audited intent then outcome", async () => {
    const old = await loadRoleManagerKey(database, keyring(), FEDERATION);
    expect(await iamKeys()).toEqual([{ id: old?.accessKeyId, status: "Active" }]);

    const rotated = await inContext((c) => rotateRoleManagerKey(c, audit));
    expect(rotated).toMatchObject({
      phase: "switched",
      oldKeyId: old?.accessKeyId,
      message: expect.stringMatching(/now uses the new key AKIA\w+.*Next: retire the old key/),
    });
    const current = await loadRoleManagerKey(database, keyring(), FEDERATION);
    expect(current?.accessKeyId).toBe(rotated.newKeyId);
    expect(current?.accessKeyId).not.toBe(old?.accessKeyId);
    expect((await iamKeys()).map((k) => k.id).sort()).toEqual([old?.accessKeyId, current?.accessKeyId].sort());
    // The facts follow (the expiry watch reads the key's age there), never a secret.
    const facts = (await loadChecklist(database, FEDERATION)).facts;
    expect(facts.roleImport?.accessKeyId).toBe(current?.accessKeyId);
    expect(JSON.stringify(facts)).not.toContain(current?.secretAccessKey);
    expect(await status()).toMatchObject({ phase: "switched", oldKeyId: old?.accessKeyId, currentKeyId: current?.accessKeyId });
    // Entra's role import runs with the new key: the step verifies with the saved credentials.
    expect(await runSetupStep(database, "role-import", "verify", undefined, actor, FEDERATION)).toMatchObject({
      ok: true,
      evidence: { accessKey: current?.accessKeyId },
    });

    // Rotating again before retiring changes nothing.
    expect(await inContext((c) => rotateRoleManagerKey(c, audit))).toMatchObject({
      phase: "switched",
      message: expect.stringMatching(/already uses the new key/),
    });
    expect(await iamKeys()).toHaveLength(2);

    const retired = await inContext((c) => retireOldRoleManagerKey(c, audit));
    expect(retired).toMatchObject({ retired: true, message: expect.stringMatching(/Rotation complete/) });
    expect(await iamKeys()).toEqual([{ id: current?.accessKeyId, status: "Active" }]);
    expect(await status()).toMatchObject({ phase: null, currentKeyId: current?.accessKeyId });
    const row = await database.federation.findUniqueOrThrow({ where: { id: FEDERATION }, select: { roleManagerKeyRotation: true } });
    expect(row.roleManagerKeyRotation).toBeNull();

    // Each phase: an intent before its outcome with the same correlation id; no secret in what the rows say.
    const phases = events.map((e) => `${e.phase}:${e.result}`);
    expect(phases).toEqual([
      "create-key:intent",
      "create-key:success",
      "test-new-key:intent",
      "test-new-key:success",
      "switch:intent",
      "switch:success",
      "deactivate-old:intent",
      "deactivate-old:success",
      "delete-old:intent",
      "delete-old:success",
      "confirm:intent",
      "confirm:success",
    ]);
    for (let i = 0; i < events.length; i += 2) expect(events[i]?.correlationId).toBe(events[i + 1]?.correlationId);
    const written = JSON.stringify(events.map(({ secrets: _secrets, ...rest }) => rest));
    expect(written).not.toContain(old?.secretAccessKey);
    expect(written).not.toContain(current?.secretAccessKey);
  }, 120_000);

  it("Entra failing (500) after the key was created: the attempt stops with the new key stored, and the retry adopts it (no third key)", async () => {
    const old = await loadRoleManagerKey(database, keyring(), FEDERATION);
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", match: "validateCredentials", status: 500, times: 100 });
    await expect(inContext((c) => rotateRoleManagerKey(c, audit))).rejects.toThrow(/throttling or unavailable/);
    await admin("DELETE", "/_sandbox/faults");
    const afterFault = await iamKeys();
    expect(afterFault).toHaveLength(2);
    const made = afterFault.find((k) => k.id !== old?.accessKeyId)?.id;
    // Entra and the portal still use the old key; the new one waits, encrypted, to be adopted.
    expect((await loadRoleManagerKey(database, keyring(), FEDERATION))?.accessKeyId).toBe(old?.accessKeyId);
    expect(await status()).toMatchObject({ phase: "created", newKeyId: made });
    expect(events.filter((e) => e.phase === "test-new-key").map((e) => e.result)).toEqual(["intent", "failure"]);

    const resumed = await inContext((c) => rotateRoleManagerKey(c, audit));
    expect(resumed).toMatchObject({ phase: "switched", newKeyId: made });
    expect((await iamKeys()).map((k) => k.id).sort()).toEqual([old?.accessKeyId, made].sort());
    expect(events.filter((e) => e.phase === "create-key" && e.result === "intent")).toHaveLength(1);

    // IAM refuses a third key as AWS does.
    const iam = adminIam();
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: "EntraRoleManager" }))).rejects.toMatchObject({ name: "LimitExceededException" });
    iam.destroy();

    // The retirement cut off after the deactivation (Entra failing on the Test Connection that follows it): the old
    // key stays deactivated, not deleted, and the retry goes on from there.
    await admin("POST", "/_sandbox/faults", { pathPrefix: "/graph", match: "validateCredentials", status: 500, times: 100 });
    await expect(inContext((c) => retireOldRoleManagerKey(c, audit))).rejects.toThrow(/deactivated, not deleted/);
    await admin("DELETE", "/_sandbox/faults");
    expect(await status()).toMatchObject({ phase: "switched" });
    expect(await iamKeys()).toContainEqual({ id: old?.accessKeyId, status: "Inactive" });
    expect(await inContext((c) => retireOldRoleManagerKey(c, audit))).toMatchObject({ retired: true });
    expect(await iamKeys()).toEqual([{ id: made, status: "Active" }]);
    expect(events.filter((e) => e.phase === "deactivate-old").map((e) => e.result)).toEqual(["intent", "failure", "intent", "success"]);
    expect(events.filter((e) => e.phase === "delete-old").map((e) => e.result)).toEqual(["intent", "success"]);
  }, 180_000);

  it("a crash between CreateAccessKey and storing its secret: the retry names the orphan key instead of making a third, and deletes it only when asked", async () => {
    const old = await loadRoleManagerKey(database, keyring(), FEDERATION);
    // The attempt recorded the ids IAM had, then AWS made a key whose answer never reached the database.
    await inContext(async (c) => {
      const { encryptSecret } = await import("../crypto/secrets");
      const state = {
        phase: "creating",
        startedAt: new Date().toISOString(),
        startedBy: actor.email,
        knownKeyIds: [old?.accessKeyId],
        oldKeyId: old?.accessKeyId,
      };
      await database.federation.update({
        where: { id: FEDERATION },
        data: { roleManagerKeyRotation: encryptSecret(c.keyring, ROTATION_PURPOSE, JSON.stringify(state)) },
      });
    });
    const iam = adminIam();
    const orphan = (await iam.send(new CreateAccessKeyCommand({ UserName: "EntraRoleManager" }))).AccessKey?.AccessKeyId ?? "";
    iam.destroy();

    await expect(inContext((c) => rotateRoleManagerKey(c, audit))).rejects.toThrow(new RegExp(`${orphan}, which an earlier attempt of this rotation created`));
    expect(await iamKeys()).toHaveLength(2);
    expect(await status()).toMatchObject({ blockedBy: { accessKeyId: orphan, fromInterruptedAttempt: true } });

    // The key Entra uses is never deleted, nor a key the rotation did not name.
    await expect(inContext((c) => deleteBlockingRoleManagerKey(c, old?.accessKeyId ?? "", audit))).rejects.toThrow(/Nothing was deleted/);
    await expect(inContext((c) => deleteBlockingRoleManagerKey(c, "AKIANOTNAMED00000000", audit))).rejects.toThrow(/Nothing was deleted/);
    expect(await iamKeys()).toHaveLength(2);

    expect(await inContext((c) => deleteBlockingRoleManagerKey(c, orphan, audit))).toMatchObject({ message: expect.stringMatching(/is deleted/) });
    expect(await iamKeys()).toEqual([{ id: old?.accessKeyId, status: "Active" }]);
    const rotated = await inContext((c) => rotateRoleManagerKey(c, audit));
    expect(rotated.phase).toBe("switched");
    expect((await iamKeys()).map((k) => k.id).sort()).toEqual([old?.accessKeyId, rotated.newKeyId].sort());
    // The state column is ciphertext under its own purpose.
    const row = await database.federation.findUniqueOrThrow({ where: { id: FEDERATION }, select: { roleManagerKeyRotation: true } });
    expect(row.roleManagerKeyRotation).toMatch(/^ib1\./);
    expect(JSON.parse(decryptSecretOrThrow(keyring(), ROTATION_PURPOSE, row.roleManagerKeyRotation ?? ""))).toMatchObject({ phase: "switched" });
  }, 180_000);

  it("a second key the portal does not hold is named with its age, never the stored one, and one attempt runs at a time", async () => {
    const iam = adminIam();
    const foreign = (await iam.send(new CreateAccessKeyCommand({ UserName: "EntraRoleManager" }))).AccessKey?.AccessKeyId ?? "";
    iam.destroy();
    await expect(inContext((c) => rotateRoleManagerKey(c, audit))).rejects.toThrow(
      new RegExp(`two access keys .*${foreign} \\(created \\d{4}-\\d\\d-\\d\\d, never used\\), which the portal does not hold`),
    );
    expect(events).toEqual([]);
    expect(await status()).toMatchObject({ blockedBy: { accessKeyId: foreign, fromInterruptedAttempt: false } });

    await database.federation.update({ where: { id: FEDERATION }, data: { roleManagerKeyRotationLeaseUntil: new Date(Date.now() + 60_000) } });
    await expect(inContext((c) => deleteBlockingRoleManagerKey(c, foreign, audit))).rejects.toThrow(/Another rotation attempt/);
    await database.federation.update({ where: { id: FEDERATION }, data: { roleManagerKeyRotationLeaseUntil: null } });
    expect(await iamKeys()).toHaveLength(2);
  }, 120_000);
});
