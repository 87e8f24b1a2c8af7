import "server-only";
import { appendAuditEvent } from "../audit/append";
import { can, type Permission } from "../auth/permissions";
import { getSession, type Session } from "../auth/session";
import { db } from "../db";
import { withRequestScope } from "../request-context";

/** Who may call a route handler: anyone (sign-in plumbing, health), any signed-in user, or a permission. */
export type RouteAccess = "public" | "signed-in" | Permission;

/** What each route handler is, so the permission matrix test can find every handler and its access rule. */
export const routeMetadata = new WeakMap<object, { name: string; access: RouteAccess }>();

type Handler = (request: Request, context: { session: Session | null }) => Promise<Response> | Response;

/**
 * Wraps a route handler with the same authorization as server actions: refused callers get 401/403
 * JSON and an audit row; the handler never runs for them. Each request runs in its own request scope
 * (lib/request-context.ts), so upstream calls it makes are recorded for its audit rows and failures.
 */
export function defineRoute(name: string, access: RouteAccess, handler: Handler) {
  const route = async (request: Request): Promise<Response> => {
    const session = access === "public" ? await getSession().catch(() => null) : await getSession();
    if (access !== "public") {
      if (!session) return Response.json({ error: "sign in first" }, { status: 401 });
      if (access !== "signed-in" && !can(session.role, access)) {
        await appendAuditEvent(db(), {
          actor: session.email,
          role: session.role,
          action: `route ${name}`,
          result: "denied",
          error: `role ${session.role} lacks ${access}`,
        });
        return Response.json({ error: "your role is not allowed to do this" }, { status: 403 });
      }
    }
    const actor = session ? { email: session.email, name: session.name, role: session.role } : undefined;
    return withRequestScope(async () => handler(request, { session }), { actor });
  };
  routeMetadata.set(route, { name, access });
  return route;
}
