import "server-only";
import { z } from "zod";
import { decryptSecretOrThrow, encryptSecret, type Keyring } from "../crypto/secrets";
import type { Database } from "../db";

/** One purpose for this field: AES-GCM binds it as additional data, so the ciphertext cannot be replayed into another column. */
export const ROLE_MANAGER_KEY_PURPOSE = "federation:role-manager-key";

const keySchema = z.object({ accessKeyId: z.string().min(16), secretAccessKey: z.string().min(16) });
export type RoleManagerKey = z.infer<typeof keySchema>;

/** Stored at once when AWS hands out the secret (it never shows it again), before anything else can fail. */
export async function storeRoleManagerKey(database: Database, keyring: Keyring, federationId: string, key: RoleManagerKey, createdAt: Date): Promise<void> {
  await database.federation.update({
    where: { id: federationId },
    data: { roleManagerKey: encryptSecret(keyring, ROLE_MANAGER_KEY_PURPOSE, JSON.stringify(key)), roleManagerKeyCreatedAt: createdAt },
  });
}

/** The stored key, decrypted for a call; never returned to a page or written anywhere. */
export async function loadRoleManagerKey(
  database: Database,
  keyring: Keyring,
  federationId: string,
): Promise<(RoleManagerKey & { createdAt: Date | null }) | null> {
  const row = await database.federation.findUnique({
    where: { id: federationId },
    select: { roleManagerKey: true, roleManagerKeyCreatedAt: true },
  });
  if (!row?.roleManagerKey) return null;
  const key = keySchema.parse(JSON.parse(decryptSecretOrThrow(keyring, ROLE_MANAGER_KEY_PURPOSE, row.roleManagerKey)));
  return { ...key, createdAt: row.roleManagerKeyCreatedAt };
}
