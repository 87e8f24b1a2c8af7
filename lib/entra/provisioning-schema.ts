import "server-only";
import { callGraph } from "./call";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { jobPath, type JobRef } from "./provisioning-job";

export interface AttributeMappingView {
  target: string;
  /** The source attribute name, or the expression for functions and constants. */
  source: string | null;
  sourceType: string;
  matchingPriority: number;
}

export interface ProvisioningSchemaView {
  /** synchronizationRules[0].id: the ruleId provisionOnDemand needs (read, never hard-coded). */
  ruleId: string;
  userMapping: {
    name: string;
    enabled: boolean;
    targetObjectName: string;
    /** Attributes with matchingPriority ≥ 1, lowest priority first. */
    matchingAttributes: AttributeMappingView[];
    /** What feeds AWS userName — must be userPrincipalName for AWS to find users (step 10). */
    userNameSource: string | null;
    attributes: AttributeMappingView[];
  } | null;
  groupSyncEnabled: boolean;
  groupMappingName: string | null;
}

interface RawMapping {
  targetAttributeName: string;
  source?: { name?: string | null; expression?: string | null; type?: string } | null;
  matchingPriority?: number;
}
interface RawObjectMapping {
  enabled: boolean;
  name: string;
  sourceObjectName: string;
  targetObjectName: string;
  attributeMappings: RawMapping[];
}
interface RawSchema {
  synchronizationRules?: { id: string; objectMappings?: RawObjectMapping[] }[];
  [key: string]: unknown;
}

const attribute = (m: RawMapping): AttributeMappingView => ({
  target: m.targetAttributeName,
  source: m.source?.type === "Attribute" ? (m.source.name ?? null) : (m.source?.expression ?? m.source?.name ?? null),
  sourceType: m.source?.type ?? "Unknown",
  matchingPriority: m.matchingPriority ?? 0,
});

function view(schema: RawSchema): ProvisioningSchemaView {
  const rule = schema.synchronizationRules?.[0];
  if (!rule)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "GetSynchronizationSchema",
      message: "The provisioning job has no synchronization rule. Delete and re-create the job.",
    });
  const mappings = rule.objectMappings ?? [];
  const user = mappings.find((m) => m.sourceObjectName === "User");
  const group = mappings.find((m) => m.sourceObjectName === "Group");
  const attributes = (user?.attributeMappings ?? []).map(attribute);
  return {
    ruleId: rule.id,
    userMapping: user
      ? {
          name: user.name,
          enabled: user.enabled,
          targetObjectName: user.targetObjectName,
          matchingAttributes: attributes.filter((a) => a.matchingPriority >= 1).sort((a, b) => a.matchingPriority - b.matchingPriority),
          userNameSource: attributes.find((a) => a.target === "userName")?.source ?? null,
          attributes,
        }
      : null,
    groupSyncEnabled: Boolean(group?.enabled),
    groupMappingName: group?.name ?? null,
  };
}

async function getSchema(gateway: GraphGateway, ref: JobRef): Promise<RawSchema> {
  return callGraph<RawSchema>(gateway, "GetSynchronizationSchema", () => gateway.api(`${jobPath(ref)}/schema`).get());
}

/** Step 10: the user mapping's matching attribute (userPrincipalName → userName) and whether groups are provisioned. */
export async function readProvisioningSchema(gateway: GraphGateway, ref: JobRef): Promise<{ schema: ProvisioningSchemaView }> {
  return { schema: view(await getSchema(gateway, ref)) };
}

/** Turns group provisioning on or off: GET the schema, flip the Group mapping, PUT it back whole (PUT replaces: https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-update). */
export async function setGroupSync(gateway: GraphGateway, ref: JobRef, enabled: boolean): Promise<{ changed: boolean; schema: ProvisioningSchemaView }> {
  const raw = await getSchema(gateway, ref);
  const group = raw.synchronizationRules?.[0]?.objectMappings?.find((m) => m.sourceObjectName === "Group");
  if (!group)
    throw new EntraGatewayError({
      kind: "validation",
      operation: "PutSynchronizationSchema",
      message: "This provisioning job has no group mapping to turn on or off.",
    });
  if (group.enabled === enabled) return { changed: false, schema: view(raw) };
  group.enabled = enabled;
  // Graph sets the OData annotations itself; sending them back is refused by some services.
  const body = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith("@odata.")));
  await callGraph(gateway, "PutSynchronizationSchema", () => gateway.api(`${jobPath(ref)}/schema`).put(body));
  const after = view(await getSchema(gateway, ref));
  if (after.groupSyncEnabled !== enabled)
    throw new EntraGatewayError({
      kind: "unknown",
      operation: "PutSynchronizationSchema",
      message: "Entra accepted the mapping change but reads back the old group setting.",
    });
  return { changed: true, schema: after };
}
