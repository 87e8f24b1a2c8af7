import { randomBytes } from "node:crypto";
import { SANDBOX } from "../fixtures";
import { accountOfArn, iamFor, keyOwner } from "./accounts-iam";
import { AwsError } from "./errors";
import { formValidator } from "./iam-common";
import { SANDBOX_CALLER } from "./iam-identities";
import { iso, type QueryService } from "./protocol-query";
import { iamId, secretKey, type IamRole, type RoleSession } from "./iam-state";
import { assumeRoleWithSamlLogged } from "./saml-trail";
import type { AwsState } from "./state";

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Who signed: the ARN a trust policy names and the account the caller belongs to. */
function callerOf(state: AwsState, accessKeyId: string, session: RoleSession | undefined): { arn: string; trustArn: string; accountId: string } {
  if (session) return { arn: session.assumedRoleArn, trustArn: session.roleArn, accountId: session.accountId };
  const owner = keyOwner(state, accessKeyId);
  const key = owner?.iam.accessKeys.get(accessKeyId);
  const user = owner && key ? owner.iam.users.get(key.userName.toLowerCase()) : undefined;
  const arn = user?.arn ?? `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}`;
  return { arn, trustArn: arn, accountId: owner && user ? owner.accountId : state.accountId };
}

/**
 * The role's trust policy lets this caller assume it: an Allow for sts:AssumeRole whose Principal.AWS names the
 * caller's account (root or id), the caller itself or "*", with a matching sts:ExternalId when the policy asks for one
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html).
 */
function trustsCaller(role: IamRole, caller: { trustArn: string; accountId: string }, externalId: string | undefined): boolean {
  let doc: Json;
  try {
    doc = JSON.parse(role.trustPolicy) as Json;
  } catch {
    return false;
  }
  return list(doc.Statement).some((raw) => {
    const st = (raw ?? {}) as Json;
    if (st.Effect !== "Allow" || !list(st.Action).some((a) => typeof a === "string" && /^(sts:AssumeRole|sts:\*|\*)$/i.test(a))) return false;
    const principals = st.Principal === "*" ? ["*"] : list((st.Principal as Json | undefined)?.AWS);
    const named = principals.some((p) => p === "*" || p === caller.accountId || p === `arn:aws:iam::${caller.accountId}:root` || p === caller.trustArn);
    if (!named) return false;
    const wanted = Object.entries(((st.Condition as Json | undefined)?.StringEquals ?? {}) as Json).find(([k]) => k.toLowerCase() === "sts:externalid")?.[1];
    return (
      wanted === undefined ||
      list(wanted)
        .map(String)
        .includes(externalId ?? "\u0000")
    );
  });
}

/** STS: who am I, AssumeRole (into member accounts) and AssumeRoleWithSAML (unsigned, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html). */
export const stsService: QueryService<AwsState> = {
  version: "2011-06-15",
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
  operations: {
    GetCallerIdentity: (_params, { state, accessKeyId, session }) => {
      if (session) return { UserId: `${session.roleId}:${session.sessionName}`, Account: session.accountId, Arn: session.assumedRoleArn };
      const owner = keyOwner(state, accessKeyId);
      const key = owner?.iam.accessKeys.get(accessKeyId);
      const user = owner && key ? owner.iam.users.get(key.userName.toLowerCase()) : undefined;
      if (owner && user && accessKeyId !== SANDBOX.aws.accessKeyId) return { UserId: user.id, Account: owner.accountId, Arn: user.arn };
      return { UserId: SANDBOX_CALLER.id, Account: state.accountId, Arn: `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}` };
    },

    AssumeRole: (params, { state, now, accessKeyId, session }) => {
      const v = formValidator(params, ["DurationSeconds"]);
      const roleArn = v.str("RoleArn", { required: true, min: 20, max: 2048 }) ?? "";
      const sessionName = v.str("RoleSessionName", { required: true, min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: "[\\w+=,.@-]*" }) ?? "";
      const durationSeconds = v.int("DurationSeconds", { min: 900, max: 43_200 }) ?? 3600;
      const externalId = v.str("ExternalId", { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: "[\\w+=,.@:\\/-]*" });
      v.done();
      const caller = callerOf(state, accessKeyId, session);
      const accountId = accountOfArn(roleArn);
      const role = [...(iamFor(state, accountId)?.roles.values() ?? [])].find((r) => r.arn === roleArn);
      if (!role || !trustsCaller(role, caller, externalId))
        throw new AwsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
      // Role chaining is capped at one hour (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining).
      if (session && durationSeconds > 3600)
        throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
      if (durationSeconds > role.maxSessionDuration)
        throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
      const assumed: RoleSession = {
        accountId,
        accessKeyId: iamId("ASIA", 16),
        secretAccessKey: secretKey(),
        sessionToken: randomBytes(96).toString("base64"),
        expiresAt: now + durationSeconds * 1000,
        roleArn: role.arn,
        roleId: role.id,
        sessionName,
        assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/${role.name}/${sessionName}`,
        providerArn: caller.arn,
        subject: caller.arn,
      };
      state.iam.sessions.set(assumed.accessKeyId, assumed);
      return {
        Credentials: {
          AccessKeyId: assumed.accessKeyId,
          SecretAccessKey: assumed.secretAccessKey,
          SessionToken: assumed.sessionToken,
          Expiration: iso(assumed.expiresAt),
        },
        AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: assumed.assumedRoleArn },
      };
    },

    AssumeRoleWithSAML: (params, { state, now, source }) => {
      const v = formValidator(params, ["DurationSeconds"]);
      const roleArn = v.str("RoleArn", { required: true, min: 20, max: 2048 }) ?? "";
      const principalArn = v.str("PrincipalArn", { required: true, min: 20, max: 2048 }) ?? "";
      const assertion = v.str("SAMLAssertion", { required: true, min: 4, max: 100_000 }) ?? "";
      const durationSeconds = v.int("DurationSeconds", { min: 900, max: 43_200 });
      v.done();
      const r = assumeRoleWithSamlLogged(state, assertion, { roleArn, principalArn, durationSeconds }, now, source ?? { sourceIPAddress: "127.0.0.1", userAgent: "aws-sdk" });
      return {
        Credentials: {
          AccessKeyId: r.session.accessKeyId,
          SecretAccessKey: r.session.secretAccessKey,
          SessionToken: r.session.sessionToken,
          Expiration: iso(r.session.expiresAt),
        },
        AssumedRoleUser: { AssumedRoleId: `${r.role.id}:${r.session.sessionName}`, Arn: r.session.assumedRoleArn },
        Subject: r.parsed.nameId,
        SubjectType: r.subjectType,
        Issuer: r.parsed.issuer,
        Audience: r.parsed.recipient,
        NameQualifier: r.nameQualifier,
      };
    },
  },
};
