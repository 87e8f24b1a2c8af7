import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../audit/append";
import { createKeyring, decryptSecretOrThrow } from "../crypto/secrets";
import { testDatabase, withAuditTriggersOff } from "../testing/database";
import { entraConnectionInput } from "./connection-schemas";
import { ENTRA_SECRET_PURPOSE, getEntraConnection, saveAwsConnection, saveEntraConnection } from "./connections";

const database = testDatabase();
const ring = createKeyring([{ version: 1, key: randomBytes(32) }]);
const SECRET = "Qx8~sandbox-client-secret-value-42";
afterAll(() => database.$disconnect());

beforeEach(async () => {
  await database.connection.deleteMany({});
  await withAuditTriggersOff(database, () => database.$executeRawUnsafe(`DELETE FROM "AuditEvent"`));
});

const custom = (extra: Record<string, string> = {}) =>
  entraConnectionInput.parse({ mode: "custom", tenantId: "contoso.onmicrosoft.com", clientId: "11111111-2222-3333-4444-555555555555", credentialType: "secret", ...extra });

function selfSignedPair() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ib-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/k.pem`, "-out", `${dir}/c.pem`, "-days", "30", "-subj", "/CN=identity-bridge-test"], { stdio: "ignore" });
  return { certificatePem: fs.readFileSync(`${dir}/c.pem`, "utf8"), privateKeyPem: fs.readFileSync(`${dir}/k.pem`, "utf8") };
}

describe("connections", () => {
  it("stores the client secret encrypted, never returns it, and keeps it when the field is left blank", async () => {
    await saveEntraConnection(database, ring, custom({ clientSecret: SECRET }), "admin@example.test");
    const raw = await database.connection.findUniqueOrThrow({ where: { id: "entra" }, omit: { secret: false } });
    expect(raw.secret).not.toContain(SECRET);
    expect(JSON.parse(decryptSecretOrThrow(ring, ENTRA_SECRET_PURPOSE, raw.secret ?? ""))).toEqual({ clientSecret: SECRET });
    // the default query omits the secret column entirely
    expect(Object.keys(await database.connection.findUniqueOrThrow({ where: { id: "entra" } }))).not.toContain("secret");

    const view = await getEntraConnection(database);
    expect(view).toMatchObject({ useSandbox: false, tenantId: "contoso.onmicrosoft.com", hasSecret: true });
    expect(JSON.stringify(view)).not.toContain(SECRET);

    const change = await saveEntraConnection(database, ring, custom({ clientId: "99999999-2222-3333-4444-555555555555" }), "admin@example.test");
    expect(change.after.secretChanged).toBe(false);
    const again = await database.connection.findUniqueOrThrow({ where: { id: "entra" }, omit: { secret: false } });
    expect(again.secret).toBe(raw.secret);
  });

  it("requires a secret the first time and accepts a matching certificate and key", async () => {
    await expect(saveEntraConnection(database, ring, custom(), "a")).rejects.toThrow(/client secret/);
    const pair = selfSignedPair();
    const saved = await saveEntraConnection(database, ring, custom({ credentialType: "certificate", ...pair }), "a");
    expect(saved.after.certificate?.subject).toContain("identity-bridge-test");
    const other = selfSignedPair();
    await expect(saveEntraConnection(database, ring, custom({ credentialType: "certificate", certificatePem: pair.certificatePem, privateKeyPem: other.privateKeyPem }), "a")).rejects.toThrow(
      /does not belong to the certificate/,
    );
  });

  it("never writes the secret into an audit row", async () => {
    const change = await saveEntraConnection(database, ring, custom({ clientSecret: SECRET }), "admin@example.test");
    // What the settings action records, including an upstream error that echoes the secret.
    await appendAuditEvent(database, {
      actor: "admin@example.test",
      role: "admin",
      action: "settings.connections.entra.update",
      target: "connection:entra",
      ...change,
      error: `upstream rejected client_secret=${SECRET}`,
      result: "failure",
      knownSecrets: [SECRET],
    });
    await appendAuditEvent(database, { actor: "a", role: "admin", action: "x", after: { clientSecret: SECRET, nested: { token: SECRET } }, result: "success" });
    const rows = await database.auditEvent.findMany();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });

  it("saves the AWS connection without any secret", async () => {
    const change = await saveAwsConnection(
      database,
      { mode: "custom", region: "eu-west-1", credentialSource: "assume-role", roleArn: "arn:aws:iam::123456789012:role/IdentityBridge", externalId: undefined },
      "admin@example.test",
    );
    expect(change.before).toMatchObject({ useSandbox: true });
    expect(change.after).toMatchObject({ useSandbox: false, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/IdentityBridge" });
  });
});
