import { rateLimit } from "../http/rate-limit";
import { clientAddress } from "../http/client-address";

/**
 * Budgets for the public /auth/* routes (https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling):
 * per client address, and one for all callers together, because a caller talking to the portal directly can vary
 * X-Forwarded-For. A person signing in uses one sign-in and one callback; these stop floods, not an office behind one NAT address.
 */
const LIMITS = {
  "auth.sign-in": { perAddress: 60, all: 1200 },
  "auth.callback": { perAddress: 60, all: 1200 },
  "auth.sign-out": { perAddress: 30, all: 600 },
  "auth.activity": { perAddress: 300, all: 6000 },
} as const;

export type AuthLimit = keyof typeof LIMITS;

/** null when allowed, else a 429 answer with Retry-After (https://www.rfc-editor.org/rfc/rfc6585#section-4). */
export function refuseOverLimit(name: AuthLimit, request: Request): Response | null {
  const budget = LIMITS[name];
  const perAddress = rateLimit(`${name}:address`, { limit: budget.perAddress, windowMs: 60_000 }).take(clientAddress(request));
  const all = perAddress.allowed ? rateLimit(`${name}:all`, { limit: budget.all, windowMs: 60_000 }).take("all") : perAddress;
  if (all.allowed) return null;
  const seconds = Math.ceil(all.retryAfterMs / 1000);
  return new Response(`Too many requests. Try again in ${seconds} s.\n`, {
    status: 429,
    headers: { "retry-after": String(seconds), "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
