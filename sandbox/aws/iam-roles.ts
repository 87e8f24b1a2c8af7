import { AwsError } from "./errors";
import { alreadyExists, deleteConflict, fold, formValidator, invalidMarker, NAME, noSuchEntity, PATH, type IamCall, type IamResult } from "./iam-common";
import { checkIdentityPolicy, checkTrustPolicy } from "./iam-policy-doc";
import { iamId, type IamRole, type SamlProvider } from "./iam-state";
import { MetadataError, parseIdpMetadata } from "./saml-metadata";
import { page } from "./paging";
import { iso, memberStructs } from "./protocol-query";
import type { AwsState } from "./state";

type Op = (params: URLSearchParams, call: IamCall) => IamResult;

const SAML_NAME = { required: true, min: 1, max: 128, pattern: /^[\w._-]+$/, patternText: "[\\w._-]+" };
const SAML_DOC = { required: true, min: 1000, max: 10_000_000 };
const SAML_ARN = { required: true, min: 20, max: 2048 };

/** Metadata IAM cannot use: the observed message is "Could not parse metadata" (as observed from CreateSAMLProvider; https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html). */
function checkMetadata(doc: string | undefined, now: number) {
  try {
    parseIdpMetadata(doc, now);
  } catch (error) {
    if (error instanceof MetadataError) throw new AwsError("InvalidInput", `Could not parse metadata: ${error.message}`);
    throw error;
  }
}

/** ValidUntil: a year after creation when the metadata gives none. */
const YEAR_MS = 365 * 86_400_000;

function provider(state: AwsState, arn: string | undefined): SamlProvider {
  const p = arn === undefined ? undefined : state.iam.samlProviders.get(arn);
  if (!p) throw noSuchEntity(`Manifest not found for arn ${arn ?? "null"}`);
  return p;
}

const CreateSAMLProvider: Op = (params, { state, now }) => {
  const v = formValidator(params);
  const name = v.str("Name", SAML_NAME);
  const doc = v.str("SAMLMetadataDocument", SAML_DOC);
  v.done();
  checkMetadata(doc, now);
  const arn = `arn:aws:iam::${state.accountId}:saml-provider/${name ?? ""}`;
  if ([...state.iam.samlProviders.values()].some((p) => fold(p.name) === fold(name ?? ""))) throw alreadyExists(`SAMLProvider ${name ?? ""} already exists.`);
  const tags = memberStructs(params, "Tags", ["Key", "Value"]);
  state.iam.samlProviders.set(arn, { arn, name: name ?? "", metadata: doc ?? "", createdAt: now, validUntil: now + YEAR_MS, tags });
  return { SAMLProviderArn: arn, Tags: tags.length ? tags : undefined };
};

const GetSAMLProvider: Op = (params, { state }) => {
  const v = formValidator(params);
  const arn = v.str("SAMLProviderArn", SAML_ARN);
  v.done();
  const p = provider(state, arn);
  return { SAMLMetadataDocument: p.metadata, CreateDate: iso(p.createdAt), ValidUntil: iso(p.validUntil), Tags: p.tags.length ? p.tags : undefined };
};

const ListSAMLProviders: Op = (_params, { state }) => ({
  SAMLProviderList: [...state.iam.samlProviders.values()].map((p) => ({ Arn: p.arn, ValidUntil: iso(p.validUntil), CreateDate: iso(p.createdAt) })),
});

const UpdateSAMLProvider: Op = (params, { state, now }) => {
  const v = formValidator(params);
  const arn = v.str("SAMLProviderArn", SAML_ARN);
  const doc = v.str("SAMLMetadataDocument", { ...SAML_DOC, required: false });
  v.done();
  const p = provider(state, arn);
  if (doc !== undefined) {
    checkMetadata(doc, now);
    p.metadata = doc;
  }
  return { SAMLProviderArn: p.arn };
};

const DeleteSAMLProvider: Op = (params, { state }) => {
  const v = formValidator(params);
  const arn = v.str("SAMLProviderArn", SAML_ARN);
  v.done();
  state.iam.samlProviders.delete(provider(state, arn).arn);
  return undefined;
};

export const roleOut = (r: IamRole) => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.id,
  Arn: r.arn,
  CreateDate: iso(r.createdAt),
  AssumeRolePolicyDocument: encodeURIComponent(r.trustPolicy),
  Description: r.description,
  MaxSessionDuration: r.maxSessionDuration,
});

export function requireRole(state: AwsState, name: string | undefined): IamRole {
  const role = name === undefined ? undefined : state.iam.roles.get(fold(name));
  if (!role) throw noSuchEntity(`The role with name ${name ?? "null"} cannot be found.`);
  return role;
}

