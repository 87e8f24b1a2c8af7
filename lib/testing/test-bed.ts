import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { SandboxServer } from "../../sandbox/core/server";
import type { Database } from "../db";
import { testDatabase } from "./database";
import { startPortalSandbox } from "./sandbox";

/** How fast the sandbox answers between tests: short waits keep the suite quick while still exercising them. */
export interface SandboxPace {
  /** AWS's asynchronous operations (permission-set provisioning, account assignments); rate limits are lifted. */
  asyncDelayMs?: number;
  /** Entra's replication delay after an object is created. */
  replicationDelayMs?: number;
  /** How often Entra's provisioning engine runs a cycle on its own. */
  cycleIntervalMs?: number;
}

export interface EntraCounts {
  applications: number;
  servicePrincipals: number;
  appRoleAssignments: number;
}

export interface TestBed {
  /** The migrated throwaway database of this run's provider. */
  readonly database: Database;
  /** The sandbox cloud's base URL (valid once the suite has started). */
  readonly url: string;
  /** Calls a sandbox route (its admin API or a cloud API), expecting success; the JSON answer, or the text. */
  call<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T>;
  /** The sandbox's object counts on the Entra side (applications, servicePrincipals, appRoleAssignments…). */
  entraCounts(): Promise<EntraCounts>;
}

/**
 * The integration suites' common ground, registered as vitest hooks: the whole sandbox cloud on a free port for the
 * file, and before each test (unless `reset` is false) no federation stored and a reset sandbox at `pace`.
 */
export function sandboxTestBed(options: { reset?: boolean; pace?: SandboxPace } = {}): TestBed {
  const database = testDatabase();
  let server: SandboxServer | undefined;
  const bed: TestBed = {
    database,
    get url() {
      if (!server) throw new Error("the sandbox starts in beforeAll: use the test bed inside a test or a hook");
      return server.url;
    },
    async call<T>(method: string, route: string, body?: unknown) {
      const response = await fetch(`${bed.url}${route}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.ok, `${method} ${route}: ${response.status}`).toBe(true);
      const text = await response.text();
      try {
        return JSON.parse(text) as T;
      } catch {
        return text as T;
      }
    },
    async entraCounts() {
      return (await bed.call<{ modules: { entra: EntraCounts } }>("GET", "/_sandbox/state")).modules.entra;
    },
  };

  beforeAll(async () => {
    server = await startPortalSandbox();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database.$disconnect();
  });

  if (options.reset !== false) {
    const pace = options.pace ?? {};
    beforeEach(async () => {
      await database.federation.deleteMany({});
      await bed.call("POST", "/_sandbox/reset");
      if (pace.asyncDelayMs !== undefined) await bed.call("POST", "/_sandbox/aws/settings", { asyncDelayMs: pace.asyncDelayMs, rateLimits: { identitycenter: null } });
      const entra = { replicationDelayMs: pace.replicationDelayMs, cycleIntervalMs: pace.cycleIntervalMs };
      if (entra.replicationDelayMs !== undefined || entra.cycleIntervalMs !== undefined) await bed.call("POST", "/_sandbox/entra/config", entra);
    });
  }
  return bed;
}
