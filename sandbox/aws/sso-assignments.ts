import { AwsError, conflict, notFound, throttled } from "./errors";
import { epoch, type Handler } from "./protocol-json";
import { page } from "./paging";
import { accountIdRule, MAX_RESULTS, nextTokenRule, permissionSetArnRule, requirePermissionSet, start, type Call } from "./sso-common";
import { startOperation } from "./sso-operations";
import { accountsProvisioned, assignmentKey, provisionKey, type AsyncOperation, type OperationKind, type PrincipalType } from "./sso-state";
import type { AwsState } from "./state";
import { PATTERNS, Validator, type Input } from "./validate";

const principalIdRule = {
  required: true,
  min: 1,
  max: 47,
  pattern: PATTERNS.principalId,
  patternText: "^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$",
};
const requestIdRule = { required: true, pattern: PATTERNS.uuid, patternText: "\\b[0-9a-f]{8}\\b-[0-9a-f]{4}\\b-[0-9a-f]{4}\\b-[0-9a-f]{4}\\b-[0-9a-f]{12}\\b" };
const STATUSES = ["IN_PROGRESS", "FAILED", "SUCCEEDED"] as const;
const PROVISIONING_STATUSES = ["LATEST_PERMISSION_SET_PROVISIONED", "LATEST_PERMISSION_SET_NOT_PROVISIONED"] as const;

const provisioningOut = (op: AsyncOperation) => ({
  Status: op.status,
  RequestId: op.requestId,
  AccountId: op.accountId,
  PermissionSetArn: op.permissionSetArn,
  FailureReason: op.failureReason,
  CreatedDate: epoch(op.createdAt),
});

const assignmentStatusOut = (op: AsyncOperation) => ({
  Status: op.status,
  RequestId: op.requestId,
  FailureReason: op.failureReason,
  TargetId: op.accountId,
  TargetType: "AWS_ACCOUNT",
  PermissionSetArn: op.permissionSetArn,
  PrincipalType: op.principalType,
  PrincipalId: op.principalId,
  CreatedDate: epoch(op.createdAt),
});

function findOperation(state: AwsState, kind: OperationKind, requestId: string | undefined): AsyncOperation {
  const op = requestId === undefined ? undefined : state.sso.operations.get(requestId);
  if (!op || op.kind !== kind) throw notFound(`Request ${requestId ?? "null"} does not exist.`);
  return op;
}

const ProvisionPermissionSet: Handler<AwsState> = (input, { state, now }: Call) => {
  let arn: string | undefined;
  let targetType: string | undefined;
  let targetId: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    targetType = v.str("TargetType", { required: true, oneOf: ["AWS_ACCOUNT", "ALL_PROVISIONED_ACCOUNTS"] });
    targetId = v.str("TargetId", { ...accountIdRule, required: false });
  });
  if (targetType === "AWS_ACCOUNT" && targetId === undefined) throw new AwsError("ValidationException", "TargetId is required when TargetType is AWS_ACCOUNT.");
  if (targetType === "ALL_PROVISIONED_ACCOUNTS" && targetId !== undefined)
    throw new AwsError("ValidationException", "TargetId must not be specified when TargetType is ALL_PROVISIONED_ACCOUNTS.");
  const ps = requirePermissionSet(state, arn);
  refuseManagementAccount(state, targetId);
  if (state.sso.pending.some((op) => op.permissionSetArn === ps.arn)) {
    throw conflict(`Could not provision permission set ${ps.arn} because another operation on it is in progress. Try again later.`);
  }
  const op = startOperation(state, now, { kind: "PROVISION", permissionSetArn: ps.arn, accountId: targetId, version: ps.version });
  return { PermissionSetProvisioningStatus: provisioningOut(op) };
};

const DescribePermissionSetProvisioningStatus: Handler<AwsState> = (input, { state }: Call) => {
  let id: string | undefined;
  start(input, state, (v) => (id = v.str("ProvisionPermissionSetRequestId", requestIdRule)));
  return { PermissionSetProvisioningStatus: provisioningOut(findOperation(state, "PROVISION", id)) };
};

/** The three "List…Status" calls: every operation of one kind, optionally filtered by status. */
function statusListing(kind: OperationKind, outKey: string): Handler<AwsState> {
  return (input, { state }: Call) => {
    let max: number | undefined;
    let token: string | undefined;
    let status: string | undefined;
    start(input, state, (v) => {
      max = v.int("MaxResults", MAX_RESULTS);
      token = v.str("NextToken", nextTokenRule);
      const filter = v.obj("Filter");
      if (filter) status = new Validator(filter).str("Status", { oneOf: STATUSES });
    });
    const ops = [...state.sso.operations.values()].filter((op) => op.kind === kind && (!status || op.status === status));
    const p = page(ops, { scope: `${outKey}|${status ?? ""}`, nextToken: token, maxResults: max, defaultSize: 100 });
    return { [outKey]: p.items.map((op) => ({ Status: op.status, RequestId: op.requestId, CreatedDate: epoch(op.createdAt) })), NextToken: p.nextToken };
  };
}

