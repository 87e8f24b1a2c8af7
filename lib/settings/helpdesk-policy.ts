import "server-only";
import type { Database } from "../db";

const KEY = "helpdesk.policy";

export interface HelpdeskPolicy {
  /** Admins always may; helpdesk may provision a user on demand from a diagnosis only when an admin allowed it. */
  helpdeskMayProvisionOnDemand: boolean;
}

export const DEFAULT_HELPDESK_POLICY: HelpdeskPolicy = { helpdeskMayProvisionOnDemand: false };

export async function getHelpdeskPolicy(database: Database): Promise<HelpdeskPolicy & { updatedAt?: string; updatedBy?: string }> {
  const row = await database.setting.findUnique({ where: { key: KEY } });
  if (!row) return { ...DEFAULT_HELPDESK_POLICY };
  const value = JSON.parse(row.value) as Partial<HelpdeskPolicy>;
  return { helpdeskMayProvisionOnDemand: value.helpdeskMayProvisionOnDemand === true, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

export async function setHelpdeskPolicy(database: Database, policy: HelpdeskPolicy, actor: string): Promise<{ before: HelpdeskPolicy; after: HelpdeskPolicy }> {
  const current = await getHelpdeskPolicy(database);
  const before = { helpdeskMayProvisionOnDemand: current.helpdeskMayProvisionOnDemand };
  await database.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: JSON.stringify(policy), updatedBy: actor }, update: { value: JSON.stringify(policy), updatedBy: actor } });
  return { before, after: policy };
}
