import type { JsonService } from "./protocol-json";
import { groupOperations } from "./identity-groups";
import { userOperations } from "./identity-users";
import type { AwsState } from "./state";

export const identityStoreService: JsonService<AwsState> = {
  targetPrefix: "AWSIdentityStore",
  namespace: "com.amazonaws.identitystore",
  operations: { ...userOperations, ...groupOperations },
  requestIdInErrors: true,
};
