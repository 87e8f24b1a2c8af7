import type { Database } from "../db";

/**
 * Searches are lookups that change nothing and run as the user types, so they are not audit events (one row per
 * keystroke would bury the history). They still leave a trace an auditor can read: per user, action and UTC hour,
 * how many searches were answered or refused, how many different queries, how many directory entries were shown
 * and how deep "show more" went, with the distinct queries themselves. OWASP Logging: record access to data in
 * a form that can be reviewed (https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html).
 */

const HOUR_MS = 60 * 60_000;
/** Queries are already capped by the actions' input schemas; this bounds what one row can hold regardless. */
const MAX_QUERY_LENGTH = 200;

export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/** "  Jane   DOE " and "jane doe" are one query. */
export const normalizeQuery = (query: string) => query.trim().replace(/\s+/g, " ").toLowerCase().slice(0, MAX_QUERY_LENGTH);

export interface SearchWho {
  actor: string;
  role: string;
  /** The action's name, e.g. helpdesk.users.search. */
  action: string;
  at?: Date;
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** The tally row of this user, action and hour, counted up by `increment` (created on first use; a racing create is retried as an update). */
async function bump(database: Database, who: SearchWho, increment: { searches?: number; refused?: number; results?: number }) {
  const at = who.at ?? new Date();
  const key = { actor: who.actor, action: who.action, hour: hourOf(at) };
  const update = {
    role: who.role,
    lastAt: at,
    searches: { increment: increment.searches ?? 0 },
    refused: { increment: increment.refused ?? 0 },
    results: { increment: increment.results ?? 0 },
  };
  const create = { ...key, role: who.role, firstAt: at, lastAt: at, searches: increment.searches ?? 0, refused: increment.refused ?? 0, results: increment.results ?? 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.searchTally.upsert({ where: { actor_action_hour: key }, create, update });
    } catch (error) {
      // Two first searches of the hour at once: one create wins, the other becomes an update.
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Counts one answered search: the query (distinct ones are kept), the page asked for and how many entries were shown. */
export async function recordSearch(database: Database, who: SearchWho & { query: string; page: number; results: number }): Promise<void> {
  const tally = await bump(database, who, { searches: 1, results: who.results });
  await database.searchTally.updateMany({ where: { id: tally.id, deepestPage: { lt: who.page } }, data: { deepestPage: who.page } });
  try {
    await database.searchTallyQuery.create({ data: { tallyId: tally.id, query: normalizeQuery(who.query) } });
    await database.searchTally.update({ where: { id: tally.id }, data: { distinctQueries: { increment: 1 } } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // this query was already counted this hour
  }
}

/** Counts one search the rate limit refused; says whether it is the user's first refusal this hour (worth an audit row). */
export async function recordRefusedSearch(database: Database, who: SearchWho): Promise<{ firstThisHour: boolean }> {
  const tally = await bump(database, who, { refused: 1 });
  return { firstThisHour: tally.refused === 1 };
}

export interface SearchTallyView {
  actor: string;
  role: string;
  action: string;
  hour: Date;
  searches: number;
  refused: number;
  distinctQueries: number;
  results: number;
  deepestPage: number;
  firstAt: Date;
  lastAt: Date;
  /** Up to `queriesShown` of the hour's distinct queries, alphabetically. */
  queries: string[];
}

/** The newest tallies, optionally for one actor and a range of UTC days (YYYY-MM-DD, both included), as the audit page filters. */
export async function listSearchTallies(
  database: Database,
  options: { actor?: string; from?: string; to?: string; limit?: number; queriesShown?: number } = {},
): Promise<SearchTallyView[]> {
  const hour: { gte?: Date; lt?: Date } = {};
  if (options.from) hour.gte = new Date(`${options.from}T00:00:00.000Z`);
  if (options.to) hour.lt = new Date(new Date(`${options.to}T00:00:00.000Z`).getTime() + 24 * HOUR_MS);
  const rows = await database.searchTally.findMany({
    where: { ...(options.actor ? { actor: options.actor } : {}), ...(hour.gte || hour.lt ? { hour } : {}) },
    orderBy: [{ hour: "desc" }, { searches: "desc" }, { id: "desc" }],
    take: options.limit ?? 24,
    include: { queries: { orderBy: { query: "asc" }, take: options.queriesShown ?? 20, select: { query: true } } },
  });
  return rows.map(({ id: _id, queries, ...row }) => ({ ...row, queries: queries.map((q) => q.query) }));
}