const CreateRole: Op = (params, { state, now }) => {
  const v = formValidator(params, ["MaxSessionDuration"]);
  const name = v.str("RoleName", { ...NAME, required: true });
  const path = v.str("Path", PATH) ?? "/";
  const trust = v.str("AssumeRolePolicyDocument", { required: true, min: 1, max: 131072 });
  const description = v.str("Description", { max: 1000 });
  const maxSession = v.int("MaxSessionDuration", { min: 3600, max: 43200 }) ?? 3600;
  v.done();
  if (state.iam.roles.has(fold(name ?? ""))) throw alreadyExists(`Role with name ${name ?? ""} already exists.`);
  checkTrustPolicy(trust ?? "", state.iam, state.accountId);
  const role: IamRole = {
    name: name ?? "",
    id: iamId("AROA"),
    path,
    arn: `arn:aws:iam::${state.accountId}:role${path}${name ?? ""}`,
    createdAt: now,
    trustPolicy: trust ?? "",
    description,
    maxSessionDuration: maxSession,
    attached: [],
  };
  state.iam.roles.set(fold(role.name), role);
  return { Role: roleOut(role) };
};

const GetRole: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true, max: 64 });
  v.done();
  return { Role: roleOut(requireRole(state, name)) };
};

const ListRoles: Op = (params, { state }) => {
  const v = formValidator(params, ["MaxItems"]);
  const prefix = v.str("PathPrefix", { min: 1, max: 512 }) ?? "/";
  const marker = v.str("Marker", { min: 1, max: 320 });
  const maxItems = v.int("MaxItems", { min: 1, max: 1000 });
  v.done();
  const roles = [...state.iam.roles.values()].filter((r) => r.path.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
  const p = page(roles, { scope: `ListRoles|${prefix}`, nextToken: marker, maxResults: maxItems, defaultSize: 100 }, invalidMarker);
  return { Roles: p.items.map(roleOut), IsTruncated: p.nextToken !== undefined, Marker: p.nextToken };
};

const UpdateAssumeRolePolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true });
  const doc = v.str("PolicyDocument", { required: true, min: 1, max: 131072 });
  v.done();
  const role = requireRole(state, name);
  checkTrustPolicy(doc ?? "", state.iam, state.accountId);
  role.trustPolicy = doc ?? "";
  return undefined;
};

const DeleteRole: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true });
  v.done();
  const role = requireRole(state, name);
  if (role.attached.length) throw deleteConflict("Cannot delete entity, must detach all policies first.");
  if (role.inline?.size) throw deleteConflict("Cannot delete entity, must delete policies first.");
  state.iam.roles.delete(fold(role.name));
  return undefined;
};

/** Inline policy names (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html): 1–128 of [\w+=,.@-]. */
const POLICY_NAME = { required: true, min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: "[\\w+=,.@-]+" };

const PutRolePolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true });
  const policyName = v.str("PolicyName", POLICY_NAME) ?? "";
  const doc = v.str("PolicyDocument", { required: true, min: 1, max: 131072 }) ?? "";
  v.done();
  const role = requireRole(state, name);
  checkIdentityPolicy(doc);
  (role.inline ??= new Map()).set(policyName, doc);
  return undefined;
};

const GetRolePolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true });
  const policyName = v.str("PolicyName", POLICY_NAME) ?? "";
  v.done();
  const role = requireRole(state, name);
  const doc = role.inline?.get(policyName);
  if (doc === undefined) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  // IAM returns the document URL-encoded, as for trust policies.
  return { RoleName: role.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(doc) };
};

const ListRolePolicies: Op = (params, { state }) => {
  const v = formValidator(params, ["MaxItems"]);
  const name = v.str("RoleName", { ...NAME, required: true });
  const marker = v.str("Marker", { min: 1, max: 320 });
  const maxItems = v.int("MaxItems", { min: 1, max: 1000 });
  v.done();
  const role = requireRole(state, name);
  const names = [...(role.inline?.keys() ?? [])].sort();
  const p = page(names, { scope: `ListRolePolicies|${role.name}`, nextToken: marker, maxResults: maxItems, defaultSize: 100 }, invalidMarker);
  return { PolicyNames: p.items, IsTruncated: p.nextToken !== undefined, Marker: p.nextToken };
};

const DeleteRolePolicy: Op = (params, { state }) => {
  const v = formValidator(params);
  const name = v.str("RoleName", { ...NAME, required: true });
  const policyName = v.str("PolicyName", POLICY_NAME) ?? "";
  v.done();
  const role = requireRole(state, name);
  if (!role.inline?.delete(policyName)) throw noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  return undefined;
};

export const roleOperations: Record<string, Op> = {
  PutRolePolicy,
  GetRolePolicy,
  ListRolePolicies,
  DeleteRolePolicy,
  CreateSAMLProvider,
  GetSAMLProvider,
  ListSAMLProviders,
  UpdateSAMLProvider,
  DeleteSAMLProvider,
  CreateRole,
  GetRole,
  ListRoles,
  UpdateAssumeRolePolicy,
  DeleteRole,
};
