import { epoch, type Handler, type JsonService } from "./protocol-json";
import { page } from "./paging";
import { MAX_RESULTS, nextTokenRule, instanceArnRule, requireInstance, type Call } from "./sso-common";
import { assignmentOperations } from "./sso-assignments";
import { permissionSetOperations } from "./sso-permission-sets";
import type { AwsState } from "./state";
import { Validator } from "./validate";

const instanceOut = (state: AwsState) => ({
  InstanceArn: state.instanceArn,
  IdentityStoreId: state.identityStoreId,
  OwnerAccountId: state.accountId,
  CreatedDate: epoch(state.instance.createdAt ?? 0),
  Status: "ACTIVE",
});

/** Only the organization instance, and only once it was enabled in the console (there is no API). */
const ListInstances: Handler<AwsState> = (input, { state }: Call) => {
  const v = new Validator(input);
  const max = v.int("MaxResults", MAX_RESULTS);
  const token = v.str("NextToken", nextTokenRule);
  v.done();
  const instances = state.instance.enabled ? [instanceOut(state)] : [];
  const p = page(instances, { scope: "ListInstances", nextToken: token, maxResults: max, defaultSize: 100 });
  return { Instances: p.items, NextToken: p.nextToken };
};

const DescribeInstance: Handler<AwsState> = (input, { state }: Call) => {
  const v = new Validator(input);
  const arn = v.str("InstanceArn", instanceArnRule);
  v.done();
  requireInstance(state, arn);
  return instanceOut(state);
};

export const ssoAdminService: JsonService<AwsState> = {
  targetPrefix: "SWBExternalService",
  namespace: "com.amazonaws.ssoadmin",
  operations: { ListInstances, DescribeInstance, ...permissionSetOperations, ...assignmentOperations },
};
