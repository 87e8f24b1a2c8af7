import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { assignmentKey, type FederationConfiguration, type LegacyAccountConfig } from "./configuration";
import { hclString, parseAssignmentKey, resourceNames, terraformExport, type ExportedVersion } from "./terraform";

// Issue 14, "Infrastructure as code, exported": the generated HCL is parsed by HashiCorp's own HCL parser
// (@cdktf/hcl2json, hcl/v2 compiled to WebAssembly) and every resource is checked against the configuration it
// came from, with hostile names (quotes, backslashes, `${`, `%{`, newlines) that must stay literal text.

type Body = Record<string, unknown>;
type Parsed = {
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  locals?: Body[];
  import?: Body[];
  terraform?: Body[];
};

/**
 * A literal string as hcl2json gives it back: it keeps template escapes (`$${`, `%%{`) as written and shows any
 * interpolation as `${…}`, so an unescaped introducer means the generator let a name become an expression.
 */
function literal(value: unknown): string {
  if (typeof value !== "string") throw new Error(`not a string: ${JSON.stringify(value)}`);
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const three = value.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      out += three.slice(1);
      i += 2;
    } else if (three.startsWith("${") || three.startsWith("%{")) throw new Error(`an interpolation or directive in a literal: ${value}`);
    else out += value[i];
  }
  return out;
}

/** A reference expression as hcl2json gives it back: "${aws_x.y.arn}" → "aws_x.y.arn". */
function reference(value: unknown): string {
  const match = typeof value === "string" ? /^\$\{([A-Za-z0-9_.-]+)\}$/.exec(value) : null;
  if (!match) throw new Error(`not a reference: ${JSON.stringify(value)}`);
  return match[1]!;
}

const one = (blocks: Body[] | undefined): Body => {
  expect(blocks).toHaveLength(1);
  return blocks![0]!;
};

const HOSTILE_GROUP = 'Ops "core" ${var.secret} %{ if true }x%{ endif } \\ end';
const HOSTILE_SET = 'Admin"${jsonencode(1)}';
const CERT_INJECTION = 'cert\nresource "aws_iam_user" "evil" { name = "x" }';

