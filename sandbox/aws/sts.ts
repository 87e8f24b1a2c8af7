import { SANDBOX } from "../fixtures";
import { SANDBOX_CALLER } from "./iam-identities";
import type { QueryService } from "./protocol-query";
import type { AwsState } from "./state";

/** STS: who am I. The static sandbox key is the portal's admin user; IAM-created keys are their users. */
export const stsService: QueryService<AwsState> = {
  version: "2011-06-15",
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
  operations: {
    GetCallerIdentity: (_params, { state, accessKeyId }) => {
      const key = state.iam.accessKeys.get(accessKeyId);
      const user = key ? state.iam.users.get(key.userName.toLowerCase()) : undefined;
      if (user && accessKeyId !== SANDBOX.aws.accessKeyId) return { UserId: user.id, Account: state.accountId, Arn: user.arn };
      return { UserId: SANDBOX_CALLER.id, Account: state.accountId, Arn: `arn:aws:iam::${state.accountId}:user/${SANDBOX_CALLER.name}` };
    },
  },
};
