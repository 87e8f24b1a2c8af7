import { AwsError } from "./errors";
import { epoch, type Handler, type JsonService } from "./protocol-json";
import { page } from "./paging";
import type { CallContext } from "./protocol-json";
import type { OrgAccount, OrgState, OrgUnit } from "./org-state";
import type { AwsState } from "./state";
import { Validator, type Input } from "./validate";

type Call = CallContext<AwsState>;

/**
 * Organizations reports bad input as InvalidInputException with a Reason, not ValidationException;
 * the reason is read off the first violated constraint.
 */
function invalidInput(problems: string[]): AwsError {
  const first = problems[0] ?? "";
  const reason = first.includes("must not be null")
    ? "INPUT_REQUIRED"
    : first.includes("value less than")
      ? "MAX_VALUE_EXCEEDED"
      : first.includes("value greater than")
        ? "MIN_VALUE_EXCEEDED"
        : first.includes("length less than")
          ? "MAX_LENGTH_EXCEEDED"
          : "INVALID_PATTERN";
  return new AwsError("InvalidInputException", `You provided a value that does not match the required pattern. ${problems.join("; ")}`, 400, {
    Reason: reason,
  });
}

const invalidToken = () => new AwsError("InvalidInputException", "The NextToken is not valid.", 400, { Reason: "INVALID_NEXT_TOKEN" });

const arnBase = (o: OrgState) => `arn:aws:organizations::${o.managementAccountId}`;

const accountOut = (o: OrgState, a: OrgAccount) => ({
  Id: a.id,
  Arn: `${arnBase(o)}:account/${o.organizationId}/${a.id}`,
  Email: a.email,
  Name: a.name,
  Status: "ACTIVE",
  State: "ACTIVE",
  JoinedMethod: a.joinedMethod,
  JoinedTimestamp: epoch(a.joinedAt),
});

/** Paging members of Organizations list calls; ListAccounts and friends stop at 20 per page. */
function paging(input: Input, extra?: (v: Validator) => void) {
  const v = new Validator(input, invalidInput);
  const max = v.int("MaxResults", { min: 1, max: 20 });
  const token = v.str("NextToken", { max: 100000 });
  extra?.(v);
  v.done();
  return { max, token };
}

const parentExists = (o: OrgState, id: string) => id === o.rootId || o.ous.some((ou) => ou.id === id);

function parentIdFrom(input: Input, o: OrgState): { max?: number; token?: string; parentId: string } {
  let parentId: string | undefined;
  const p = paging(
    input,
    (v) => (parentId = v.str("ParentId", { required: true, max: 100, pattern: /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/ })),
  );
  if (!parentId || !parentExists(o, parentId))
    throw new AwsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  return { ...p, parentId };
}

const DescribeOrganization: Handler<AwsState> = (_input, { state }: Call) => {
  const o = state.org;
  return {
    Organization: {
      Id: o.organizationId,
      Arn: `${arnBase(o)}:organization/${o.organizationId}`,
      FeatureSet: "ALL",
      MasterAccountArn: `${arnBase(o)}:account/${o.organizationId}/${o.managementAccountId}`,
      MasterAccountId: o.managementAccountId,
      MasterAccountEmail: o.managementEmail,
      AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    },
  };
};

