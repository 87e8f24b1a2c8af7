import type { QueryService } from "./protocol-query";
import { identityOperations } from "./iam-identities";
import { roleOperations } from "./iam-roles";
import type { AwsState } from "./state";

export const iamService: QueryService<AwsState> = {
  version: "2010-05-08",
  xmlns: "https://iam.amazonaws.com/doc/2010-05-08/",
  operations: { ...roleOperations, ...identityOperations },
};
