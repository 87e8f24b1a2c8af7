
export interface PermissionSet {
  arn: string;
  name: string;
  description?: string;
  sessionDuration: string;
  relayState?: string;
  createdAt: number;
  tags: { Key: string; Value: string }[];
  managedPolicies: string[];
  inlinePolicy?: string;
  /** Bumped by every change that needs re-provisioning; compared with what each account last received. */
  version: number;
}

export type PrincipalType = "USER" | "GROUP";

export interface Assignment {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

export type OperationKind = "CREATE_ASSIGNMENT" | "DELETE_ASSIGNMENT" | "PROVISION";
export type OperationStatus = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

export interface AsyncOperation {
  kind: OperationKind;
  requestId: string;
  createdAt: number;
  completeAt: number;
  status: OperationStatus;
  failureReason?: string;
  /** Decided at request time by the failNextAsync knob. */
  forcedFailure?: string;
  permissionSetArn: string;
  /** Assignments: the account; PROVISION: the target account, absent for ALL_PROVISIONED_ACCOUNTS. */
  accountId?: string;
  principalType?: PrincipalType;
  principalId?: string;
  /** CREATE_ASSIGNMENT: the account did not hold the permission set's latest version, so this assignment provisions it. */
  provisions?: boolean;
  /** PROVISION: the permission-set version being pushed. */
  version?: number;
}

export interface SsoState {
  permissionSets: Map<string, PermissionSet>;
  assignments: Map<string, Assignment>;
  /** `${permissionSetArn}|${accountId}` → the permission-set version that account last received. */
  provisioned: Map<string, number>;
  operations: Map<string, AsyncOperation>;
  pending: AsyncOperation[];
}

export const newSsoState = (): SsoState => ({
  permissionSets: new Map(),
  assignments: new Map(),
  provisioned: new Map(),
  operations: new Map(),
  pending: [],
});

export const assignmentKey = (a: Assignment) => `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`;
export const provisionKey = (psArn: string, accountId: string) => `${psArn}|${accountId}`;

export function accountsProvisioned(sso: SsoState, psArn: string): string[] {
  const prefix = `${psArn}|`;
  return [...sso.provisioned.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

export const pendingFor = (sso: SsoState, psArn: string) => sso.pending.filter((op) => op.permissionSetArn === psArn);
