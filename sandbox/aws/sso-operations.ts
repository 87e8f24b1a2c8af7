import { randomUUID } from "node:crypto";
import { accountsProvisioned, assignmentKey, provisionKey, type Assignment, type AsyncOperation } from "./sso-state";
import type { AwsState } from "./state";

// The async sso-admin operations (account assignments, permission set provisioning) over the whole AWS state:
// kept apart from sso-state.ts, which only describes Identity Center's data, so that state.ts can import it.

/** Start an async operation; it completes lazily (see settle) once the sandbox clock passes `completeAt`. */
export function startOperation(state: AwsState, now: number, op: Omit<AsyncOperation, "requestId" | "createdAt" | "completeAt" | "status">): AsyncOperation {
  const settings = state.settings;
  let forcedFailure: string | undefined;
  if (settings.failNextAsync > 0) {
    settings.failNextAsync -= 1;
    forcedFailure = settings.failureReason;
  }
  const full: AsyncOperation = {
    ...op,
    requestId: randomUUID(),
    createdAt: now,
    completeAt: now + settings.asyncDelayMs,
    status: "IN_PROGRESS",
    forcedFailure,
  };
  state.sso.operations.set(full.requestId, full);
  state.sso.pending.push(full);
  // Never settled here: even with a zero delay the first answer is IN_PROGRESS, as from AWS.
  return full;
}

/** Complete every operation whose time has come, in the order they would have finished. */
export function settle(state: AwsState, now: number): void {
  const sso = state.sso;
  if (!sso.pending.some((op) => op.completeAt <= now)) return;
  const due = sso.pending.filter((op) => op.completeAt <= now).sort((a, b) => a.completeAt - b.completeAt);
  sso.pending = sso.pending.filter((op) => op.completeAt > now);
  for (const op of due) complete(state, op);
}

function complete(state: AwsState, op: AsyncOperation) {
  const failure = op.forcedFailure ?? precondition(state, op);
  if (failure) {
    op.status = "FAILED";
    op.failureReason = failure;
    return;
  }
  const sso = state.sso;
  const ps = sso.permissionSets.get(op.permissionSetArn);
  if (op.kind === "CREATE_ASSIGNMENT" && ps && op.accountId && op.principalType && op.principalId) {
    const a: Assignment = { accountId: op.accountId, permissionSetArn: op.permissionSetArn, principalType: op.principalType, principalId: op.principalId };
    sso.assignments.set(assignmentKey(a), a);
    // Creating an assignment provisions the permission set as it is now.
    sso.provisioned.set(provisionKey(ps.arn, op.accountId), ps.version);
  } else if (op.kind === "DELETE_ASSIGNMENT" && op.accountId && op.principalType && op.principalId) {
    sso.assignments.delete(
      assignmentKey({ accountId: op.accountId, permissionSetArn: op.permissionSetArn, principalType: op.principalType, principalId: op.principalId }),
    );
    const stillUsed = [...sso.assignments.values()].some((a) => a.permissionSetArn === op.permissionSetArn && a.accountId === op.accountId);
    // The last assignment's removal also removes the provisioned role from the account.
    if (!stillUsed) sso.provisioned.delete(provisionKey(op.permissionSetArn, op.accountId));
  } else if (op.kind === "PROVISION" && op.version !== undefined) {
    const accounts = op.accountId ? [op.accountId] : accountsProvisioned(sso, op.permissionSetArn);
    for (const account of accounts) sso.provisioned.set(provisionKey(op.permissionSetArn, account), op.version);
  }
  op.status = "SUCCEEDED";
}

function precondition(state: AwsState, op: AsyncOperation): string | undefined {
  if (!state.sso.permissionSets.has(op.permissionSetArn)) return `Permission set ${op.permissionSetArn} does not exist.`;
  if (op.accountId && !state.org.accounts.some((a) => a.id === op.accountId))
    return `The account ${op.accountId} is not a member of organization ${state.org.organizationId}.`;
  if (op.kind !== "CREATE_ASSIGNMENT" || !op.principalId) return undefined;
  const exists = op.principalType === "USER" ? state.directory.users.has(op.principalId) : state.directory.groups.has(op.principalId);
  return exists ? undefined : `Received a 404 status error: Not supported error: Principal with id ${op.principalId} does not exist.`;
}
