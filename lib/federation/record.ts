import { z } from "zod";
import type { Database } from "../db";
import { federationFactsColumn } from "./columns";
import type { FederationFacts } from "./facts";
import { CorruptColumnError } from "./json-column";

/** Which checklist a federation follows: IAM Identity Center (today's), or the legacy per-account IAM one. */
export const federationModeSchema = z.enum(["identity-center", "legacy-iam"]);
export type FederationMode = z.infer<typeof federationModeSchema>;

/** A federation row as the code uses it: the mode checked, the facts parsed, secrets only as "is there one". */
export interface FederationRecord {
  id: string;
  mode: FederationMode;
  facts: FederationFacts;
  hasScimToken: boolean;
  scimTokenCreatedAt: Date | null;
  updatedAt: Date;
}

/** Reads one federation (null when none was started yet), parsing each column once. */
export async function loadFederation(database: Database, federationId: string): Promise<FederationRecord | null> {
  const row = await database.federation.findUnique({ where: { id: federationId }, omit: { scimToken: false } });
  if (!row) return null;
  const mode = federationModeSchema.safeParse(row.mode);
  if (!mode.success) throw new CorruptColumnError("Federation.mode", `"${row.mode}" is not a known mode`);
  return {
    id: row.id,
    mode: mode.data,
    facts: federationFactsColumn.decode(row.facts),
    hasScimToken: Boolean(row.scimToken),
    scimTokenCreatedAt: row.scimTokenCreatedAt,
    updatedAt: row.updatedAt,
  };
}
