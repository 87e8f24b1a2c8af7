import "server-only";
import { AttachManagedPolicyToPermissionSetCommand, CreatePermissionSetCommand, UpdatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { callAws, retryOnConflict, type Backoff } from "./call";
import type { AwsClients } from "./clients";
import { AwsGatewayError, isAwsGatewayError } from "./errors";
import { describePermissionSet, listManagedPolicyArns, listPermissionSets, type PermissionSetDetails } from "./list-permission-sets";

export interface PermissionSetSpec {
  /** 1–32 characters of [\w+=,.@-]: "Project Admin" is not valid, "ProjectAdmin" is. */
  name: string;
  description?: string;
  /** ISO-8601 duration between PT1H and PT12H. */
  sessionDuration?: string;
  managedPolicyArns: string[];
}

export type PermissionSetChange =
  | { kind: "create-permission-set"; name: string; description?: string; sessionDuration?: string }
  | { kind: "update-permission-set"; field: "description" | "sessionDuration"; from?: string; to: string }
  | { kind: "attach-managed-policy"; policyArn: string };

export type PermissionSetPreview = {
  /** The set this name already names in AWS, if any: it would be adopted, never duplicated. */
  existing: PermissionSetDetails | null;
  changes: PermissionSetChange[];
  /** Attached in AWS but not asked for: reported, never detached by the portal. */
  extraManagedPolicyArns: string[];
};

export type EnsurePermissionSetResult = {
  outcome: "created" | "adopted";
  permissionSet: PermissionSetDetails;
  /** What was actually changed (empty when AWS already matched). */
  applied: PermissionSetChange[];
  extraManagedPolicyArns: string[];
  /** Accounts that already received the set keep the old version until it is provisioned again. */
  needsProvisioning: boolean;
};

const NAME = /^[\w+=,.@-]{1,32}$/;
const DURATION = /^PT(?:(\d{1,2})H)?(?:(\d{1,4})M)?$/;
const POLICY_ARN = /^arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy\/.+$/;

function validateSpecOrThrow(spec: PermissionSetSpec) {
  const refuse = (message: string) => new AwsGatewayError({ kind: "validation", operation: "CreatePermissionSet", message });
  if (!NAME.test(spec.name))
    throw refuse(`"${spec.name}" is not a valid permission set name: use 1–32 letters, digits or + = , . @ _ - without spaces (e.g. ProjectAdmin).`);
  if (spec.sessionDuration !== undefined) {
    const m = DURATION.exec(spec.sessionDuration);
    const minutes = m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
    if (!(minutes >= 60 && minutes <= 720)) throw refuse(`The session duration must be between 1 and 12 hours (PT1H to PT12H), not "${spec.sessionDuration}".`);
  }
  for (const arn of spec.managedPolicyArns) if (!POLICY_ARN.test(arn)) throw refuse(`"${arn}" is not an AWS managed policy ARN (arn:aws:iam::aws:policy/…).`);
}

function diff(spec: PermissionSetSpec, existing: PermissionSetDetails | null): PermissionSetPreview {
  const wanted = [...new Set(spec.managedPolicyArns)];
  if (!existing) {
    return {
      existing: null,
      changes: [
        { kind: "create-permission-set", name: spec.name, description: spec.description, sessionDuration: spec.sessionDuration },
        ...wanted.map((policyArn) => ({ kind: "attach-managed-policy" as const, policyArn })),
      ],
      extraManagedPolicyArns: [],
    };
  }
  const changes: PermissionSetChange[] = [];
  if (spec.description !== undefined && spec.description !== existing.description)
    changes.push({ kind: "update-permission-set", field: "description", from: existing.description, to: spec.description });
  if (spec.sessionDuration !== undefined && spec.sessionDuration !== existing.sessionDuration)
    changes.push({ kind: "update-permission-set", field: "sessionDuration", from: existing.sessionDuration, to: spec.sessionDuration });
  for (const policyArn of wanted) if (!existing.managedPolicyArns.includes(policyArn)) changes.push({ kind: "attach-managed-policy", policyArn });
  return { existing, changes, extraManagedPolicyArns: existing.managedPolicyArns.filter((arn) => !wanted.includes(arn)) };
}

async function findByName(clients: AwsClients, instanceArn: string, name: string): Promise<PermissionSetDetails | null> {
  const listed = await listPermissionSets(clients, instanceArn);
  return listed.permissionSets.find((ps) => ps.name === name) ?? null;
}

/** What ensurePermissionSet would change, read from AWS without changing anything. */
export async function previewPermissionSet(clients: AwsClients, instanceArn: string, spec: PermissionSetSpec): Promise<PermissionSetPreview> {
  validateSpecOrThrow(spec);
  const existing = await findByName(clients, instanceArn, spec.name);
  return { ...diff(spec, existing) };
}

/**
 * Makes a permission set with this name exist with these policies: adopts one that exists (never a
 * second), creates it otherwise, attaches what is missing. Safe to re-run after a crash at any point.
 */
export async function ensurePermissionSet(
  clients: AwsClients,
  instanceArn: string,
  spec: PermissionSetSpec,
  options: { conflictBackoff?: Backoff } = {},
): Promise<EnsurePermissionSetResult> {
  validateSpecOrThrow(spec);
  const sso = clients.sso;
  let existing = await findByName(clients, instanceArn, spec.name);
  let outcome: EnsurePermissionSetResult["outcome"] = existing ? "adopted" : "created";
  const applied: PermissionSetChange[] = [];

  if (!existing) {
    try {
      const created = await callAws("CreatePermissionSet", () =>
        sso.send(
          new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: spec.name, Description: spec.description, SessionDuration: spec.sessionDuration }),
        ),
      );
      const arn = created.PermissionSet?.PermissionSetArn;
      if (!arn)
        throw new AwsGatewayError({ kind: "unknown", operation: "CreatePermissionSet", message: "AWS created the permission set but returned no ARN." });
      existing = await describePermissionSet(sso, instanceArn, arn);
      applied.push({ kind: "create-permission-set", name: spec.name, description: spec.description, sessionDuration: spec.sessionDuration });
    } catch (error) {
      // Someone (another replica, a retried request) created it in between: adopt theirs.
      if (!isAwsGatewayError(error, "conflict")) throw error;
      existing = await findByName(clients, instanceArn, spec.name);
      if (!existing) throw error;
      outcome = "adopted";
    }
  }
  const ps = existing;
  const plan = diff(spec, ps);

  for (const change of plan.changes) {
    if (change.kind === "update-permission-set") {
      await retryOnConflict(
        () =>
          callAws("UpdatePermissionSet", () =>
            sso.send(
              new UpdatePermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: ps.permissionSetArn,
                ...(change.field === "description" ? { Description: change.to } : { SessionDuration: change.to }),
              }),
            ),
          ),
        options.conflictBackoff,
      );
      applied.push(change);
    } else if (change.kind === "attach-managed-policy") {
      const attached = await retryOnConflict(async () => {
        try {
          await callAws("AttachManagedPolicyToPermissionSet", () =>
            sso.send(
              new AttachManagedPolicyToPermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: ps.permissionSetArn,
                ManagedPolicyArn: change.policyArn,
              }),
            ),
          );
          return true;
        } catch (error) {
          // A conflict is either "already attached" (someone beat us: done) or "busy provisioning" (retry).
          if (isAwsGatewayError(error, "conflict") && (await listManagedPolicyArns(sso, instanceArn, ps.permissionSetArn)).includes(change.policyArn))
            return false;
          throw error;
        }
      }, options.conflictBackoff);
      if (attached) applied.push(change);
    }
  }

  const permissionSet = applied.length ? await describePermissionSet(sso, instanceArn, ps.permissionSetArn) : ps;
  const changedExisting = outcome === "adopted" && applied.length > 0;
  return { outcome, permissionSet, applied, extraManagedPolicyArns: plan.extraManagedPolicyArns, needsProvisioning: changedExisting };
}