const configuration: FederationConfiguration = {
  entra: {
    app: {
      displayName: 'AWS "IAM" Identity Center ${path.module} \\ %{ for x in y }',
      appId: "11111111-1111-1111-1111-111111111111",
      applicationObjectId: "22222222-2222-2222-2222-222222222222",
      servicePrincipalId: "33333333-3333-3333-3333-333333333333",
      identifierUris: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1234567890", "urn:amazon:webservices:$${x}"],
      replyUrls: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/abc", 'https://example.test/acs?q="${x}"'],
      signOnUrl: "https://d-1234567890.awsapps.com/start",
      relayState: "https://console.aws.amazon.com/?a=${b}",
      ssoMode: "saml",
      notificationEmails: ["ops@example.test", "secops+saml@example.test"],
      signingCertificates: {
        ABCDEF0123456789ABCDEF0123456789ABCDEF01: {
          displayName: "CN=Microsoft Azure Federated SSO Certificate",
          notBefore: "2026-01-01T00:00:00Z",
          notAfter: "2029-01-01T00:00:00Z",
          active: true,
        },
        "0123456789ABCDEF0123456789ABCDEF01234567": { displayName: CERT_INJECTION, notBefore: null, notAfter: null, active: false },
      },
    },
    provisioning: {
      jobId: "aWSSCIMProvisioning.abc.def",
      templateId: "aWSSCIMProvisioning",
      scheduleState: "Active",
      interval: "PT40M",
      scope: "assigned users and groups",
      tenantUrl: "https://scim.eu-west-1.amazonaws.com/abc/scim/v2",
      groupSync: true,
      matching: ["userPrincipalName → userName"],
      mappings: { displayName: "displayName", userName: "userPrincipalName" },
      deletionThreshold: { enabled: true, value: 500 },
      scimBearer: { issuedAt: "2026-10-01T00:00:00.000Z", expiresAt: "2027-10-01T00:00:00.000Z" },
    },
  },
  aws: {
    instance: { instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef", identityStoreId: "d-1234567890", status: "ACTIVE", name: null },
    identitySource: { kind: "external-idp", signInUrl: "https://login.microsoftonline.com/t/saml2" },
    permissionSets: {
      [HOSTILE_SET]: {
        permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1",
        description: 'Full "admin" ${access} with \\n backslash',
        sessionDuration: "PT8H",
        relayState: null,
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:policy/AdministratorAccess"],
        inlinePolicy:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalTag/x":"${aws:username}"}}}]}',
      },
      "admin-jsonencode-1": {
        permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-2",
        description: null,
        sessionDuration: null,
        relayState: "https://console.aws.amazon.com/s3",
        managedPolicyArns: [],
        inlinePolicy: null,
      },
      ReadOnly: {
        permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-3",
        description: "Read only",
        sessionDuration: "PT1H",
        relayState: null,
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        inlinePolicy: null,
      },
    },
    assignments: {
      [assignmentKey("111111111111", HOSTILE_SET, "GROUP", HOSTILE_GROUP)]: true,
      [assignmentKey("111111111111", "ReadOnly", "GROUP", "ops core")]: true,
      [assignmentKey("222222222222", "ReadOnly", "GROUP", "Break glass")]: true,
      [assignmentKey("222222222222", "ReadOnly", "USER", 'alice"${x}@example.test')]: true,
      [assignmentKey("333333333333", "LegacyUnrecorded", "GROUP", "Not · recorded")]: true,
    },
    groups: {
      [HOSTILE_GROUP]: { groupId: "g-1", memberCount: 3, managedBy: "SCIM" },
      "ops core": { groupId: "g-2", memberCount: 1, managedBy: "AWS" },
      "Break glass": { groupId: "g-3", memberCount: 0, managedBy: "AWS" },
      "123 Numbers": { groupId: "g-4", memberCount: 2, managedBy: "SCIM" },
    },
  },
};

const version: ExportedVersion = { federationId: "default", id: 42, takenAt: new Date("2026-11-30T10:00:00.000Z"), contentHash: "ab".repeat(32) };

async function exported(config: FederationConfiguration = configuration) {
  const files = terraformExport(config, version);
  const hcl = (await parse("main.tf", files.hcl)) as Parsed;
  return { files, hcl };
}

describe("HCL string literals", () => {
  it("parse back to exactly the input, and never as an interpolation or directive", async () => {
    const values = [
      'a"b',
      "a\\b",
      "${x}",
      "$${x}",
      "$$${x}",
      "%{if}",
      "%%{x}",
      "a\nb\tc\r",
      "end $",
      "end %",
      "$ {x}",
      "é — ✓",
      "\u0001\u007f",
      "${",
      "\\${x}",
    ];
    const text = values.map((v, i) => `v${i} = ${hclString(v)}`).join("\n");
    const parsed = (await parse("values.tf", `locals {\n${text}\n}\n`)) as Parsed;
    const locals = one(parsed.locals);
    values.forEach((v, i) => expect(literal(locals[`v${i}`]), JSON.stringify(v)).toBe(v));
  });
});

describe("resource names", () => {
  it("are valid identifiers, unique, and the same whatever the order", () => {
    const names = ["ops core", "Ops Core", "ops-core", "123 Numbers", "", "Équipe", HOSTILE_GROUP, "ops_core"];
    const a = resourceNames(names);
    const b = resourceNames([...names].reverse());
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const ids = [...a.values()];
    expect(new Set(ids).size).toBe(names.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(a.get("Équipe")).toBe("equipe");
    expect(a.get("123 Numbers")).toBe("r_123_numbers");
  });
});

describe("assignment keys", () => {
  it("read back into account, permission set and principal, even when the principal's name holds the separator", () => {
    expect(parseAssignmentKey(assignmentKey("333333333333", "Ps", "GROUP", "Not · recorded"))).toEqual({
      accountId: "333333333333",
      permissionSet: "Ps",
      principalType: "GROUP",
      principal: "Not · recorded",
    });
    expect(parseAssignmentKey("garbage")).toBeNull();
  });
});

describe("the Terraform export", () => {
  it("parses, and the Entra application and service principal carry the recorded SAML settings", async () => {
    const { hcl, files } = await exported();
    const app = configuration.entra.app!;
    const application = one(hcl.resource?.azuread_application?.app);
    expect(literal(application.display_name)).toBe(app.displayName);
    expect((application.identifier_uris as string[]).map(literal)).toEqual(app.identifierUris);
    expect((one(application.web as Body[]).redirect_uris as string[]).map(literal)).toEqual(app.replyUrls);

    const sp = one(hcl.resource?.azuread_service_principal?.app);
    expect(reference(sp.client_id)).toBe("azuread_application.app.client_id");
    expect(literal(sp.preferred_single_sign_on_mode)).toBe("saml");
    expect(literal(sp.login_url)).toBe(app.signOnUrl);
    expect((sp.notification_email_addresses as string[]).map(literal)).toEqual(app.notificationEmails);
    expect(literal(one(sp.saml_single_sign_on as Body[]).relay_state)).toBe(app.relayState);

    const imports = (hcl.import ?? []).map((i) => [reference(i.to), literal(i.id)]);
    expect(imports).toContainEqual(["azuread_application.app", `/applications/${app.applicationObjectId}`]);
    expect(imports).toContainEqual(["azuread_service_principal.app", `/servicePrincipals/${app.servicePrincipalId}`]);

    // Certificates: public data as comments only; a display name cannot break out of its comment.
    for (const thumbprint of Object.keys(app.signingCertificates)) expect(files.hcl).toContain(thumbprint);
    expect(hcl.resource?.aws_iam_user).toBeUndefined();
    expect(files.hcl).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|private_key|key_value|\bvalue = "MII/);
  });

  it("writes each permission set, its managed and inline policies, from the configuration", async () => {
    const { hcl } = await exported();
    const aws = configuration.aws!;
    expect(one(hcl.locals).sso_instance_arn).toBe(aws.instance.instanceArn);
    const sets = hcl.resource?.aws_ssoadmin_permission_set ?? {};
    expect(Object.keys(sets)).toHaveLength(Object.keys(aws.permissionSets).length);
    const byName = new Map<string, string>();
    for (const [id, blocks] of Object.entries(sets)) {
      expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
      const set = one(blocks);
      const name = literal(set.name);
      byName.set(name, id);
      const recorded = aws.permissionSets[name];
      expect(recorded, name).toBeDefined();
      expect(reference(set.instance_arn)).toBe("local.sso_instance_arn");
      expect(set.description === undefined ? null : literal(set.description)).toBe(recorded!.description);
      expect(set.session_duration === undefined ? null : literal(set.session_duration)).toBe(recorded!.sessionDuration);
      expect(set.relay_state === undefined ? null : literal(set.relay_state)).toBe(recorded!.relayState);
    }
    const attachments = Object.values(hcl.resource?.aws_ssoadmin_managed_policy_attachment ?? {}).map((blocks) => {
      const a = one(blocks);
      return [reference(a.permission_set_arn), literal(a.managed_policy_arn)];
    });
    const expected = Object.entries(aws.permissionSets).flatMap(([name, ps]) =>
      ps.managedPolicyArns.map((arn) => [`aws_ssoadmin_permission_set.${byName.get(name)}.arn`, arn]),
    );
    expect(attachments.sort()).toEqual(expected.sort());

    const inline = Object.values(hcl.resource?.aws_ssoadmin_permission_set_inline_policy ?? {}).map((blocks) => one(blocks));
    expect(inline).toHaveLength(1);
    expect(reference(inline[0]!.permission_set_arn)).toBe(`aws_ssoadmin_permission_set.${byName.get(HOSTILE_SET)}.arn`);
    expect(literal(inline[0]!.inline_policy)).toBe(aws.permissionSets[HOSTILE_SET]!.inlinePolicy);
  });

  it("makes AWS-made groups resources, looks SCIM groups up, and points every assignment at the right principal and permission set", async () => {
    const { hcl } = await exported();
    const aws = configuration.aws!;
    const groupResources = Object.entries(hcl.resource?.aws_identitystore_group ?? {}).map(([id, blocks]) => [id, literal(one(blocks).display_name)] as const);
    expect(groupResources.map(([, name]) => name).sort()).toEqual(["Break glass", "ops core"]);
    const lookups = (type: string) =>
      new Map(
        Object.entries(hcl.data?.[type] ?? {}).map(([id, blocks]) => {
          const block = one(blocks);
          const unique = one(one(block.alternate_identifier as Body[]).unique_attribute_value as Body[]);
          return [`data.${type}.${id}`, `${literal(unique.attribute_path)}=${literal(unique.attribute_value)}`];
        }),
      );
    const groupData = lookups("aws_identitystore_group");
    const userData = lookups("aws_identitystore_user");
    // SCIM groups (and the one assigned group not recorded) are only referenced; never resources.
    expect([...groupData.values()].sort()).toEqual([`DisplayName=${HOSTILE_GROUP}`, "DisplayName=123 Numbers", "DisplayName=Not · recorded"].sort());
    expect([...userData.values()]).toEqual(['UserName=alice"${x}@example.test']);
    const principals = new Map<string, string>([
      ...groupResources.map(([id, name]) => [`aws_identitystore_group.${id}.group_id`, `GROUP ${name}`] as [string, string]),
      ...[...groupData].map(([ref, v]) => [`${ref}.group_id`, `GROUP ${v.slice("DisplayName=".length)}`] as [string, string]),
      ...[...userData].map(([ref, v]) => [`${ref}.user_id`, `USER ${v.slice("UserName=".length)}`] as [string, string]),
    ]);
    const setNames = new Map<string, string>([
      ...Object.entries(hcl.resource?.aws_ssoadmin_permission_set ?? {}).map(
        ([id, b]) => [`aws_ssoadmin_permission_set.${id}.arn`, literal(one(b).name)] as [string, string],
      ),
      ...Object.entries(hcl.data?.aws_ssoadmin_permission_set ?? {}).map(
        ([id, b]) => [`data.aws_ssoadmin_permission_set.${id}.arn`, literal(one(b).name)] as [string, string],
      ),
    ]);
    const assignments = Object.values(hcl.resource?.aws_ssoadmin_account_assignment ?? {}).map((blocks) => {
      const a = one(blocks);
      expect(reference(a.instance_arn)).toBe("local.sso_instance_arn");
      expect(literal(a.target_type)).toBe("AWS_ACCOUNT");
      const [type, ...name] = principals.get(reference(a.principal_id))!.split(" ");
      expect(literal(a.principal_type)).toBe(type);
      return assignmentKey(literal(a.target_id), setNames.get(reference(a.permission_set_arn))!, type!, name.join(" "));
    });
    expect(assignments.sort()).toEqual(Object.keys(aws.assignments).sort());
  });

  it("gives Graph JSON for the provisioning job, with its settings and no token", async () => {
    const { files } = await exported();
    const doc = JSON.parse(files.graphJson);
    const p = configuration.entra.provisioning!;
    expect(doc.version).toEqual({ id: 42, takenAt: "2026-11-30T10:00:00.000Z", contentHash: version.contentHash });
    expect(doc.synchronization.job).toEqual({
      id: p.jobId,
      templateId: p.templateId,
      schedule: { state: "Active", interval: "PT40M" },
      settings: [
        { name: "DeleteThresholdEnabled", value: "true" },
        { name: "DeleteThresholdValue", value: "500" },
      ],
    });
    expect(doc.synchronization.secrets).toEqual([
      { key: "BaseAddress", value: p.tenantUrl },
      { key: "SyncAll", value: "false" },
    ]);
    expect(doc.synchronization.schemaSummary.userMapping.attributeMappings).toEqual([
      { target: "displayName", source: "displayName" },
      { target: "userName", source: "userPrincipalName" },
    ]);
    expect(files.graphJson).not.toMatch(/SecretToken/);
  });

  it("exports a version with neither cloud recorded as a valid, empty configuration", async () => {
    const { hcl, files } = await exported({ entra: { app: null, provisioning: null }, aws: null });
    expect(hcl.resource).toBeUndefined();
    expect(JSON.parse(files.graphJson).synchronization).toBeNull();
  });

  it("is the same text for the same version", () => {
    expect(terraformExport(configuration, version)).toEqual(terraformExport(structuredClone(configuration), version));
  });
});

describe("the Terraform export of a legacy per-account federation", () => {
  const MGMT = "111122223333";
  const MEMBER = "444455556666";
  const provider = (account: string) => `arn:aws:iam::${account}:saml-provider/EntraID`;
  const trust = (account: string) =>
    JSON.stringify({ Statement: [{ Action: "sts:AssumeRoleWithSAML", Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }, Effect: "Allow", Principal: { Federated: provider(account) } }], Version: "2012-10-17" });
  const role = (account: string, name: string, policies: string[], more: Partial<LegacyAccountConfig["roles"][string]> = {}) => ({
    roleArn: `arn:aws:iam::${account}:role/entra-saml/${name}`,
    trust: { samlProviders: [provider(account)], trustsProvider: true, audiences: ["https://signin.aws.amazon.com/saml"] },
    trustPolicy: trust(account),
    maxSessionDuration: 3600,
    managedPolicyArns: policies,
    permissionsBoundaryArn: null,
    ...more,
  });
  const legacy: FederationConfiguration = {
    entra: { app: null, provisioning: null },
    aws: null,
    legacy: {
      accounts: {
        [MGMT]: {
          reachedThrough: null,
          samlProvider: { providerArn: provider(MGMT), validUntil: "2027-11-30T00:00:00.000Z", certificates: { ABCDEF0123456789ABCDEF0123456789ABCDEF01: { notAfter: "2029-01-01T00:00:00.000Z" } } },
          roles: {
            EntraAdministrator: role(MGMT, "EntraAdministrator", ["arn:aws:iam::aws:policy/AdministratorAccess"]),
            'Read"Only${x}': role(MGMT, "ReadOnly", ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSSOReadOnly"], {
              trustPolicy: null,
              permissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess",
              maxSessionDuration: 7200,
            }),
          },
          roleManager: { userName: "EntraRoleManager", keys: { AKIAEXAMPLEKEY000001: { status: "Active", createdAt: "2026-11-01T00:00:00.000Z" } } },
        },
        [MEMBER]: { reachedThrough: "OrganizationAccountAccessRole", samlProvider: { providerArn: provider(MEMBER), validUntil: null, certificates: {} }, roles: { EntraAdministrator: role(MEMBER, "EntraAdministrator", []) }, roleManager: null },
      },
      appRoles: { [`arn:aws:iam::${MGMT}:role/entra-saml/EntraAdministrator,${provider(MGMT)}`]: { displayName: "EntraAdministrator", enabled: true } },
    },
  };

  it("parses; each account's SAML provider, roles and policy attachments are resources with import blocks, through that account's provider alias", async () => {
    const files = terraformExport(legacy, version);
    const hcl = (await parse("main.tf", files.hcl)) as Parsed & { provider?: Record<string, Body[]> };
    const aliases = (hcl.provider?.aws ?? []).map((p) => [literal(p.alias), (p.assume_role as Body[] | undefined)?.map((r) => literal(r.role_arn)) ?? []]);
    expect(aliases).toEqual([
      [`account_${MGMT}`, []],
      [`account_${MEMBER}`, [`arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`]],
    ]);

    const providers = hcl.resource?.aws_iam_saml_provider ?? {};
    expect(Object.keys(providers).sort()).toEqual([`saml_${MGMT}`, `saml_${MEMBER}`]);
    const mgmtProvider = one(providers[`saml_${MGMT}`]);
    expect(reference(mgmtProvider.provider)).toBe(`aws.account_${MGMT}`);
    expect(literal(mgmtProvider.name)).toBe("EntraID");
    expect(mgmtProvider.saml_metadata_document).toBe(`\${file("\${path.module}/EntraID-${MGMT}-federationmetadata.xml")}`);

    const roles = Object.values(hcl.resource?.aws_iam_role ?? {}).map((blocks) => one(blocks));
    expect(roles.map((r) => [reference(r.provider), literal(r.name), literal(r.path)]).sort()).toEqual(
      [
        [`aws.account_${MEMBER}`, "EntraAdministrator", "/entra-saml/"],
        [`aws.account_${MGMT}`, "EntraAdministrator", "/entra-saml/"],
        [`aws.account_${MGMT}`, 'Read"Only${x}', "/entra-saml/"],
      ].sort(),
    );
    const readOnly = roles.find((r) => literal(r.name).startsWith("Read"))!;
    // No recorded document: rebuilt from the summary, the same trust.
    expect(JSON.parse(literal(readOnly.assume_role_policy))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Federated: provider(MGMT) }, Action: "sts:AssumeRoleWithSAML", Condition: { StringEquals: { "SAML:aud": ["https://signin.aws.amazon.com/saml"] } } }],
    });
    expect(readOnly.max_session_duration).toBe(7200);
    expect(literal(readOnly.permissions_boundary)).toBe("arn:aws:iam::aws:policy/PowerUserAccess");
    const admin = roles.find((r) => literal(r.name) === "EntraAdministrator" && reference(r.provider) === `aws.account_${MGMT}`)!;
    expect(JSON.parse(literal(admin.assume_role_policy))).toEqual(JSON.parse(trust(MGMT)));

    const attachments = Object.values(hcl.resource?.aws_iam_role_policy_attachment ?? {}).map((blocks) => one(blocks));
    expect(attachments.map((a) => literal(a.policy_arn)).sort()).toEqual(["arn:aws:iam::aws:policy/AWSSSOReadOnly", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    for (const a of attachments) expect(reference(a.role)).toMatch(/^aws_iam_role\.[a-z0-9_]+\.name$/);

    const imports = (hcl.import ?? []).map((i) => [reference(i.provider), reference(i.to), literal(i.id)]);
    expect(imports).toContainEqual([`aws.account_${MGMT}`, `aws_iam_saml_provider.saml_${MGMT}`, provider(MGMT)]);
    expect(imports.filter(([, to]) => String(to).startsWith("aws_iam_role.")).map(([, , id]) => id).sort()).toEqual(["EntraAdministrator", "EntraAdministrator", 'Read"Only${x}']);
    expect(imports).toContainEqual([`aws.account_${MGMT}`, expect.stringMatching(/^aws_iam_role_policy_attachment\./), 'Read"Only${x}/arn:aws:iam::aws:policy/ReadOnlyAccess']);
    // The role manager is named, its key never written as a resource.
    expect(files.hcl).toContain("the role-manager user EntraRoleManager (keys AKIAEXAMPLEKEY000001) is not exported");
    expect(hcl.resource?.aws_iam_access_key).toBeUndefined();
    expect(hcl.resource?.aws_ssoadmin_permission_set).toBeUndefined();
  });
});
