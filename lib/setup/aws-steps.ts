import "server-only";
import { z } from "zod";
import { accessPortalStartUrl, probeAccessPortal } from "../aws/access-portal";
import { ensurePermissionSet } from "../aws/ensure-permission-set";
import { findIdentityCenterInstance } from "../aws/find-identity-center-instance";
import { listPermissionSets } from "../aws/list-permission-sets";
import { preflightAws } from "../aws/preflight-aws";
import { provisionPermissionSet, waitForPermissionSetProvisioning } from "../aws/provision-permission-set";
import { decryptSecretOrThrow, encryptSecret } from "../crypto/secrets";
import { parseMetadataOnServer } from "../saml/parse-metadata-on-server";
import { checkScimToken } from "../scim/check-token";
import { requireFact, StepError, type SetupContext, type StepImplementation, type StepOutcome } from "./context";
import type { FederationFacts } from "./facts";

export const SCIM_TOKEN_PURPOSE = "federation:scim-token";
export const YEAR_MS = 365 * 24 * 3_600_000;

export const awsPreflight = async (context: SetupContext): Promise<StepOutcome> => {
  const result = await preflightAws(context.aws());
  const missing = result.checks.filter((c) => c.outcome === "denied").map((c) => c.permission);
  return {
    facts: { preflight: { ...context.facts.preflight, aws: { account: result.caller?.account, missing } } },
    evidence: { caller: result.caller?.arn ?? null, checks: result.checks.map((c) => `${c.permission}: ${c.outcome}`) },
  };
};

export const enableInstance: StepImplementation = {
  async verify(context) {
    const result = await findIdentityCenterInstance(context.aws());
    if (!result.enabled)
      throw new StepError(
        `IAM Identity Center is not enabled in ${context.aws().target.region} yet. Enable it in the AWS console (check the region in the top-right corner), then verify again.`,
      );
    const { instanceArn, identityStoreId } = result.instance;
    return {
      facts: { instance: { instanceArn, identityStoreId, region: context.aws().target.region } },
      evidence: { instanceArn, identityStoreId, status: result.instance.status },
    };
  },
};

export const spMetadataInput = z.object({
  xml: z
    .string()
    .min(1, "drop the AWS metadata file first")
    .max(512 * 1024, "that file is too large to be SAML metadata"),
});

export const awsMetadata: StepImplementation<z.infer<typeof spMetadataInput>> = {
  async run(context, { xml }) {
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    const parsed = await parseMetadataOnServer(xml, "sp");
    if (!parsed.ok) throw new StepError(parsed.error.message);
    const aws = parsed.metadata.aws;
    if (!aws)
      throw new StepError(
        "This is service provider metadata, but not from AWS IAM Identity Center: its entity id is not a …signin.aws.amazon.com/platform/saml/d-… URL.",
      );
    if (aws.identityStoreId !== instance.identityStoreId)
      throw new StepError(
        `This metadata belongs to identity store ${aws.identityStoreId}, but your IAM Identity Center instance uses ${instance.identityStoreId}. Download it again from the right instance.`,
      );
    const spMetadata = {
      entityId: parsed.metadata.entityId,
      acsUrls: parsed.metadata.assertionConsumerServices.map((a) => a.location),
      region: aws.region,
      identityStoreId: aws.identityStoreId,
      accessPortalUrl: aws.accessPortalUrl,
      certificateExpiry: parsed.metadata.certificates[0]?.notAfter,
    };
    return {
      facts: { spMetadata },
      evidence: { entityId: spMetadata.entityId, acsUrls: spMetadata.acsUrls, warnings: parsed.warnings.map((w) => w.message) },
    };
  },
  async verify(context) {
    const sp = requireFact(context, "spMetadata", "Drop the AWS service provider metadata file here first.");
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    if (sp.identityStoreId !== instance.identityStoreId)
      throw new StepError(`The stored metadata is for identity store ${sp.identityStoreId}, not ${instance.identityStoreId}. Upload it again.`);
    return { evidence: { entityId: sp.entityId, acsUrls: sp.acsUrls, accessPortalUrl: sp.accessPortalUrl } };
  },
};

export const idpMetadataUpload: StepImplementation = {
  async verify(context) {
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    const idp = requireFact(context, "idpMetadata", "Download Entra's federation metadata first (step 6).");
    const startUrl = accessPortalStartUrl(context.aws().target, instance.identityStoreId);
    let probe: Awaited<ReturnType<typeof probeAccessPortal>>;
    try {
      probe = await probeAccessPortal(startUrl);
    } catch {
      throw new StepError(`The AWS access portal (${startUrl}) could not be reached. Try again in a moment.`);
    }
    const target = probe.location ? new URL(probe.location, startUrl) : null;
    const expected = new URL(idp.ssoUrl);
    if (!target || target.origin !== expected.origin || target.pathname !== expected.pathname)
      throw new StepError(
        `The AWS access portal still sends people to ${target ? `${target.origin}${target.pathname}` : "its own sign-in page"}, not to Entra (${expected.origin}${expected.pathname}). Upload the Entra metadata in the AWS console and type ACCEPT.`,
      );
    return { evidence: { accessPortal: startUrl, redirectsTo: `${target.origin}${target.pathname}` } };
  },
};

