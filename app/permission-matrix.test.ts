import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { PERMISSIONS, ROLES } from "@/lib/auth/permissions";
import { actionMetadata } from "@/lib/actions/define-action";
import { FEDERATION_CHANGING_ACTIONS } from "@/lib/history/after-change";
import { routeMetadata, type RouteAccess } from "@/lib/http/define-route";

// Walks EVERY server action and route handler in app/ as anonymous, auditor, helpdesk and admin and
// checks allow/deny against the permission table. Adding an action or route without an entry below
// fails this test: the entries are the reviewed list of who may call what.

const session = vi.hoisted(() => ({ role: null as Role | null }));
const audits = vi.hoisted(() => [] as { result: string; action: string }[]);

vi.mock("@/lib/auth/session", () => {
  const getSession = async () => (session.role ? { userId: "u", name: "U", email: "u@example.test", role: session.role, tenantId: "t" } : null);
  return { getSession, getPassiveSession: getSession };
});
vi.mock("@/lib/audit/append", () => ({
  appendAuditEvent: async (_db: unknown, event: { result: string; action: string }) => {
    audits.push(event);
  },
}));
vi.mock("@/lib/db", () => ({
  db: () =>
    new Proxy(
      {},
      {
        get: () => {
          throw new Error("the database is not part of this test");
        },
      },
    ),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));

const EXPECTED_ACTIONS: Record<string, string> = {
  "settings.connections.entra.update": "settings.connections.update",
  "settings.connections.aws.update": "settings.connections.update",
  "sessions.end-all": "sessions.end",
  "setup.step.run": "setup.run",
  "setup.step.verify": "setup.verify",
  "setup.step.preview": "setup.verify",
  "setup.federation.mode": "setup.run",
  "setup.federation.add": "setup.run",
  "setup.step.probe": "setup.verify",
  "setup.automated.preview": "setup.verify",
  "setup.automated.run": "setup.run",
  "setup.sign-in-test.watch": "setup.run",
  "setup.role-manager-key.rotate": "setup.run",
  "setup.role-manager-key.retire": "setup.run",
  "setup.role-manager-key.delete-other": "setup.run",
  "setup.legacy.migration-proposal": "setup.verify",
  "provisioning.job.start": "provisioning.operate",
  "provisioning.job.pause": "provisioning.operate",
  "provisioning.job.restart": "provisioning.operate",
  "provisioning.users.search": "provisioning.operate",
  "provisioning.on-demand": "provisioning.operate",
  "provisioning.groups.search": "provisioning.operate",
  "provisioning.live-parts": "provisioning.view",
  "provisioning.scim-token.rotate": "provisioning.operate",
  "provisioning.scim-token.retire": "provisioning.operate",
  "provisioning.certificate.add": "setup.run",
  "provisioning.certificate.activate": "setup.run",
  "helpdesk.users.search": "helpdesk.diagnose",
  "helpdesk.diagnose": "helpdesk.diagnose",
  "helpdesk.diagnosis.rerun": "helpdesk.diagnose",
  "helpdesk.on-demand": "helpdesk.provision",
  "helpdesk.policy.update": "helpdesk.policy.update",
  "audit.verify": "audit.verify",
  "audit.export": "audit.view",
  "history.snapshot": "history.record",
  "history.drift.check": "history.record",
  "history.export.terraform": "audit.view",
  "history.export.snapshots": "audit.view",
  "access.membership.add": "access.manage",
  "access.membership.remove": "access.manage",
  "access.protected.add": "access.manage",
  "access.protected.remove": "access.manage",
  "access.permission-set.reprovision": "access.manage",
  "access.permission-set.edit": "access.manage",
  "access.permission-set.delete": "access.manage",
  "access.assignments.preview": "access.manage",
  "access.assignments.apply": "access.manage",
  "access.ou-rule.add": "access.manage",
  "access.ou-rule.remove": "access.manage",
  "access.ou-rule.apply": "access.manage",
  "access.job.resume": "access.manage",
};

const EXPECTED_ROUTES: Record<string, RouteAccess> = {
  "GET /setup/events": "setup.view",
  "GET /provisioning/tasks/events": "provisioning.operate",
  "GET /api/health": "public",
  "POST /api/csp-report": "public",
  "GET /auth/sign-in": "public",
  "GET /auth/callback": "public",
  "POST /auth/sign-out": "public",
  "GET /auth/signed-out": "public",
  "POST /auth/activity": "public",
  "GET /provisioning/events": "provisioning.view",
  "GET /access/effective/csv": "access.view",
  "GET /audit/export": "audit.view",
  "GET /audit/configuration/export": "audit.view",
  "GET /aws-jobs/events": "access.view",
};

const actionModules = import.meta.glob<Record<string, unknown>>("./**/actions.ts", { eager: true });
const routeModules = import.meta.glob<Record<string, unknown>>("./**/route.ts", { eager: true });

const actions = Object.values(actionModules).flatMap((mod) =>
  Object.values(mod).flatMap((exported) => {
    const meta = typeof exported === "function" ? actionMetadata.get(exported) : undefined;
    return meta ? [{ ...meta, run: exported as (previous: null, input: Record<string, unknown>) => Promise<{ ok: boolean; formError?: string }> }] : [];
  }),
);
const routes = Object.entries(routeModules).flatMap(([file, mod]) =>
  Object.entries(mod).flatMap(([method, exported]) => {
    const meta = typeof exported === "function" ? routeMetadata.get(exported) : undefined;
    return meta ? [{ ...meta, file, method, handle: exported as (request: Request) => Promise<Response> }] : [];
  }),
);

const callers: (Role | null)[] = [null, ...ROLES];
const allowedRoles = (access: string): readonly string[] => (access in PERMISSIONS ? PERMISSIONS[access as keyof typeof PERMISSIONS] : []);

beforeEach(() => {
  audits.length = 0;
});

describe("permission matrix", () => {
  it("finds every exported server action and route handler, and each has a reviewed entry", () => {
    // every export of an actions.ts / route.ts file must be built by defineAction / defineRoute
    for (const mod of Object.values(actionModules))
      for (const exported of Object.values(mod)) expect(typeof exported === "function" && actionMetadata.has(exported)).toBe(true);
    for (const [file, mod] of Object.entries(routeModules))
      for (const [name, exported] of Object.entries(mod))
        if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) expect(routeMetadata.has(exported as object), `${file} ${name}`).toBe(true);
    expect(Object.fromEntries(actions.map((a) => [a.name, a.permission]))).toEqual(EXPECTED_ACTIONS);
    expect(Object.fromEntries(routes.map((r) => [r.name, r.access]))).toEqual(EXPECTED_ROUTES);
    for (const route of routes) expect(route.name.startsWith(`${route.method} `), `${route.file}: name must start with its method`).toBe(true);
  });

  it("names only real actions as the ones that change the federation (each is followed by a configuration snapshot)", () => {
    for (const name of FEDERATION_CHANGING_ACTIONS) expect(Object.keys(EXPECTED_ACTIONS), name).toContain(name);
  });

  for (const caller of callers) {
    it(`server actions as ${caller ?? "anonymous"} follow the table`, async () => {
      for (const action of actions) {
        session.role = caller;
        const result = await action.run(null, {});
        const allowed = caller !== null && allowedRoles(action.permission).includes(caller);
        if (caller === null) expect(result.formError, action.name).toMatch(/not signed in/);
        else if (!allowed) expect(result.formError, action.name).toMatch(/not allowed/);
        else expect(result.formError ?? "", action.name).not.toMatch(/not allowed|not signed in/);
      }
      if (caller) expect(audits.filter((a) => a.result === "denied").length).toBe(actions.filter((a) => !allowedRoles(a.permission).includes(caller)).length);
    });

    it(`route handlers as ${caller ?? "anonymous"} follow the table`, async () => {
      for (const route of routes.filter((r) => r.access !== "public")) {
        session.role = caller;
        const path = route.name.split(" ")[1] ?? "/";
        const response = await route.handle(
          new Request(`http://127.0.0.1:3000${path}`, { method: route.method, headers: { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" } }),
        );
        const allowed = caller !== null && (route.access === "signed-in" || allowedRoles(route.access).includes(caller));
        if (caller === null) expect(response.status, route.name).toBe(401);
        else if (!allowed) expect(response.status, route.name).toBe(403);
        else expect([401, 403], route.name).not.toContain(response.status);
      }
    });
  }
});
