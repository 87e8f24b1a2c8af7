import type { SandboxResponse } from "../core/types";
import type { Caller } from "./auth";
import { recordCloudTrailEvent, type CloudTrailRecord } from "./cloudtrail";
import { SANDBOX_CALLER } from "./iam-identities";
import type { CallSource } from "./saml-trail";
import type { AwsState } from "./state";

/**
 * The management events AWS writes to CloudTrail for the write calls the sandbox serves, success or failure, with
 * the caller as SigV4 authenticated it (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html):
 * IAM Identity Center's admin API under eventSource sso.amazonaws.com
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/logging-using-cloudtrail.html), the Identity Store under
 * identitystore.amazonaws.com (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/logging-using-cloudtrail.html),
 * and IAM under iam.amazonaws.com, which as a global service writes its events in US East (N. Virginia)
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html). Reads write nothing here: event
 * history holds them too, but nothing in the portal looks for them.
 */

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

interface Resource {
  ResourceType: string;
  ResourceName: string;
}

/** Which resources an event names, from the call's input and (for creates) its output. */
type ResourcesOf = (input: Json, output: Json) => (Resource | undefined)[];

const resource = (type: string, name: string | undefined): Resource | undefined => (name ? { ResourceType: type, ResourceName: name } : undefined);
const ssoInstance = (input: Json) => resource("AWS::SSO::Instance", str(input.InstanceArn));
const permissionSet = (input: Json, output: Json = {}) =>
  resource("AWS::SSO::PermissionSet", str(input.PermissionSetArn) ?? str(rec(output.PermissionSet).PermissionSetArn));
const account = (id: string | undefined) => resource("AWS::::Account", id);

const SSO: Record<string, ResourcesOf> = {
  CreatePermissionSet: (input, output) => [ssoInstance(input), permissionSet(input, output)],
  UpdatePermissionSet: (input) => [ssoInstance(input), permissionSet(input)],
  DeletePermissionSet: (input) => [ssoInstance(input), permissionSet(input)],
  PutInlinePolicyToPermissionSet: (input) => [ssoInstance(input), permissionSet(input)],
  DeleteInlinePolicyFromPermissionSet: (input) => [ssoInstance(input), permissionSet(input)],
  AttachManagedPolicyToPermissionSet: (input) => [ssoInstance(input), permissionSet(input), resource("AWS::IAM::Policy", str(input.ManagedPolicyArn))],
  DetachManagedPolicyFromPermissionSet: (input) => [ssoInstance(input), permissionSet(input), resource("AWS::IAM::Policy", str(input.ManagedPolicyArn))],
  ProvisionPermissionSet: (input) => [ssoInstance(input), permissionSet(input), account(str(input.TargetId))],
  CreateAccountAssignment: (input) => [ssoInstance(input), permissionSet(input), account(str(input.TargetId))],
  DeleteAccountAssignment: (input) => [ssoInstance(input), permissionSet(input), account(str(input.TargetId))],
};

const group = (id: string | undefined) => resource("AWS::IdentityStore::Group", id);
const IDENTITY_STORE: Record<string, ResourcesOf> = {
  CreateGroup: (_input, output) => [group(str(output.GroupId))],
  DeleteGroup: (input) => [group(str(input.GroupId))],
  CreateGroupMembership: (input) => [group(str(input.GroupId)), resource("AWS::IdentityStore::User", str(rec(input.MemberId).UserId))],
  DeleteGroupMembership: (input) => [resource("AWS::IdentityStore::GroupMembership", str(input.MembershipId))],
  CreateUser: (_input, output) => [resource("AWS::IdentityStore::User", str(output.UserId))],
  DeleteUser: (input) => [resource("AWS::IdentityStore::User", str(input.UserId))],
};

const IAM: Record<string, ResourcesOf> = {
  CreateSAMLProvider: (input, output) => [resource("AWS::IAM::SAMLProvider", str(output.SAMLProviderArn) ?? str(input.Name))],
  UpdateSAMLProvider: (input) => [resource("AWS::IAM::SAMLProvider", str(input.SAMLProviderArn))],
  DeleteSAMLProvider: (input) => [resource("AWS::IAM::SAMLProvider", str(input.SAMLProviderArn))],
  CreateRole: (input) => [resource("AWS::IAM::Role", str(input.RoleName))],
  DeleteRole: (input) => [resource("AWS::IAM::Role", str(input.RoleName))],
  UpdateAssumeRolePolicy: (input) => [resource("AWS::IAM::Role", str(input.RoleName))],
  AttachRolePolicy: (input) => [resource("AWS::IAM::Role", str(input.RoleName)), resource("AWS::IAM::Policy", str(input.PolicyArn))],
  DetachRolePolicy: (input) => [resource("AWS::IAM::Role", str(input.RoleName)), resource("AWS::IAM::Policy", str(input.PolicyArn))],
  AttachUserPolicy: (input) => [resource("AWS::IAM::User", str(input.UserName)), resource("AWS::IAM::Policy", str(input.PolicyArn))],
  DetachUserPolicy: (input) => [resource("AWS::IAM::User", str(input.UserName)), resource("AWS::IAM::Policy", str(input.PolicyArn))],
  CreatePolicy: (input) => [resource("AWS::IAM::Policy", str(input.PolicyName))],
  DeletePolicy: (input) => [resource("AWS::IAM::Policy", str(input.PolicyArn))],
  CreateUser: (input) => [resource("AWS::IAM::User", str(input.UserName))],
  DeleteUser: (input) => [resource("AWS::IAM::User", str(input.UserName))],
  CreateAccessKey: (input) => [resource("AWS::IAM::User", str(input.UserName))],
  UpdateAccessKey: (input) => [resource("AWS::IAM::AccessKey", str(input.AccessKeyId))],
  DeleteAccessKey: (input) => [resource("AWS::IAM::AccessKey", str(input.AccessKeyId))],
};

