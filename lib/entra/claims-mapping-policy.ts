import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";

/** The claims AWS reads from a legacy (IAM SAML) assertion (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html). */
export const AWS_ROLE_CLAIM = "https://aws.amazon.com/SAML/Attributes/Role";
export const AWS_ROLE_SESSION_NAME_CLAIM = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
export const AWS_SESSION_DURATION_CLAIM = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

export interface LegacyClaims {
  role: string | null;
  roleSessionName: string | null;
  sessionDuration: string | null;
}

export interface ClaimsMappingPolicy {
  id: string;
  displayName: string;
  definition: string[];
}

interface ClaimsSchemaEntry {
  Source?: string;
  ID?: string;
  Value?: string;
  SamlClaimType?: string;
}

/**
 * The claims mapping policy of Microsoft's tutorial: Role from user.assignedroles, RoleSessionName from
 * user.userprincipalname and a constant SessionDuration (https://learn.microsoft.com/graph/api/resources/claimsmappingpolicy;
 * keys are case-sensitive, "Version" not "version").
 */
export function legacyClaimsDefinition(sessionDurationSeconds: number): string[] {
  return [
    JSON.stringify({
      ClaimsMappingPolicy: {
        Version: 1,
        IncludeBasicClaimSet: "true",
        ClaimsSchema: [
          { Source: "user", ID: "assignedroles", SamlClaimType: AWS_ROLE_CLAIM },
          { Source: "user", ID: "userprincipalname", SamlClaimType: AWS_ROLE_SESSION_NAME_CLAIM },
          { Value: String(sessionDurationSeconds), SamlClaimType: AWS_SESSION_DURATION_CLAIM },
        ],
      },
    }),
  ];
}

/** What a policy definition sends for the three AWS claims ("user.assignedroles", a constant "3600"), or null each when absent or unreadable. */
export function legacyClaimsOf(definition: readonly string[]): LegacyClaims {
  const entries: ClaimsSchemaEntry[] = [];
  for (const text of definition) {
    try {
      const parsed = JSON.parse(text) as { ClaimsMappingPolicy?: { ClaimsSchema?: unknown } };
      const schema = parsed.ClaimsMappingPolicy?.ClaimsSchema;
      if (Array.isArray(schema)) entries.push(...schema.filter((e): e is ClaimsSchemaEntry => typeof e === "object" && e !== null));
    } catch {
      // An unreadable definition shows as "not set": the step writes its own.
    }
  }
  const read = (claim: string) => {
    const entry = entries.find((e) => e.SamlClaimType === claim);
    if (!entry) return null;
    if (entry.Value !== undefined) return entry.Value;
    return entry.Source && entry.ID ? `${entry.Source}.${entry.ID}` : null;
  };
  return { role: read(AWS_ROLE_CLAIM), roleSessionName: read(AWS_ROLE_SESSION_NAME_CLAIM), sessionDuration: read(AWS_SESSION_DURATION_CLAIM) };
}

/** The claims mapping policies linked to the service principal (Entra allows one). */
export async function listClaimsMappingPolicies(gateway: GraphGateway, servicePrincipalId: string): Promise<ClaimsMappingPolicy[]> {
  const page = await callGraph<{ value?: ClaimsMappingPolicy[] }>(gateway, "ListServicePrincipalClaimsMappingPolicies", () =>
    gateway.api(`/servicePrincipals/${servicePrincipalId}/claimsMappingPolicies`).select("id,displayName,definition").get(),
  );
  return page.value ?? [];
}

export type EnsureClaimsMappingPolicyResult = { outcome: "kept" | "updated" | "created"; policyId: string };

/**
 * The app's claims mapping policy with this definition: kept when it already says so, updated in place when the
 * policy linked to the app is the one this name marks as ours, created and linked when none is linked. A policy
 * linked by someone else is not rewritten (it may serve other apps): the admin unlinks it first.
 */
export async function ensureClaimsMappingPolicy(
  gateway: GraphGateway,
  servicePrincipalId: string,
  wanted: { displayName: string; definition: string[] },
  options: {
    /** The policy this federation created before: linked (and brought up to date) instead of a second one. */
    recorded?: string;
    /** Called between create and link, so a crash there leaves the id for the re-run. */
    onCreated?: (policyId: string) => Promise<void>;
  } = {},
): Promise<EnsureClaimsMappingPolicyResult> {
  const linked = await listClaimsMappingPolicies(gateway, servicePrincipalId);
  const current = linked[0];
  if (current) {
    if (current.displayName !== wanted.displayName)
      throw new EntraGatewayError({
        kind: "conflict",
        operation: "AddClaimsMappingPolicy",
        message: `The app already has the claims mapping policy "${current.displayName}" (${current.id}), which may serve other apps. Unlink it from the app in Entra, then run the step again.`,
      });
    if (JSON.stringify(current.definition) === JSON.stringify(wanted.definition)) return { outcome: "kept", policyId: current.id };
    await callGraph(gateway, "UpdateClaimsMappingPolicy", () =>
      gateway.api(`/policies/claimsMappingPolicies/${current.id}`).patch({ definition: wanted.definition }),
    );
    return { outcome: "updated", policyId: current.id };
  }
  let policyId = options.recorded;
  if (policyId)
    await callGraph(gateway, "UpdateClaimsMappingPolicy", () =>
      gateway.api(`/policies/claimsMappingPolicies/${policyId}`).patch({ definition: wanted.definition }),
    );
  else {
    const created = await callGraph<{ id: string }>(gateway, "CreateClaimsMappingPolicy", () =>
      gateway.api("/policies/claimsMappingPolicies").post({ definition: wanted.definition, displayName: wanted.displayName, isOrganizationDefault: false }),
    );
    policyId = created.id;
    await options.onCreated?.(policyId);
  }
  const linkedId = policyId;
  await callGraph(gateway, "AddClaimsMappingPolicy", () =>
    gateway
      .api(`/servicePrincipals/${servicePrincipalId}/claimsMappingPolicies/$ref`)
      .post({ "@odata.id": `https://graph.microsoft.com/v1.0/policies/claimsMappingPolicies/${linkedId}` }),
  );
  return { outcome: "created", policyId: linkedId };
}
