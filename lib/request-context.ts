import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One request context: who acts, and which upstream requests (Graph request-id, x-amzn-requestid, SCIM,
 * the identity platform) the work produced. Actions, route handlers, the setup runner, the provisioning
 * poller and helpdesk runs open a scope; the gateways record into it; audit rows, step records and
 * failures read it. Nobody passes an array of request ids around.
 *
 * Scopes nest: an id recorded in an inner scope (a setup step run inside an action) is also recorded in
 * every enclosing scope, so the step record and the action's audit row both carry it. AsyncLocalStorage
 * keeps concurrent requests apart: work started inside a scope (Promise.all, mapLimit) records into that
 * scope only.
 */

export interface RequestActor {
  email: string;
  name?: string;
  role?: string;
}

interface Scope {
  readonly actor?: RequestActor;
  readonly requestIds: string[];
  readonly parent?: Scope;
}

/** More ids than this in one scope are dropped from the front: a record keeps the most recent ones. */
const MAX_IDS = 200;

const storage = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` in a new scope nested in the current one (if any). The actor is inherited unless given.
 * The scope's own ids are readable inside with `requestIdsInScope()`.
 */
export function withRequestScope<T>(work: () => Promise<T>, options: { actor?: RequestActor } = {}): Promise<T> {
  const parent = storage.getStore();
  const scope: Scope = { actor: options.actor ?? parent?.actor, requestIds: [], parent };
  return storage.run(scope, work);
}

/** Runs `work` in a nested scope and returns what it returned with the request ids recorded inside it. */
export async function collectRequestIds<T>(work: () => Promise<T>): Promise<{ result: T; requestIds: string[] }> {
  let ids: string[] = [];
  const result = await withRequestScope(async () => {
    try {
      return await work();
    } finally {
      ids = requestIdsInScope();
    }
  });
  return { result, requestIds: ids };
}

/** Records an upstream request id in the current scope and every scope around it. Outside a scope it is a no-op. */
export function recordRequestId(id: string | null | undefined): void {
  if (!id) return;
  for (let scope = storage.getStore(); scope; scope = scope.parent) {
    if (scope.requestIds.includes(id)) continue;
    scope.requestIds.push(id);
    if (scope.requestIds.length > MAX_IDS) scope.requestIds.splice(0, scope.requestIds.length - MAX_IDS);
  }
}

/** The ids recorded in the current scope (and scopes nested in it) so far, oldest first; a copy. */
export function requestIdsInScope(): string[] {
  return [...(storage.getStore()?.requestIds ?? [])];
}

/** Who acts in the current scope, when the scope was opened for someone. */
export function currentActor(): RequestActor | undefined {
  return storage.getStore()?.actor;
}

/** Whether a scope is open (tests, and code that must know whether its ids will be kept). */
export function inRequestScope(): boolean {
  return storage.getStore() !== undefined;
}
