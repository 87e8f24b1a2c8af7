import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "../db";
import type { OuRule } from "./assignment-plan";

/** The OU rules an admin keeps (table AccessOuRule), oldest first. */
export async function listOuRules(database: Database): Promise<OuRule[]> {
  const rows = await database.accessOuRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(({ id, ouId, ouPath, groupId, groupName, permissionSetArn, permissionSetName }) => ({ id, ouId, ouPath, groupId, groupName, permissionSetArn, permissionSetName }));
}

/** Adds a rule; the same OU × group × permission set twice is one rule. */
export async function addOuRule(database: Database, rule: Omit<OuRule, "id">, actor: string): Promise<{ added: boolean; rule: OuRule }> {
  const existing = await database.accessOuRule.findUnique({
    where: { ouId_groupId_permissionSetArn: { ouId: rule.ouId, groupId: rule.groupId, permissionSetArn: rule.permissionSetArn } },
  });
  if (existing) return { added: false, rule: { ...rule, id: existing.id } };
  const id = randomUUID();
  try {
    await database.accessOuRule.create({ data: { id, ...rule, createdBy: actor } });
  } catch (error) {
    // Two admins adding the same rule at once: the unique index keeps one.
    if ((error as { code?: string }).code === "P2002") return { added: false, rule: { ...rule, id } };
    throw error;
  }
  return { added: true, rule: { ...rule, id } };
}

/** Removes a rule (the assignments it led to stay: removing them is a bulk removal the admin previews). */
export async function removeOuRule(database: Database, id: string): Promise<OuRule | null> {
  const row = await database.accessOuRule.findUnique({ where: { id } });
  if (!row) return null;
  await database.accessOuRule.deleteMany({ where: { id } });
  return { id: row.id, ouId: row.ouId, ouPath: row.ouPath, groupId: row.groupId, groupName: row.groupName, permissionSetArn: row.permissionSetArn, permissionSetName: row.permissionSetName };
}
