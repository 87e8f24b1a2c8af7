import "server-only";
import { paginateListInstances, type InstanceMetadata } from "@aws-sdk/client-sso-admin";
import { pagesOf } from "./call";
import type { AwsClients } from "./clients";

export interface IdentityCenterInstance {
  instanceArn: string;
  identityStoreId: string;
  /** CREATE_IN_PROGRESS | CREATE_FAILED | DELETE_IN_PROGRESS | ACTIVE */
  status: string;
  name?: string;
  ownerAccountId?: string;
  createdAt?: Date;
}

export type FindInstanceResult =
  | { enabled: true; instance: IdentityCenterInstance; /** every instance visible, in case there is more than one */ instances: IdentityCenterInstance[] }
  | { enabled: false };

const toInstance = (i: InstanceMetadata): IdentityCenterInstance | undefined =>
  i.InstanceArn && i.IdentityStoreId
    ? {
        instanceArn: i.InstanceArn,
        identityStoreId: i.IdentityStoreId,
        // Older SDKs and instances created before the field existed omit it; those are active.
        status: i.Status ?? "ACTIVE",
        name: i.Name || undefined,
        ownerAccountId: i.OwnerAccountId,
        createdAt: i.CreatedDate,
      }
    : undefined;

/**
 * Step 1's evidence. An organization instance can only be enabled in the console, and ListInstances only
 * sees it in the region where it was enabled, so "none" is an expected answer, not an error.
 */
export async function findIdentityCenterInstance(clients: AwsClients): Promise<FindInstanceResult> {
  const instances: IdentityCenterInstance[] = [];
  for await (const page of pagesOf("ListInstances", paginateListInstances({ client: clients.sso }, {}))) {
    for (const raw of page.Instances ?? []) {
      const instance = toInstance(raw);
      if (instance) instances.push(instance);
    }
  }
  const preferred = instances.find((i) => i.status === "ACTIVE") ?? instances[0];
  if (!preferred) return { enabled: false };
  return { enabled: true, instance: preferred, instances };
}

/** The two identifiers every later call needs. */
export interface InstanceRef {
  instanceArn: string;
  identityStoreId: string;
}
