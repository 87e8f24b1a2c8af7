import "server-only";
import type { Database } from "../db";
import { helpdeskPolicyColumn } from "../federation/columns";

const KEY = "helpdesk.policy";

export interface HelpdeskPolicy {
  /** Admins always may; helpdesk may provision a user on demand from a diagnosis only when an admin allowed it. */
  helpdeskMayProvisionOnDemand: boolean;
}

export const DEFAULT_HELPDESK_POLICY: HelpdeskPolicy = { helpdeskMayProvisionOnDemand: false };

export async function getHelpdeskPolicy(database: Database): Promise<HelpdeskPolicy & { updatedAt?: string; updatedBy?: string }> {
  const row = await database.setting.findUnique({ where: { key: KEY } });
  if (!row) return { ...DEFAULT_HELPDESK_POLICY };
  const value = helpdeskPolicyColumn.decode(row.value);
  return { helpdeskMayProvisionOnDemand: value.helpdeskMayProvisionOnDemand, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

export async function setHelpdeskPolicy(database: Database, policy: HelpdeskPolicy, actor: string): Promise<{ before: HelpdeskPolicy; after: HelpdeskPolicy }> {
  const current = await getHelpdeskPolicy(database);
  const before = { helpdeskMayProvisionOnDemand: current.helpdeskMayProvisionOnDemand };
  await database.setting.upsert({
    where: { key: KEY },
    create: { key: KEY, value: helpdeskPolicyColumn.encode(policy), updatedBy: actor },
    update: { value: helpdeskPolicyColumn.encode(policy), updatedBy: actor },
  });
  return { before, after: policy };
}
