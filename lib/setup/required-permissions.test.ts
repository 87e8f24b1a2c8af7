import { STEP_IDS } from "./steps";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AWS_POLICY_EXPLANATIONS,
  REQUIRED_GRAPH_APPLICATION_PERMISSIONS,
  awsPolicyActions,
  awsPolicyDocument,
  awsPolicyJson,
  awsPolicyOptionProblems,
  type IamPolicyDocument,
} from "./required-permissions";

const AWS_GATEWAY = path.resolve(import.meta.dirname, "../aws");

// The IAM service prefix of each SDK client package the gateway may import.
const SERVICE_PREFIX: Record<string, string> = {
  "client-sso-admin": "sso",
  "client-identitystore": "identitystore",
  "client-organizations": "organizations",
  "client-iam": "iam",
  "client-sts": "sts",
  "client-cloudtrail": "cloudtrail",
};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface UsedCall {
  action: string;
  file: string;
}

/** Every `XxxCommand` and `paginateXxx` imported from an @aws-sdk client, as the IAM action it needs. */
function awsCallsInGateway(): { calls: UsedCall[]; unknownPackages: string[] } {
  const calls: UsedCall[] = [];
  const unknownPackages: string[] = [];
  for (const file of sourceFiles(AWS_GATEWAY)) {
    const source = readFileSync(file, "utf8");
    const imports = source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*["']@aws-sdk\/(client-[a-z0-9-]+)["']/g);
    for (const [, wholeImportIsType, names = "", packageName = ""] of imports) {
      if (wholeImportIsType) continue;
      const specifiers = names
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "" && !name.startsWith("type "))
        .map((name) => name.split(/\s+as\s+/)[0] ?? name);
      const operations = specifiers.flatMap((name) => {
        const command = /^([A-Z]\w*)Command$/.exec(name);
        if (command?.[1]) return [command[1]];
        const paginator = /^paginate([A-Z]\w*)$/.exec(name);
        return paginator?.[1] ? [paginator[1]] : [];
      });
      if (operations.length === 0) continue;
      const prefix = SERVICE_PREFIX[packageName];
      if (!prefix) {
        unknownPackages.push(`${packageName} (${path.relative(AWS_GATEWAY, file)})`);
        continue;
      }
      for (const operation of operations) calls.push({ action: `${prefix}:${operation}`, file: path.relative(AWS_GATEWAY, file) });
    }
    // A command built without being imported by name (e.g. through a namespace import) would slip past the scan.
    for (const [, name] of source.matchAll(/new\s+([A-Z]\w*Command)\s*\(/g))
      expect(source, `${file} constructs ${name} without importing it by name`).toMatch(new RegExp(`\\b${name}\\b[^;]*from\\s*["']@aws-sdk/`));
  }
  return { calls, unknownPackages };
}

/** IAM's own wildcard rules: `*` matches any run of characters, and matching is case-insensitive for actions. */
function actionAllowed(document: IamPolicyDocument, action: string): boolean {
  return document.Statement.some((statement) =>
    statement.Action.some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`, "i").test(action)),
  );
}

const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-72230c8e1d4f5a6b";
const IDENTITY_STORE_ID = "d-9067c1a2b3";

describe("awsPolicyDocument", () => {
  it("allows every AWS SDK call the gateway in lib/aws makes", () => {
    const { calls, unknownPackages } = awsCallsInGateway();
    expect(unknownPackages, "an @aws-sdk client without a known IAM service prefix: add it to SERVICE_PREFIX and the policy").toEqual([]);
    // Guards the scan itself: a regex that found nothing would make the next assertion pass vacuously.
    expect(calls.map((call) => call.action)).toEqual(expect.arrayContaining(["sso:CreatePermissionSet", "identitystore:GetUserId", "sts:GetCallerIdentity"]));
    const policy = awsPolicyDocument({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE_ID, includeLegacyMode: true, includeAccessManagement: true });
    const missing = calls.filter((call) => !actionAllowed(policy, call.action)).map((call) => `${call.action} (lib/aws/${call.file})`);
    expect(missing, "lib/aws calls AWS with an action the downloadable IAM policy does not grant").toEqual([]);
  });

  it("grants legacy-mode IAM calls only when legacy mode is asked for", () => {
    const standard = awsPolicyActions(awsPolicyDocument());
    const legacy = awsPolicyActions(awsPolicyDocument({ includeLegacyMode: true }));
    expect(standard).not.toContain("iam:ListRoles");
    expect(standard).not.toContain("iam:ListSAMLProviders");
    expect(legacy).toEqual(
      expect.arrayContaining(["iam:CreateSAMLProvider", "iam:UpdateSAMLProvider", "iam:GetSAMLProvider", "iam:ListSAMLProviders", "iam:ListRoles"]),
    );
  });

  it("grants the Access area's removals only when asked for", () => {
    expect(awsPolicyActions(awsPolicyDocument())).not.toContain("identitystore:DeleteGroupMembership");
    expect(awsPolicyActions(awsPolicyDocument({ includeAccessManagement: true }))).toContain("identitystore:DeleteGroupMembership");
  });

  it("never grants deletes or wildcard actions, but the old role-manager key's, on the portal's own IAM path", () => {
    const document = awsPolicyDocument({ includeLegacyMode: true });
    const actions = awsPolicyActions(document);
    expect(actions.filter((action) => action.includes("*") || /:Delete/.test(action))).toEqual(["iam:DeleteAccessKey"]);
    expect(document.Statement.filter((s) => s.Action.includes("iam:DeleteAccessKey")).map((s) => s.Resource)).toEqual([
      expect.stringMatching(/^arn:aws:iam::\*:user\/entra-saml\/\*$/),
    ]);
    expect(actions.every((action) => /^(sso|identitystore|organizations|iam|sts|cloudtrail):[A-Z]\w+$/.test(action))).toBe(true);
  });

  it("is valid JSON of IAM policy grammar, with unique statement ids", () => {
    const parsed = JSON.parse(awsPolicyJson({ includeLegacyMode: true })) as IamPolicyDocument;
    expect(parsed.Version).toBe("2012-10-17");
    const sids = parsed.Statement.map((statement) => statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of parsed.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.Effect).toBe("Allow");
      expect(statement.Action.length).toBeGreaterThan(0);
      expect(new Set(statement.Action).size).toBe(statement.Action.length);
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource).toMatch(/^(\*|arn:aws[a-z-]*:[a-z]+:[^:\s]*:[^:\s]*:\S+)$/);
    }
    expect(AWS_POLICY_EXPLANATIONS.map((explanation) => explanation.sid)).toEqual(expect.arrayContaining(sids));
  });

  it("scopes Identity Center and identity store statements when the ARNs are given", () => {
    const policy = awsPolicyDocument({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE_ID, accountIds: ["111122223333", "111122223333"] });
    const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid);
    expect(statement("ManagePermissionSetsAndAccountAssignments")?.Resource).toEqual([
      INSTANCE_ARN,
      "arn:aws:sso:::permissionSet/ssoins-72230c8e1d4f5a6b/*",
      "arn:aws:sso:::account/111122223333",
    ]);
    expect(statement("ReadIdentityStoreAndManageGroupMemberships")?.Resource).toEqual([
      "arn:aws:identitystore::*:identitystore/d-9067c1a2b3",
      "arn:aws:identitystore:::user/*",
      "arn:aws:identitystore:::group/*",
      "arn:aws:identitystore:::membership/*",
    ]);
    expect(statement("ManagementAccountReservedRoles")?.Resource).toEqual(["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*"]);
    // Only calls AWS cannot scope keep "*".
    const unscoped = policy.Statement.filter((s) => s.Resource === "*").map((s) => s.Sid);
    expect(unscoped).toEqual(["ReadCallerAndOrganization", "ReadSignInEvents"]);
  });

  it("falls back to * before the instance is known, and follows the instance's partition", () => {
    const open = awsPolicyDocument();
    expect(open.Statement.find((s) => s.Sid === "ManagePermissionSetsAndAccountAssignments")?.Resource).toBe("*");
    const govCloud = awsPolicyDocument({ instanceArn: "arn:aws-us-gov:sso:::instance/ssoins-72230c8e1d4f5a6b" });
    expect(govCloud.Statement.find((s) => s.Sid === "ManagePermissionSetsAndAccountAssignments")?.Resource).toContain(
      "arn:aws-us-gov:sso:::permissionSet/ssoins-72230c8e1d4f5a6b/*",
    );
  });

  it("keeps malformed scoping values out of the policy and says why", () => {
    const hostile = { instanceArn: 'arn:aws:sso:::instance/*"},{"Effect":"Allow', identityStoreId: "*", accountIds: ["*", "12345"] };
    expect(awsPolicyOptionProblems(hostile)).toHaveLength(4);
    const json = awsPolicyJson(hostile);
    expect(json).not.toContain("Effect\\");
    expect(JSON.parse(json)).toEqual(JSON.parse(awsPolicyJson()));
    expect(awsPolicyOptionProblems({ instanceArn: INSTANCE_ARN, identityStoreId: IDENTITY_STORE_ID, accountIds: ["111122223333"] })).toEqual([]);
  });
});

describe("REQUIRED_GRAPH_APPLICATION_PERMISSIONS", () => {
  it("lists each permission once, with a reason and the steps that use it", () => {
    const names = REQUIRED_GRAPH_APPLICATION_PERMISSIONS.map((p) => p.permission);
    expect(new Set(names).size).toBe(names.length);
    for (const p of REQUIRED_GRAPH_APPLICATION_PERMISSIONS) {
      expect(p.permission).toMatch(/^[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)+$/);
      expect(p.why.length).toBeGreaterThan(20);
      for (const step of p.steps) expect(STEP_IDS).toContain(step);
    }
  });

  it("covers the documented least-privilege permission for the operations the checklist runs, naming the narrower alternative", () => {
    const names = REQUIRED_GRAPH_APPLICATION_PERMISSIONS.map((p) => p.permission);
    expect(names).toEqual(
      expect.arrayContaining([
        "Application.ReadWrite.All",
        "Synchronization.ReadWrite.All",
        "AppRoleAssignment.ReadWrite.All",
        "AuditLog.Read.All",
        "Directory.Read.All",
      ]),
    );
    // Nothing that writes the directory itself.
    expect(names.filter((name) => /^(Directory|User|Group)\.ReadWrite/.test(name))).toEqual([]);
    expect(REQUIRED_GRAPH_APPLICATION_PERMISSIONS.find((p) => p.permission === "Application.ReadWrite.All")?.why).toContain("Application.ReadWrite.OwnedBy");
  });
});

describe("one list of Graph permissions", () => {
  it("names exactly the permissions the Entra preflight checks the token for", async () => {
    const { REQUIRED_GRAPH_PERMISSIONS } = await import("../entra/permissions");
    const shown = REQUIRED_GRAPH_APPLICATION_PERMISSIONS.map((p) => p.permission).sort();
    expect(shown).toEqual(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission).sort());
  });
});
