/**
 * A step whose check found problems that do not stop it (users the lint flags) is done, but not plainly: its
 * evidence carries what needs attention under this key, and the card shows it in amber. Kept in the evidence
 * JSON, so no column is needed.
 */
export const ATTENTION_KEY = "needsAttention";

export interface Attention {
  /** "7 users need attention" */
  summary: string;
  /** One line per thing to look at. */
  items: string[];
}

export function attentionOf(evidence: Record<string, unknown> | null | undefined): Attention | null {
  const value = evidence?.[ATTENTION_KEY];
  if (typeof value !== "object" || value === null) return null;
  const { summary, items } = value as Partial<Attention>;
  if (typeof summary !== "string" || !Array.isArray(items)) return null;
  return { summary, items: items.filter((i): i is string => typeof i === "string") };
}

/** The evidence entry for users the lint flags; nothing when none is flagged. */
export function usersNeedingAttention(problems: { userPrincipalName: string; issues: string[] }[]): Record<string, Attention> {
  if (!problems.length) return {};
  return {
    [ATTENTION_KEY]: {
      summary: `${problems.length} user${problems.length === 1 ? " needs" : "s need"} attention`,
      items: problems.map((p) => `${p.userPrincipalName}: ${p.issues.join("; ")}`),
    },
  };
}
