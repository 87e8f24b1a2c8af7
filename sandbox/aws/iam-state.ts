import { randomBytes } from "node:crypto";

export interface SamlProvider {
  arn: string;
  name: string;
  metadata: string;
  createdAt: number;
  validUntil: number;
  tags: Record<string, string>[];
}

export interface IamRole {
  name: string;
  id: string;
  path: string;
  arn: string;
  createdAt: number;
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  attached: string[];
  /** Inline policies by name (PutRolePolicy), their JSON documents. */
  inline?: Map<string, string>;
}

export interface IamPolicy {
  name: string;
  id: string;
  path: string;
  arn: string;
  document: string;
  description?: string;
  createdAt: number;
}

export interface IamUser {
  name: string;
  id: string;
  path: string;
  arn: string;
  createdAt: number;
  attached: string[];
}

export interface AccessKey {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  status: "Active" | "Inactive";
  createdAt: number;
  /** Set by every authenticated request signed with the key (GetAccessKeyLastUsed). */
  lastUsed?: { at: number; service: string; region: string };
}

/** Temporary credentials from STS (AssumeRole, AssumeRoleWithSAML): an ASIA key, its secret and the session token that must accompany it. */
export interface RoleSession {
  /** The account of the assumed role: the session acts in that account's IAM. */
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session> */
  assumedRoleArn: string;
  /** The SAML provider (AssumeRoleWithSAML) or the caller's ARN (AssumeRole). */
  providerArn: string;
  subject: string;
}

/** IAM names are unique case-insensitively, so the maps are keyed by the folded name. */
export interface IamState {
  samlProviders: Map<string, SamlProvider>;
  roles: Map<string, IamRole>;
  policies: Map<string, IamPolicy>;
  users: Map<string, IamUser>;
  accessKeys: Map<string, AccessKey>;
  /** STS role sessions by their temporary access key id. */
  sessions: Map<string, RoleSession>;
}

export const newIamState = (): IamState => ({ samlProviders: new Map(), roles: new Map(), policies: new Map(), users: new Map(), accessKeys: new Map(), sessions: new Map() });

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** IAM unique ids: a 4-letter kind prefix (AROA role, AIDA user, ANPA policy, AKIA key) and base32 characters. */
export function iamId(prefix: string, length = 17): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length] ?? "A";
  return out;
}

export const secretKey = () => randomBytes(30).toString("base64");