export type TrailService = "sso" | "identitystore" | "iam";
const SERVICES: Record<TrailService, { eventSource: string; events: Record<string, ResourcesOf> }> = {
  sso: { eventSource: "sso.amazonaws.com", events: SSO },
  identitystore: { eventSource: "identitystore.amazonaws.com", events: IDENTITY_STORE },
  iam: { eventSource: "iam.amazonaws.com", events: IAM },
};

/** The write operations that leave a management event, by service (tests read it). */
export const TRAILED_OPERATIONS: Record<TrailService, string[]> = {
  sso: Object.keys(SSO),
  identitystore: Object.keys(IDENTITY_STORE),
  iam: Object.keys(IAM),
};

/** Events of a global service (IAM) are delivered to US East (N. Virginia). */
const GLOBAL_REGION = "us-east-1";

/** Request parameters as CloudTrail writes them: the API's member names with a lower-case first letter ("sAMLMetadataDocument"), at every level. */
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
function parameters(input: Json): Json {
  const convert = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(convert) : typeof value === "object" && value !== null ? parameters(value as Json) : value;
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [camel(key), convert(value)]));
}

/**
 * The caller as CloudTrail's userIdentity names it (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 * an IAM user (the sandbox's own administrator key or a user's access key) or a role session (AssumedRole, with the
 * role as the session's issuer). `username` is what LookupEvents' Username attribute matches.
 */
export function userIdentityOf(state: AwsState, caller: Caller): { userIdentity: Json; accountId: string; username: string } {
  const session = caller.session;
  if (session) {
    const roleName = session.roleArn.slice(session.roleArn.lastIndexOf("/") + 1);
    return {
      accountId: session.accountId,
      username: session.sessionName,
      userIdentity: {
        type: "AssumedRole",
        principalId: `${session.roleId}:${session.sessionName}`,
        arn: session.assumedRoleArn,
        accountId: session.accountId,
        accessKeyId: caller.accessKeyId,
        sessionContext: {
          sessionIssuer: { type: "Role", principalId: session.roleId, arn: session.roleArn, accountId: session.accountId, userName: roleName },
          attributes: { mfaAuthenticated: "false" },
        },
      },
    };
  }
  const key = state.iam.accessKeys.get(caller.accessKeyId);
  const user = key ? state.iam.users.get(key.userName.toLowerCase()) : undefined;
  const name = user?.name ?? SANDBOX_CALLER.name;
  return {
    accountId: state.accountId,
    username: name,
    userIdentity: {
      type: "IAMUser",
      principalId: user?.id ?? SANDBOX_CALLER.id,
      arn: user?.arn ?? `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}`,
      accountId: state.accountId,
      accessKeyId: caller.accessKeyId,
      userName: name,
    },
  };
}

/** The error an answer carries: JSON 1.1's __type (after the #) and message, or the query protocol's Code and Message. */
function errorOf(response: SandboxResponse): { errorCode: string; errorMessage: string } | undefined {
  if (response.status < 400) return undefined;
  const body = typeof response.body === "string" ? response.body : Buffer.isBuffer(response.body) ? response.body.toString("utf8") : "";
  const xml = /<Code>([^<]*)<\/Code>[^]*?<Message>([^<]*)<\/Message>/.exec(body);
  if (xml) return { errorCode: xml[1] ?? "", errorMessage: xml[2] ?? "" };
  try {
    const json = rec(JSON.parse(body));
    const type = str(json.__type) ?? "";
    return { errorCode: type.slice(type.indexOf("#") + 1), errorMessage: str(json.message) ?? str(json.Message) ?? "" };
  } catch {
    return { errorCode: String(response.status), errorMessage: "" };
  }
}

function outputOf(response: SandboxResponse): Json {
  if (response.status >= 400 || typeof response.body !== "string") return {};
  try {
    return rec(JSON.parse(response.body));
  } catch {
    return {};
  }
}

/** Whether a call writes a management event (a write operation of a trailed service). */
export const isTrailed = (service: TrailService, operation: string | null): operation is string => operation !== null && Object.hasOwn(SERVICES[service].events, operation);

/**
 * Writes the event for one answered write call: who (from the SigV4 credential), when, what was asked, what was
 * answered (JSON services' output; IAM's XML answer is not repeated) or why it was refused.
 */
export function recordManagementEvent(
  state: AwsState,
  call: { service: TrailService; operation: string; input: Json; caller: Caller; now: number; source: CallSource; response: SandboxResponse },
): CloudTrailRecord | undefined {
  const service = SERVICES[call.service];
  const resourcesOf = service.events[call.operation];
  if (!resourcesOf) return undefined;
  const { userIdentity, accountId, username } = userIdentityOf(state, call.caller);
  const error = errorOf(call.response);
  const output = outputOf(call.response);
  const resources = resourcesOf(call.input, output).filter((r): r is Resource => r !== undefined);
  return recordCloudTrailEvent(state, {
    accountId,
    region: call.service === "iam" ? GLOBAL_REGION : undefined,
    eventName: call.operation,
    eventSource: service.eventSource,
    eventType: "AwsApiCall",
    eventTime: call.now,
    readOnly: false,
    username,
    accessKeyId: call.caller.accessKeyId,
    userIdentity,
    ...call.source,
    ...(error ?? {}),
    requestParameters: parameters(call.input),
    responseElements: error || call.service === "iam" || Object.keys(output).length === 0 ? null : parameters(output),
    resources,
  });
}