export const scimInput = z.object({
  endpoint: z.string().trim().min(1, "paste the SCIM endpoint"),
  token: z.string().trim().min(20, "paste the access token (it is long)").max(4096, "that is too long to be an access token"),
});

async function checkTokenOrThrow(context: SetupContext, endpoint: string, token: string) {
  const check = await checkScimToken(endpoint, token, { sandbox: context.isSandbox });
  if (check.status !== "ok") throw new StepError(check.message);
  return check;
}

export const scimEndpoint: StepImplementation<z.infer<typeof scimInput>> = {
  async run(context, { endpoint, token }) {
    const check = await checkTokenOrThrow(context, endpoint, token);
    const now = new Date();
    await context.database.federation.update({
      where: { id: context.federationId },
      data: { scimToken: encryptSecret(context.keyring, SCIM_TOKEN_PURPOSE, token), scimTokenCreatedAt: now },
    });
    const scim = { endpoint: check.endpoint.url, tokenCreatedAt: now.toISOString(), tokenExpiresAt: new Date(now.getTime() + YEAR_MS).toISOString() };
    return { facts: { scim }, evidence: { endpoint: scim.endpoint, tokenExpiresAt: scim.tokenExpiresAt } };
  },
  async verify(context) {
    const scim = requireFact(context, "scim", "Paste the SCIM endpoint and access token from the AWS console first.");
    const token = await scimTokenOf(context);
    await checkTokenOrThrow(context, scim.endpoint, token);
    return { evidence: { endpoint: scim.endpoint, tokenExpiresAt: scim.tokenExpiresAt, check: "a SCIM call with the stored token succeeded" } };
  },
};

/** The stored SCIM token, decrypted for a call; never returned to a page or written anywhere. */
export async function scimTokenOf(context: SetupContext): Promise<string> {
  const row = await context.database.federation.findUniqueOrThrow({ where: { id: context.federationId }, select: { scimToken: true } });
  if (!row.scimToken) throw new StepError("No SCIM access token is stored. Paste it in step 8.");
  return decryptSecretOrThrow(context.keyring, SCIM_TOKEN_PURPOSE, row.scimToken);
}

export const permissionSetsInput = z.object({
  sets: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .regex(/^[\w+=,.@-]{1,32}$/, "1–32 letters, digits or + = , . @ _ - (no spaces)"),
        managedPolicyArn: z
          .string()
          .trim()
          .regex(/^arn:aws:iam::aws:policy\/.+$/, "an AWS managed policy ARN"),
      }),
    )
    .min(1, "choose at least one permission set")
    .max(10),
});

export const permissionSets: StepImplementation<z.infer<typeof permissionSetsInput>> = {
  async run(context, { sets }) {
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    const results: NonNullable<FederationFacts["permissionSets"]> = [];
    for (const set of sets) {
      const ensured = await ensurePermissionSet(context.aws(), instance.instanceArn, {
        name: set.name,
        managedPolicyArns: [set.managedPolicyArn],
        sessionDuration: "PT8H",
      });
      context.onProgress?.(`${set.name}: ${ensured.outcome}, provisioning…`);
      const started = await provisionPermissionSet(context.aws(), instance.instanceArn, ensured.permissionSet.permissionSetArn, "all-provisioned-accounts");
      const finished =
        started.status === "IN_PROGRESS" ? await waitForPermissionSetProvisioning(context.aws(), instance.instanceArn, started.provisioningRequestId) : started;
      if (finished.status === "FAILED") throw new StepError(`Provisioning ${set.name} failed: ${finished.failureReason ?? "AWS gave no reason"}.`);
      results.push({
        name: set.name,
        permissionSetArn: ensured.permissionSet.permissionSetArn,
        managedPolicyArn: set.managedPolicyArn,
        status: finished.status,
      });
    }
    return {
      facts: { permissionSets: results },
      evidence: { permissionSets: results.map((r) => `${r.name} → ${r.managedPolicyArn.split("/").pop()}: ${r.status}`) },
    };
  },
  async verify(context) {
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    const wanted = requireFact(context, "permissionSets", "Create the permission sets first.");
    const listed = await listPermissionSets(context.aws(), instance.instanceArn, { withPolicies: true });
    const problems = wanted.flatMap((w) => {
      const found = listed.permissionSets.find((p) => p.name === w.name);
      if (!found) return [`${w.name} no longer exists in AWS`];
      return found.managedPolicyArns.includes(w.managedPolicyArn) ? [] : [`${w.name} lacks ${w.managedPolicyArn}`];
    });
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run the step again to repair it.`);
    return { evidence: { permissionSets: wanted.map((w) => `${w.name}: ${w.managedPolicyArn.split("/").pop()}`) } };
  },
};
