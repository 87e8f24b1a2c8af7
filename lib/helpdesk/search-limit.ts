import { rateLimit } from "../http/rate-limit";

/**
 * How many helpdesk searches one person may run. Typing a name runs a handful (the type-ahead is debounced) and
 * "show more" one per page, so a busy helpdesk stays far below; a script paging through the directory does not.
 * OWASP: limit how often a user can call an operation (https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/).
 */
export const SEARCH_LIMITS = { perMinute: 40, perHour: 400 } as const;

const minuteLimit = () => rateLimit("helpdesk.search/minute", { limit: SEARCH_LIMITS.perMinute, windowMs: 60_000 });
const hourLimit = () => rateLimit("helpdesk.search/hour", { limit: SEARCH_LIMITS.perHour, windowMs: 60 * 60_000 });

/** Counts one search of `userKey`: null when allowed, else the message to show. */
export function takeSearchBudget(userKey: string, now = Date.now()): string | null {
  const minute = minuteLimit().take(userKey, now);
  const taken = minute.allowed ? hourLimit().take(userKey, now) : minute;
  if (taken.allowed) return null;
  const seconds = Math.ceil(taken.retryAfterMs / 1000);
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `Too many searches: you can search again in ${wait}. Helpdesk searches are limited to ${SEARCH_LIMITS.perMinute} a minute and ${SEARCH_LIMITS.perHour} an hour per person.`;
}

/** Forget every count (tests). */
export function resetSearchBudgets() {
  minuteLimit().reset();
  hourLimit().reset();
}
