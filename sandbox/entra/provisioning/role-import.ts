import { XMLParser } from "fast-xml-parser";
import { signRequest } from "../../aws/sigv4";
import { stableGuid } from "../http";
import type { AppRole } from "../state";

/**
 * Role import for the legacy "AWS Single-Account Access" app (synchronization template `aws`): Entra reads IAM
 * ListRoles with the role-manager user's access key (ClientSecret = access key id, SecretToken = secret key) and
 * writes one app role per importable role, value "roleArn,providerArn" and display name "role,provider"
 * (https://learn.microsoft.com/entra/identity/saas-apps/amazon-web-service-tutorial). A role qualifies only when its
 * trust policy names exactly one SAML provider, and the two ARNs together are under 240 characters.
 */

/** Failures that stop the cycle or fail Test Connection: AWS refused the key or could not be reached. */
export class RoleImportFatal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IamRoleRow {
  roleName: string;
  arn: string;
  trustPolicy: string;
}

export interface RoleCandidate {
  role: IamRoleRow;
  providers: string[];
  /** Set when the role is imported. */
  value?: string;
  displayName?: string;
  /** Set when the role is skipped. */
  reason?: string;
}

const MAX_PAIR_CHARS = 240;
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === "member",
});

type Node = Record<string, unknown>;
const asNode = (v: unknown): Node => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : {});
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM is global and signed for us-east-1 (https://docs.aws.amazon.com/general/latest/gr/iam-service.html). */
const IAM_SCOPE = { region: "us-east-1", service: "iam" };

/** Reads every page of IAM ListRoles from the AWS endpoint, signed with SigV4 like Entra's connector. */
export async function listIamRoles(
  iamUrl: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: () => number,
  maxPages = 50,
): Promise<IamRoleRow[]> {
  const roles: IamRoleRow[] = [];
  let marker: string | undefined;
  for (let pageNo = 0; pageNo < maxPages; pageNo++) {
    const params = new URLSearchParams({ Action: "ListRoles", Version: "2010-05-08" });
    if (marker) params.set("Marker", marker);
    const body = params.toString();
    const headers = signRequest(
      { method: "POST", url: iamUrl, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body },
      credentials,
      IAM_SCOPE,
      now(),
    );
    delete headers.host;
    let res: Response;
    try {
      res = await fetch(iamUrl, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new RoleImportFatal("AwsServiceUnavailable", `AWS could not be reached at ${iamUrl}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const doc = asNode(parser.parse(await res.text()));
    if (res.status !== 200) {
      const err = asNode(asNode(doc.ErrorResponse).Error);
      const code = typeof err.Code === "string" ? err.Code : `HTTP ${res.status}`;
      const message = typeof err.Message === "string" ? err.Message : "";
      throw new RoleImportFatal(code, message);
    }
    const result = asNode(asNode(doc.ListRolesResponse).ListRolesResult);
    for (const m of asList(asNode(result.Roles).member).map(asNode)) {
      roles.push({ roleName: String(m.RoleName ?? ""), arn: String(m.Arn ?? ""), trustPolicy: decodeURIComponent(String(m.AssumeRolePolicyDocument ?? "")) });
    }
    if (result.IsTruncated !== "true" || typeof result.Marker !== "string") return roles;
    marker = result.Marker;
  }
  return roles;
}

/** The SAML providers an Allow statement for sts:AssumeRoleWithSAML trusts. */
export function samlProvidersTrusted(trustPolicy: string): string[] {
  let doc: Node;
  try {
    doc = asNode(JSON.parse(trustPolicy));
  } catch {
    return [];
  }
  const providers = new Set<string>();
  for (const st of asList(doc.Statement).map(asNode)) {
    if (st.Effect !== "Allow") continue;
    if (!asList(st.Action).some((a) => typeof a === "string" && /^sts:AssumeRoleWithSAML$/i.test(a))) continue;
    for (const f of asList(asNode(st.Principal).Federated)) if (typeof f === "string" && /^arn:aws:iam::\d{12}:saml-provider\/.+/.test(f)) providers.add(f);
  }
  return [...providers];
}

/** Which roles import and which are skipped with why; roles that trust no SAML provider are not SAML roles at all and are left out. */
export function roleCandidates(roles: IamRoleRow[]): RoleCandidate[] {
  return roles.flatMap((role): RoleCandidate[] => {
    const providers = samlProvidersTrusted(role.trustPolicy);
    if (providers.length === 0) return [];
    if (providers.length > 1)
      return [
        {
          role,
          providers,
          reason: `The role ${role.roleName} trusts ${providers.length} SAML providers (${providers.join(", ")}); only roles with exactly one SAML provider can be imported.`,
        },
      ];
    const provider = providers[0] as string;
    if (role.arn.length + provider.length >= MAX_PAIR_CHARS)
      return [
        {
          role,
          providers,
          reason: `The role ARN and the SAML provider ARN of ${role.roleName} together are ${role.arn.length + provider.length} characters; they must be under ${MAX_PAIR_CHARS}.`,
        },
      ];
    return [{ role, providers, value: `${role.arn},${provider}`, displayName: `${role.roleName},${provider.slice(provider.lastIndexOf("/") + 1)}` }];
  });
}

/** Imported roles carry a "roleArn,providerArn" value; the gallery's own roles (User, msiam_access) do not. */
const isImported = (r: AppRole) => typeof r.value === "string" && /^arn:aws:iam::\d{12}:role\/.+,arn:aws:iam::\d{12}:saml-provider\/.+$/.test(r.value);

/**
 * The app roles after an import: the gallery's own roles kept, one enabled role per importable IAM role (a stable id
 * per value, so assignments survive later cycles), and roles that disappeared from AWS disabled rather than deleted
 * (an enabled role cannot be removed while assigned). Returns the roles and how many changed.
 */
export function mergeImportedRoles(
  servicePrincipalId: string,
  current: AppRole[],
  candidates: RoleCandidate[],
): { roles: AppRole[]; added: string[]; disabled: string[] } {
  const wanted = new Map(candidates.filter((c) => c.value).map((c) => [c.value as string, c]));
  const added: string[] = [];
  const disabled: string[] = [];
  const kept = current.map((r) => {
    if (!isImported(r)) return r;
    if (wanted.has(r.value as string)) {
      wanted.delete(r.value as string);
      return r.isEnabled ? r : { ...r, isEnabled: true };
    }
    if (r.isEnabled) disabled.push(r.value as string);
    return { ...r, isEnabled: false };
  });
  const fresh: AppRole[] = [...wanted.values()].map((c) => {
    added.push(c.value as string);
    return {
      id: stableGuid(`${servicePrincipalId}:${c.value as string}`),
      value: c.value as string,
      displayName: c.displayName as string,
      description: c.displayName as string,
      allowedMemberTypes: ["User"],
      isEnabled: true,
      origin: "ServicePrincipal",
    };
  });
  return { roles: [...kept, ...fresh], added, disabled };
}
