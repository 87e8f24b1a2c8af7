import "server-only";
import { z } from "zod";
import type { Database } from "../db";
import { jsonColumn } from "../federation/json-column";
import { DEFAULT_PROTECTED_PRINCIPALS, findProtected, isDefaultProtected, protectedPrincipalSchema, type ProtectedPrincipal } from "./protected-principals";

const KEY = "access.protected-principals";

/** Setting.value under "access.protected-principals": the principals the admin added to the defaults. */
export const protectedPrincipalsColumn = jsonColumn("Setting.value (access.protected-principals)", z.object({ added: z.array(protectedPrincipalSchema) }));

/** The defaults, then what the admin added. */
export async function getProtectedPrincipals(database: Database): Promise<ProtectedPrincipal[]> {
  const row = await database.setting.findUnique({ where: { key: KEY } });
  const added = row ? protectedPrincipalsColumn.decode(row.value).added : [];
  return [...DEFAULT_PROTECTED_PRINCIPALS, ...added.filter((p) => !isDefaultProtected(p))];
}

async function saveAdded(database: Database, added: ProtectedPrincipal[], actor: string) {
  const value = protectedPrincipalsColumn.encode({ added });
  await database.setting.upsert({ where: { key: KEY }, create: { key: KEY, value, updatedBy: actor }, update: { value, updatedBy: actor } });
}

export async function addProtectedPrincipal(database: Database, principal: ProtectedPrincipal, actor: string): Promise<{ added: boolean }> {
  const all = await getProtectedPrincipals(database);
  if (findProtected(all, principal)) return { added: false };
  await saveAdded(database, [...all.filter((p) => !isDefaultProtected(p)), principal], actor);
  return { added: true };
}

/** Takes an admin-added principal off the list; the defaults stay. */
export async function removeProtectedPrincipal(database: Database, principal: Pick<ProtectedPrincipal, "type" | "name">, actor: string): Promise<{ removed: boolean }> {
  if (isDefaultProtected(principal)) return { removed: false };
  const all = await getProtectedPrincipals(database);
  const added = all.filter((p) => !isDefaultProtected(p));
  const kept = added.filter((p) => p !== findProtected(added, principal));
  if (kept.length === added.length) return { removed: false };
  await saveAdded(database, kept, actor);
  return { removed: true };
}
