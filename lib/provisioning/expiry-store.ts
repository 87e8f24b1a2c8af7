import "server-only";
import type { Database } from "../db";
import { log } from "../log";
import { expiryWatchOfAll } from "../setup/federations";
import { loadFactsForRender } from "../setup/store";
import { expiryWatch, type ExpiryItem } from "./expiry";

/** The expiry watch for a federation, from its stored facts (one row, shared with the page's read; no upstream call). */
export async function loadExpiryWatch(database: Database, federationId: string, now = new Date()): Promise<ExpiryItem[]> {
  return expiryWatch(await loadFactsForRender(database, federationId), now);
}

/** For the header on every page: a database hiccup must not take the page down with it. */
export async function loadExpiryWatchQuietly(database: Database, federationId: string): Promise<ExpiryItem[]> {
  try {
    return await loadExpiryWatch(database, federationId);
  } catch (error) {
    log("warn", "expiry watch unavailable", { error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}

/** Every federation's watch, soonest first, each item naming its app: the header warns about all of them. */
export async function loadAllExpiryWatchesQuietly(database: Database): Promise<ExpiryItem[]> {
  try {
    return await expiryWatchOfAll(database);
  } catch (error) {
    log("warn", "expiry watch unavailable", { error: error instanceof Error ? error.message : String(error) });
    return [];
  }
}