interface AssignmentInput {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

function readAssignment(input: Input, state: AwsState): AssignmentInput {
  const out: Partial<AssignmentInput> = {};
  start(input, state, (v) => {
    out.accountId = v.str("TargetId", accountIdRule);
    v.str("TargetType", { required: true, oneOf: ["AWS_ACCOUNT"] });
    out.permissionSetArn = v.str("PermissionSetArn", permissionSetArnRule);
    out.principalType = v.str("PrincipalType", { required: true, oneOf: ["USER", "GROUP"] }) as PrincipalType | undefined;
    out.principalId = v.str("PrincipalId", principalIdRule);
  });
  requirePermissionSet(state, out.permissionSetArn);
  return out as AssignmentInput;
}

/** Overlapping create/delete of one assignment, or a provisioning of its permission set, conflict. */
function refuseOverlap(state: AwsState, a: AssignmentInput) {
  for (const op of state.sso.pending) {
    if (op.permissionSetArn !== a.permissionSetArn) continue;
    if (op.kind === "PROVISION" && (!op.accountId || op.accountId === a.accountId)) {
      throw conflict(
        `Could not complete the operation because a provisioning operation is in progress for permission set ${a.permissionSetArn}. Try again later.`,
      );
    }
    if (op.kind === "PROVISION" || op.accountId !== a.accountId) continue;
    if (op.principalId === a.principalId && op.principalType === a.principalType) {
      throw conflict("An account assignment request for the same principal, permission set and account is already in progress. Try again later.");
    }
    // The earlier assignment is provisioning the permission set into this account: one role update at a time
    // per account (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html).
    if (op.provisions && state.settings.conflictWhileProvisioning) {
      throw conflict(
        `Could not complete the operation because permission set ${a.permissionSetArn} is being provisioned to account ${a.accountId}. Try again later.`,
      );
    }
  }
}

/**
 * A delegated administrator cannot manage access in the management account
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html); the error it gets is the sandbox's choice.
 */
function refuseManagementAccount(state: AwsState, accountId: string | undefined) {
  if (state.settings.managementAccountAssignments || accountId !== state.org.managementAccountId) return;
  throw new AwsError(
    "AccessDeniedException",
    `A delegated administrator cannot manage account assignments or permission sets provisioned in the management account ${accountId}.`,
    403,
  );
}

/** The documented cap on outstanding assignment operations, answered as AWS answers it (observed: ThrottlingException, HTTP 400). */
function refuseOverLimit(state: AwsState) {
  const max = state.settings.maxOutstandingAssignments;
  if (max === null) return;
  const outstanding = state.sso.pending.filter((op) => op.kind === "CREATE_ASSIGNMENT" || op.kind === "DELETE_ASSIGNMENT").length;
  if (outstanding >= max) throw throttled("There are too many requests processing. Please try again later.");
}

const CreateAccountAssignment: Handler<AwsState> = (input, { state, now }: Call) => {
  const a = readAssignment(input, state);
  refuseManagementAccount(state, a.accountId);
  refuseOverlap(state, a);
  refuseOverLimit(state);
  // Creating an assignment provisions the permission set to the account when it lacks the latest version.
  const ps = requirePermissionSet(state, a.permissionSetArn);
  const provisions = state.sso.provisioned.get(provisionKey(ps.arn, a.accountId)) !== ps.version;
  const op = startOperation(state, now, { kind: "CREATE_ASSIGNMENT", ...a, provisions });
  return { AccountAssignmentCreationStatus: assignmentStatusOut(op) };
};

const DeleteAccountAssignment: Handler<AwsState> = (input, { state, now }: Call) => {
  const a = readAssignment(input, state);
  refuseOverlap(state, a);
  refuseManagementAccount(state, a.accountId);
  if (!state.sso.assignments.has(assignmentKey(a))) throw notFound("The specified account assignment does not exist.");
  refuseOverLimit(state);
  const op = startOperation(state, now, { kind: "DELETE_ASSIGNMENT", ...a });
  return { AccountAssignmentDeletionStatus: assignmentStatusOut(op) };
};

function describeAssignmentStatus(kind: OperationKind, idField: string, outKey: string): Handler<AwsState> {
  return (input, { state }: Call) => {
    let id: string | undefined;
    start(input, state, (v) => (id = v.str(idField, requestIdRule)));
    return { [outKey]: assignmentStatusOut(findOperation(state, kind, id)) };
  };
}

const ListAccountAssignments: Handler<AwsState> = (input, { state }: Call) => {
  let accountId: string | undefined;
  let arn: string | undefined;
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    accountId = v.str("AccountId", accountIdRule);
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  requirePermissionSet(state, arn);
  const rows = [...state.sso.assignments.values()].filter((a) => a.accountId === accountId && a.permissionSetArn === arn);
  const p = page(rows, { scope: `ListAccountAssignments|${accountId ?? ""}|${arn ?? ""}`, nextToken: token, maxResults: max, defaultSize: 100 });
  return {
    AccountAssignments: p.items.map((a) => ({
      AccountId: a.accountId,
      PermissionSetArn: a.permissionSetArn,
      PrincipalType: a.principalType,
      PrincipalId: a.principalId,
    })),
    NextToken: p.nextToken,
  };
};

/** Only direct assignments of the principal: whether AWS adds group-derived ones is unconfirmed, so it does not. */
const ListAccountAssignmentsForPrincipal: Handler<AwsState> = (input, { state }: Call) => {
  let principalId: string | undefined;
  let principalType: string | undefined;
  let filterAccount: string | undefined;
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    principalId = v.str("PrincipalId", principalIdRule);
    principalType = v.str("PrincipalType", { required: true, oneOf: ["USER", "GROUP"] });
    const filter = v.obj("Filter");
    if (filter) filterAccount = new Validator(filter).str("AccountId", { ...accountIdRule, required: false });
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  const rows = [...state.sso.assignments.values()].filter(
    (a) => a.principalId === principalId && a.principalType === principalType && (!filterAccount || a.accountId === filterAccount),
  );
  const p = page(rows, {
    scope: `ForPrincipal|${principalType ?? ""}|${principalId ?? ""}|${filterAccount ?? ""}`,
    nextToken: token,
    maxResults: max,
    defaultSize: 100,
  });
  return {
    AccountAssignments: p.items.map((a) => ({
      AccountId: a.accountId,
      PermissionSetArn: a.permissionSetArn,
      PrincipalId: a.principalId,
      PrincipalType: a.principalType,
    })),
    NextToken: p.nextToken,
  };
};

/** "LATEST_PERMISSION_SET_NOT_PROVISIONED": the account holds an older version than the permission set. */
function isLatest(state: AwsState, psArn: string, accountId: string): boolean {
  const ps = state.sso.permissionSets.get(psArn);
  return ps !== undefined && state.sso.provisioned.get(provisionKey(psArn, accountId)) === ps.version;
}

const ListAccountsForProvisionedPermissionSet: Handler<AwsState> = (input, { state }: Call) => {
  let arn: string | undefined;
  let status: string | undefined;
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    arn = v.str("PermissionSetArn", permissionSetArnRule);
    status = v.str("ProvisioningStatus", { oneOf: PROVISIONING_STATUSES });
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  const ps = requirePermissionSet(state, arn);
  const accounts = accountsProvisioned(state.sso, ps.arn).filter(
    (acct) => !status || isLatest(state, ps.arn, acct) === (status === "LATEST_PERMISSION_SET_PROVISIONED"),
  );
  const p = page(accounts, { scope: `AccountsForPS|${ps.arn}|${status ?? ""}`, nextToken: token, maxResults: max, defaultSize: 100 });
  return { AccountIds: p.items, NextToken: p.nextToken };
};

const ListPermissionSetsProvisionedToAccount: Handler<AwsState> = (input, { state }: Call) => {
  let accountId: string | undefined;
  let status: string | undefined;
  let max: number | undefined;
  let token: string | undefined;
  start(input, state, (v) => {
    accountId = v.str("AccountId", accountIdRule);
    status = v.str("ProvisioningStatus", { oneOf: PROVISIONING_STATUSES });
    max = v.int("MaxResults", MAX_RESULTS);
    token = v.str("NextToken", nextTokenRule);
  });
  const suffix = `|${accountId ?? ""}`;
  const arns = [...state.sso.provisioned.keys()]
    .filter((k) => k.endsWith(suffix))
    .map((k) => k.slice(0, -suffix.length))
    .filter((psArn) => !status || isLatest(state, psArn, accountId ?? "") === (status === "LATEST_PERMISSION_SET_PROVISIONED"));
  const p = page(arns, { scope: `PSProvisionedToAccount|${accountId ?? ""}|${status ?? ""}`, nextToken: token, maxResults: max, defaultSize: 100 });
  return { PermissionSets: p.items, NextToken: p.nextToken };
};

export const assignmentOperations: Record<string, Handler<AwsState>> = {
  ProvisionPermissionSet,
  DescribePermissionSetProvisioningStatus,
  ListPermissionSetProvisioningStatus: statusListing("PROVISION", "PermissionSetsProvisioningStatus"),
  CreateAccountAssignment,
  DeleteAccountAssignment,
  DescribeAccountAssignmentCreationStatus: describeAssignmentStatus(
    "CREATE_ASSIGNMENT",
    "AccountAssignmentCreationRequestId",
    "AccountAssignmentCreationStatus",
  ),
  DescribeAccountAssignmentDeletionStatus: describeAssignmentStatus(
    "DELETE_ASSIGNMENT",
    "AccountAssignmentDeletionRequestId",
    "AccountAssignmentDeletionStatus",
  ),
  ListAccountAssignmentCreationStatus: statusListing("CREATE_ASSIGNMENT", "AccountAssignmentsCreationStatus"),
  ListAccountAssignmentDeletionStatus: statusListing("DELETE_ASSIGNMENT", "AccountAssignmentsDeletionStatus"),
  ListAccountAssignments,
  ListAccountAssignmentsForPrincipal,
  ListAccountsForProvisionedPermissionSet,
  ListPermissionSetsProvisionedToAccount,
};
