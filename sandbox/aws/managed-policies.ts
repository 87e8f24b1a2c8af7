/**
 * The AWS managed policies the sandbox knows, so that attaching a policy that does not exist (the classic
 * `arn:aws:iam::aws:policy/ViewOnlyAccess` without `job-function/`) fails as it does against AWS.
 */
const NAMES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "ReadOnlyAccess",
  "SecurityAudit",
  "IAMFullAccess",
  "IAMReadOnlyAccess",
  "AmazonS3FullAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonEC2FullAccess",
  "AmazonEC2ReadOnlyAccess",
  "AmazonVPCFullAccess",
  "AmazonRDSFullAccess",
  "AmazonDynamoDBFullAccess",
  "CloudWatchReadOnlyAccess",
  "AWSCloudTrail_ReadOnlyAccess",
  "AWSBillingReadOnlyAccess",
  "AWSSupportAccess",
  "AWSOrganizationsReadOnlyAccess",
  "AWSSSOReadOnly",
  "AWSSSOMemberAccountAdministrator",
  "AWSSSODirectoryAdministrator",
  "job-function/ViewOnlyAccess",
  "job-function/Billing",
  "job-function/DatabaseAdministrator",
  "job-function/DataScientist",
  "job-function/NetworkAdministrator",
  "job-function/SupportUser",
  "job-function/SystemAdministrator",
] as const;

export interface ManagedPolicy {
  arn: string;
  name: string;
  path: string;
}

const partitions = ["aws", "aws-us-gov", "aws-cn"];

function build(): Map<string, ManagedPolicy> {
  const map = new Map<string, ManagedPolicy>();
  for (const partition of partitions) {
    for (const full of NAMES) {
      const slash = full.lastIndexOf("/");
      const name = full.slice(slash + 1);
      const path = slash < 0 ? "/" : `/${full.slice(0, slash)}/`;
      const arn = `arn:${partition}:iam::aws:policy/${full}`;
      map.set(arn, { arn, name, path });
    }
  }
  return map;
}

export const MANAGED_POLICIES = build();

/** Only the commercial-partition entries, for IAM ListPolicies. */
export const awsManagedPolicies = () => [...MANAGED_POLICIES.values()].filter((p) => p.arn.startsWith("arn:aws:"));
