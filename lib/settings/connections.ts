import "server-only";
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { ActionError } from "../actions/result";
import { encryptSecret, type Keyring } from "../crypto/secrets";
import type { Database } from "../db";
import { awsSettingsColumn, entraSettingsColumn } from "../federation/columns";
import type { AwsConnectionInput, EntraConnectionInput } from "./connection-schemas";

/** What the Settings page may show: never a secret, only whether one is stored. */
export interface EntraConnectionView {
  useSandbox: boolean;
  tenantId?: string;
  clientId?: string;
  credentialType: "secret" | "certificate";
  certificate?: { thumbprint: string; subject: string; notAfter: string };
  hasSecret: boolean;
  updatedAt?: Date;
  updatedBy?: string;
}

export interface AwsConnectionView {
  useSandbox: boolean;
  region?: string;
  credentialSource: "default-chain" | "assume-role";
  roleArn?: string;
  externalId?: string;
  updatedAt?: Date;
  updatedBy?: string;
}

type EntraSettings = Omit<EntraConnectionView, "useSandbox" | "hasSecret" | "updatedAt" | "updatedBy">;
type AwsSettings = Omit<AwsConnectionView, "useSandbox" | "updatedAt" | "updatedBy">;

export const ENTRA_SECRET_PURPOSE = "connection:entra";

export async function getEntraConnection(database: Database): Promise<EntraConnectionView> {
  const row = await database.connection.findUnique({ where: { id: "entra" }, omit: { secret: false } });
  if (!row) return { useSandbox: true, credentialType: "secret", hasSecret: false };
  const settings = entraSettingsColumn.decode(row.settings);
  return { ...settings, useSandbox: row.useSandbox, hasSecret: row.secret !== null, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

export async function getAwsConnection(database: Database): Promise<AwsConnectionView> {
  const row = await database.connection.findUnique({ where: { id: "aws" } });
  if (!row) return { useSandbox: true, credentialSource: "default-chain" };
  const settings = awsSettingsColumn.decode(row.settings);
  return { ...settings, useSandbox: row.useSandbox, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

function describeCertificateOrThrow(certificatePem: string, privateKeyPem: string) {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new ActionError("The certificate could not be read.", { certificatePem: ["this is not a valid X.509 certificate"] });
  }
  let matches = false;
  try {
    const fromKey = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: "spki", format: "der" });
    matches = fromKey.equals(certificate.publicKey.export({ type: "spki", format: "der" }));
  } catch {
    throw new ActionError("The private key could not be read.", { privateKeyPem: ["this is not a valid unencrypted private key"] });
  }
  if (!matches) throw new ActionError("The private key does not belong to the certificate.", { privateKeyPem: ["this key does not match the certificate"] });
  if (new Date(certificate.validTo) < new Date())
    throw new ActionError("The certificate has expired.", { certificatePem: [`expired on ${certificate.validTo}`] });
  return { thumbprint: certificate.fingerprint.replaceAll(":", ""), subject: certificate.subject, notAfter: new Date(certificate.validTo).toISOString() };
}

/** Saves the Entra connection; a blank secret keeps the stored one. Returns before/after for the audit log. */
export async function saveEntraConnection(database: Database, keyring: Keyring, input: EntraConnectionInput, actor: string) {
  const before = await getEntraConnection(database);
  const existing = await database.connection.findUnique({ where: { id: "entra" }, omit: { secret: false } });
  let settings: EntraSettings = { credentialType: input.credentialType };
  let secret: string | null = existing?.secret ?? null;

  if (input.mode === "custom") {
    settings = { tenantId: input.tenantId, clientId: input.clientId, credentialType: input.credentialType };
    if (input.credentialType === "certificate") {
      if (input.certificatePem && input.privateKeyPem) {
        settings.certificate = describeCertificateOrThrow(input.certificatePem, input.privateKeyPem);
        secret = encryptSecret(keyring, ENTRA_SECRET_PURPOSE, JSON.stringify({ privateKeyPem: input.privateKeyPem, certificatePem: input.certificatePem }));
      } else if (before.credentialType === "certificate" && before.certificate && secret) {
        settings.certificate = before.certificate;
      } else {
        throw new ActionError("Add the certificate and its private key.", { certificatePem: ["required for certificate credentials"] });
      }
    } else if (input.clientSecret) {
      secret = encryptSecret(keyring, ENTRA_SECRET_PURPOSE, JSON.stringify({ clientSecret: input.clientSecret }));
    } else if (!(before.credentialType === "secret" && secret)) {
      throw new ActionError("Enter the client secret.", { clientSecret: ["required the first time"] });
    }
  }

  const data = { useSandbox: input.mode === "sandbox", settings: entraSettingsColumn.encode(settings), secret, updatedBy: actor };
  await database.connection.upsert({ where: { id: "entra" }, create: { id: "entra", ...data }, update: data });
  const after = await getEntraConnection(database);
  return { before: auditView(before), after: { ...auditView(after), secretChanged: secret !== (existing?.secret ?? null) } };
}

export async function saveAwsConnection(database: Database, input: AwsConnectionInput, actor: string) {
  const before = await getAwsConnection(database);
  const settings: AwsSettings =
    input.mode === "sandbox"
      ? { credentialSource: "default-chain" }
      : {
          region: input.region,
          credentialSource: input.credentialSource,
          roleArn: input.credentialSource === "assume-role" ? input.roleArn : undefined,
          externalId: input.credentialSource === "assume-role" ? input.externalId : undefined,
        };
  const data = { useSandbox: input.mode === "sandbox", settings: awsSettingsColumn.encode(settings), updatedBy: actor };
  await database.connection.upsert({ where: { id: "aws" }, create: { id: "aws", ...data }, update: data });
  const after = await getAwsConnection(database);
  return { before: auditView(before), after: auditView(after) };
}

function auditView<T extends { updatedAt?: Date; updatedBy?: string }>(view: T) {
  const { updatedAt: _at, updatedBy: _by, ...rest } = view;
  return rest;
}
