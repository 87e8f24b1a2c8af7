import "server-only";
import { CreateSAMLProviderCommand, GetSAMLProviderCommand, ListSAMLProvidersCommand, UpdateSAMLProviderCommand } from "@aws-sdk/client-iam";
import { callAws } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError, isAwsGatewayError } from "./errors";

export type EnsureSamlProviderResult = { outcome: "created" | "updated" | "kept"; providerArn: string };

const NAME = /^[\w._-]{1,128}$/;

async function findProviderArn(clients: AwsClients, name: string): Promise<string | undefined> {
  const listed = await callAws("ListSAMLProviders", () => clients.iam.send(new ListSAMLProvidersCommand({})));
  return listed.SAMLProviderList?.find((p) => p.Arn?.endsWith(`:saml-provider/${name}`))?.Arn;
}

/** The provider's metadata document as IAM holds it. */
export async function readSamlProviderMetadata(clients: AwsClients, providerArn: string): Promise<string> {
  return (await readSamlProvider(clients, providerArn)).metadata;
}

/** A SAML provider as IAM holds it (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSAMLProvider.html): its metadata and dates. */
export async function readSamlProvider(clients: AwsClients, providerArn: string): Promise<{ metadata: string; createdAt: string | null; validUntil: string | null }> {
  const out = await callAws("GetSAMLProvider", () => clients.iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: providerArn })));
  return { metadata: out.SAMLMetadataDocument ?? "", createdAt: out.CreateDate?.toISOString() ?? null, validUntil: out.ValidUntil?.toISOString() ?? null };
}

export type SamlProviderPreview = { action: "create" } | { action: "update" | "keep"; providerArn: string };

/** What ensureSamlProvider would do: create the provider, replace its metadata, or keep it (already this document). */
export async function previewSamlProvider(clients: AwsClients, name: string, metadataXml: string): Promise<SamlProviderPreview> {
  const existing = await findProviderArn(clients, name);
  if (!existing) return { action: "create" };
  const current = await readSamlProviderMetadata(clients, existing);
  return { action: current === metadataXml.replace(/^\uFEFF/, "") ? "keep" : "update", providerArn: existing };
}

/** Legacy mode: the IAM SAML identity provider for Entra's federation metadata, created or refreshed in place. */
export async function ensureSamlProvider(clients: AwsClients, name: string, metadataXml: string): Promise<EnsureSamlProviderResult> {
  if (!NAME.test(name))
    throw new AwsGatewayError({
      kind: "validation",
      operation: "CreateSAMLProvider",
      message: `"${name}" is not a valid SAML provider name: use 1–128 letters, digits, dots, underscores or hyphens.`,
    });
  // IAM answers "Unable to parse metadata" for a byte-order mark, which Windows editors like to add.
  const document = metadataXml.replace(/^\uFEFF/, "");
  const update = async (providerArn: string): Promise<EnsureSamlProviderResult> => {
    await callAws("UpdateSAMLProvider", () =>
      clients.iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: providerArn, SAMLMetadataDocument: document })),
    );
    return { outcome: "updated", providerArn };
  };

  const existing = await findProviderArn(clients, name);
  // The same document again changes nothing: re-running the checklist leaves the provider as it is.
  if (existing) return (await readSamlProviderMetadata(clients, existing)) === document ? { outcome: "kept", providerArn: existing } : update(existing);
  try {
    const created = await callAws("CreateSAMLProvider", () => clients.iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: document })));
    if (!created.SAMLProviderArn)
      throw new AwsGatewayError({ kind: "unknown", operation: "CreateSAMLProvider", message: "AWS created the SAML provider but returned no ARN." });
    return { outcome: "created", providerArn: created.SAMLProviderArn };
  } catch (error) {
    if (!isAwsGatewayError(error, "conflict")) throw error;
    const raced = await findProviderArn(clients, name);
    if (!raced) throw error;
    return update(raced);
  }
}
