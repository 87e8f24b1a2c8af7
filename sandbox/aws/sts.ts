import { SANDBOX } from "../fixtures";
import { formValidator } from "./iam-common";
import { SANDBOX_CALLER } from "./iam-identities";
import { iso, type QueryService } from "./protocol-query";
import { assumeRoleWithSaml, parseSamlResponse } from "./saml-assertion";
import type { AwsState } from "./state";

/** STS: who am I, and AssumeRoleWithSAML (unsigned, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html). */
export const stsService: QueryService<AwsState> = {
  version: "2011-06-15",
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
  operations: {
    GetCallerIdentity: (_params, { state, accessKeyId, session }) => {
      if (session) return { UserId: `${session.roleId}:${session.sessionName}`, Account: state.accountId, Arn: session.assumedRoleArn };
      const key = state.iam.accessKeys.get(accessKeyId);
      const user = key ? state.iam.users.get(key.userName.toLowerCase()) : undefined;
      if (user && accessKeyId !== SANDBOX.aws.accessKeyId) return { UserId: user.id, Account: state.accountId, Arn: user.arn };
      return { UserId: SANDBOX_CALLER.id, Account: state.accountId, Arn: `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}` };
    },

    AssumeRoleWithSAML: (params, { state, now }) => {
      const v = formValidator(params, ["DurationSeconds"]);
      const roleArn = v.str("RoleArn", { required: true, min: 20, max: 2048 }) ?? "";
      const principalArn = v.str("PrincipalArn", { required: true, min: 20, max: 2048 }) ?? "";
      const assertion = v.str("SAMLAssertion", { required: true, min: 4, max: 100_000 }) ?? "";
      const durationSeconds = v.int("DurationSeconds", { min: 900, max: 43_200 });
      v.done();
      const r = assumeRoleWithSaml(state, parseSamlResponse(assertion), { roleArn, principalArn, durationSeconds }, now);
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