const ListAccounts: Handler<AwsState> = (input, { state }: Call) => {
  const { max, token } = paging(input);
  const p = page(state.org.accounts, { scope: "ListAccounts", nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return { Accounts: p.items.map((a) => accountOut(state.org, a)), NextToken: p.nextToken };
};

const DescribeAccount: Handler<AwsState> = (input, { state }: Call) => {
  const v = new Validator(input, invalidInput);
  const id = v.str("AccountId", { required: true, max: 12, pattern: /^\d{12}$/ });
  v.done();
  const account = state.org.accounts.find((a) => a.id === id);
  if (!account) throw new AwsError("AccountNotFoundException", "You specified an account that doesn't exist.");
  return { Account: accountOut(state.org, account) };
};

const ListRoots: Handler<AwsState> = (input, { state }: Call) => {
  const { max, token } = paging(input);
  const o = state.org;
  const roots = [
    {
      Id: o.rootId,
      Arn: `${arnBase(o)}:root/${o.organizationId}/${o.rootId}`,
      Name: "Root",
      PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    },
  ];
  const p = page(roots, { scope: "ListRoots", nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return { Roots: p.items, NextToken: p.nextToken };
};

const ListOrganizationalUnitsForParent: Handler<AwsState> = (input, { state }: Call) => {
  const o = state.org;
  const { max, token, parentId } = parentIdFrom(input, o);
  const ous = o.ous.filter((ou) => ou.parentId === parentId);
  const p = page(ous, { scope: `ListOUs|${parentId}`, nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return {
    OrganizationalUnits: p.items.map((ou) => ouOut(o, ou)),
    NextToken: p.nextToken,
  };
};

const ListAccountsForParent: Handler<AwsState> = (input, { state }: Call) => {
  const o = state.org;
  const { max, token, parentId } = parentIdFrom(input, o);
  const accounts = o.accounts.filter((a) => a.parentId === parentId);
  const p = page(accounts, { scope: `ListAccountsForParent|${parentId}`, nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return { Accounts: p.items.map((a) => accountOut(o, a)), NextToken: p.nextToken };
};

const ListParents: Handler<AwsState> = (input, { state }: Call) => {
  const o = state.org;
  let childId: string | undefined;
  const { max, token } = paging(input, (v) => (childId = v.str("ChildId", { required: true, max: 100 })));
  const parent = o.accounts.find((a) => a.id === childId)?.parentId ?? o.ous.find((ou) => ou.id === childId)?.parentId;
  if (!parent) throw new AwsError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
  const parents = [{ Id: parent, Type: parent.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT" }];
  const p = page(parents, { scope: `ListParents|${childId ?? ""}`, nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return { Parents: p.items, NextToken: p.nextToken };
};

const ouOut = (o: OrgState, ou: OrgUnit) => ({ Id: ou.id, Arn: `${arnBase(o)}:ou/${o.organizationId}/${ou.id}`, Name: ou.name });

const DescribeOrganizationalUnit: Handler<AwsState> = (input, { state }: Call) => {
  const v = new Validator(input, invalidInput);
  const id = v.str("OrganizationalUnitId", { required: true, max: 68, pattern: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/ });
  v.done();
  const ou = state.org.ous.find((o) => o.id === id);
  if (!ou) throw new AwsError("OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified.");
  return { OrganizationalUnit: ouOut(state.org, ou) };
};

/** OUs or accounts directly under a parent (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html). */
const ListChildren: Handler<AwsState> = (input, { state }: Call) => {
  const o = state.org;
  let childType: string | undefined;
  let parentId: string | undefined;
  const { max, token } = paging(input, (v) => {
    parentId = v.str("ParentId", { required: true, max: 100, pattern: /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/ });
    childType = v.str("ChildType", { required: true, oneOf: ["ACCOUNT", "ORGANIZATIONAL_UNIT"] });
  });
  if (!parentId || !parentExists(o, parentId))
    throw new AwsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  const ids =
    childType === "ACCOUNT"
      ? o.accounts.filter((a) => a.parentId === parentId).map((a) => a.id)
      : o.ous.filter((ou) => ou.parentId === parentId).map((ou) => ou.id);
  const p = page(ids, { scope: `ListChildren|${parentId}|${childType ?? ""}`, nextToken: token, maxResults: max, defaultSize: 20 }, invalidToken);
  return { Children: p.items.map((Id) => ({ Id, Type: childType })), NextToken: p.nextToken };
};

export const organizationsService: JsonService<AwsState> = {
  targetPrefix: "AWSOrganizationsV20161128",
  namespace: "com.amazonaws.organizations",
  operations: {
    DescribeOrganization,
    ListAccounts,
    DescribeAccount,
    ListRoots,
    ListOrganizationalUnitsForParent,
    ListAccountsForParent,
    ListParents,
    ListChildren,
    DescribeOrganizationalUnit,
  },
};
