import { createHash } from "node:crypto";
import { type AwsConfig, type EntraAppConfig, type FederationConfiguration, type LegacyAccountConfig, type LegacyConfig, type ProvisioningConfig } from "./configuration";

/**
 * Issue 14, "Infrastructure as code, exported": one recorded version of the federation as Terraform (HCL) for the
 * `azuread` and `aws` providers, plus a JSON document of what Terraform cannot express (the provisioning job's
 * schema and settings, as Microsoft Graph names them). Pure: the same version always gives the same text. Never a
 * secret: the configuration holds none (no private key, no SCIM token), and the text adds none.
 *
 * Providers: https://registry.terraform.io/providers/hashicorp/azuread/latest/docs and
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs (ssoadmin_* and identitystore_* resources).
 */

export interface ExportedVersion {
  federationId: string;
  id: number;
  takenAt: Date;
  contentHash: string;
}

export interface TerraformExport {
  /** main.tf */
  hcl: string;
  /** The Graph JSON document: what Terraform cannot express. */
  graphJson: string;
}

// ——— HCL text ———

/**
 * A quoted HCL string literal. Escapes per the HCL native syntax spec
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals and
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences): backslash, quote and
 * control characters, and the template introducers `${` and `%{` doubled (`$${`, `%%{`) so a name can never
 * become an interpolation or directive.
 */
export function hclString(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  // After the escapes above, `${` and `%{` appear only as the input had them: double their first character.
  // (A replacer function: in a replacement string "$$" would itself mean one "$".)
  return `"${out.replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`)}"`;
}

/** Text safe inside a `#` comment: one line, no control characters. */
export const commentText = (value: string) => value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, " ");

const list = (values: readonly string[]) => (values.length ? `[${values.map(hclString).join(", ")}]` : "[]");

/**
 * Terraform identifiers for a set of names (https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers):
 * lower-case letters, digits and underscores, starting with a letter. Deterministic (the same set gives the same
 * identifiers, whatever its order) and unique: when two names fold to the same identifier, each gets a short hash
 * of its exact name.
 */
export function resourceNames(names: Iterable<string>, prefix = "r", label: (name: string) => string = (name) => name): Map<string, string> {
  const unique = [...new Set(names)].sort();
  const slug = (name: string) => {
    const s = label(name)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 48);
    return /^[a-z]/.test(s) ? s : `${prefix}_${s}`.replace(/_+$/, "");
  };
  const counts = new Map<string, number>();
  for (const name of unique) counts.set(slug(name), (counts.get(slug(name)) ?? 0) + 1);
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const name of unique) {
    const base = slug(name);
    let id = counts.get(base) === 1 ? base : `${base}_${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    result.set(name, id);
  }
  return result;
}

/** A block writer: attributes aligned as `terraform fmt` would, nested blocks indented. */
class Block {
  private lines: string[] = [];
  constructor(private readonly indent = "  ") {}
  attr(name: string, value: string | null | undefined) {
    if (value !== null && value !== undefined) this.lines.push(`${this.indent}${name} = ${value}`);
    return this;
  }
  comment(text: string) {
    this.lines.push(`${this.indent}# ${commentText(text)}`);
    return this;
  }
  block(header: string, fill: (b: Block) => void) {
    const inner = new Block(`${this.indent}  `);
    fill(inner);
    this.lines.push(`${this.indent}${header} {`, ...inner.lines, `${this.indent}}`);
    return this;
  }
  text() {
    return this.lines.join("\n");
  }
}

const top = (header: string, fill: (b: Block) => void) =>
  `${header} {\n${(() => {
    const b = new Block();
    fill(b);
    return b.text();
  })()}\n}\n`;

// ——— Account assignments ———

export interface ParsedAssignment {
  accountId: string;
  permissionSet: string;
  principalType: string;
  principal: string;
}

/** The parts of an `aws.assignments` key (see assignmentKey in ./configuration): account, permission set, principal. */
export function parseAssignmentKey(key: string): ParsedAssignment | null {
  const first = key.indexOf(" · ");
  const second = first < 0 ? -1 : key.indexOf(" · ", first + 3);
  if (second < 0) return null;
  const rest = key.slice(second + 3);
  const space = rest.indexOf(" ");
  if (space < 0) return null;
  return { accountId: key.slice(0, first), permissionSet: key.slice(first + 3, second), principalType: rest.slice(0, space), principal: rest.slice(space + 1) };
}

// ——— Entra ———

function entraBlocks(app: EntraAppConfig): string[] {
  const out: string[] = [];
  // https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/application — the SAML
  // Identifier (Entity ID) is identifierUris and the Reply URLs are web.redirectUris
  // (https://learn.microsoft.com/graph/api/resources/application).
  out.push(
    top("import", (b) => b.attr("to", "azuread_application.app").attr("id", hclString(`/applications/${app.applicationObjectId}`))),
    top('resource "azuread_application" "app"', (b) => {
      b.attr("display_name", hclString(app.displayName));
      b.attr("identifier_uris", list(app.identifierUris));
      b.block("web", (w) => w.attr("redirect_uris", list(app.replyUrls)));
      b.block("feature_tags", (f) => f.attr("enterprise", "true"));
    }),
  );
  // https://registry.terraform.io/providers/hashicorp/azuread/latest/docs/resources/service_principal —
  // preferredSingleSignOnMode, loginUrl (Sign-on URL), samlSingleSignOnSettings.relayState and
  // notificationEmailAddresses (https://learn.microsoft.com/graph/api/resources/serviceprincipal).
  out.push(
    top("import", (b) => b.attr("to", "azuread_service_principal.app").attr("id", hclString(`/servicePrincipals/${app.servicePrincipalId}`))),
    top('resource "azuread_service_principal" "app"', (b) => {
      b.attr("client_id", "azuread_application.app.client_id");
      b.attr("preferred_single_sign_on_mode", app.ssoMode === null ? null : hclString(app.ssoMode));
      b.attr("login_url", app.signOnUrl === null ? null : hclString(app.signOnUrl));
      b.attr("notification_email_addresses", list(app.notificationEmails));
      if (app.relayState !== null) b.block("saml_single_sign_on", (s) => s.attr("relay_state", hclString(app.relayState ?? "")));
      const certificates = Object.entries(app.signingCertificates).sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0));
      if (certificates.length) {
        // The signing certificates are data here, not resources: Terraform would mint a new key pair
        // (azuread_service_principal_token_signing_certificate), and the export never holds a private key.
        b.comment("SAML signing certificates (public data only; keep them with the app, never export a private key):");
        for (const [thumbprint, c] of certificates)
          b.comment(
            `  ${thumbprint}${c.active ? " (active)" : ""}${c.displayName ? ` ${c.displayName}` : ""}, valid ${c.notBefore ?? "?"} to ${c.notAfter ?? "?"}`,
          );
      }
    }),
  );
  return out;
}

// ——— AWS ———

function awsBlocks(aws: AwsConfig): string[] {
  const out: string[] = [];
  out.push(
    top("locals", (b) => {
      b.attr("sso_instance_arn", hclString(aws.instance.instanceArn));
      b.attr("identity_store_id", hclString(aws.instance.identityStoreId));
    }),
  );
  const setNames = Object.keys(aws.permissionSets);
  const assignments = Object.keys(aws.assignments)
    .sort()
    .map((key) => ({ key, parsed: parseAssignmentKey(key) }));
  const unknownSets = [...new Set(assignments.flatMap((a) => (a.parsed && !(a.parsed.permissionSet in aws.permissionSets) ? [a.parsed.permissionSet] : [])))];
  const setIds = resourceNames([...setNames, ...unknownSets], "ps");

  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssoadmin_permission_set
  for (const name of [...setNames].sort()) {
    const ps = aws.permissionSets[name]!;
    const id = setIds.get(name)!;
    out.push(
      top("import", (b) => b.attr("to", `aws_ssoadmin_permission_set.${id}`).attr("id", hclString(`${ps.permissionSetArn},${aws.instance.instanceArn}`))),
      top(`resource "aws_ssoadmin_permission_set" "${id}"`, (b) => {
        b.attr("name", hclString(name));
        b.attr("description", ps.description === null ? null : hclString(ps.description));
        b.attr("instance_arn", "local.sso_instance_arn");
        b.attr("session_duration", ps.sessionDuration === null ? null : hclString(ps.sessionDuration));
        b.attr("relay_state", ps.relayState === null ? null : hclString(ps.relayState));
      }),
    );
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssoadmin_managed_policy_attachment
    // By ARN (an AWS-managed and a customer-managed policy may share a name), labelled by the policy's name.
    const policyIds = resourceNames(ps.managedPolicyArns, "policy", (arn) => arn.slice(arn.lastIndexOf("/") + 1) || arn);
    for (const arn of [...ps.managedPolicyArns].sort()) {
      const policy = policyIds.get(arn)!;
      out.push(
        top(`resource "aws_ssoadmin_managed_policy_attachment" "${id}__${policy}"`, (b) => {
          b.attr("instance_arn", "local.sso_instance_arn");
          b.attr("managed_policy_arn", hclString(arn));
          b.attr("permission_set_arn", `aws_ssoadmin_permission_set.${id}.arn`);
        }),
      );
    }
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssoadmin_permission_set_inline_policy
    if (ps.inlinePolicy !== null && ps.inlinePolicy.trim() !== "")
      out.push(
        top(`resource "aws_ssoadmin_permission_set_inline_policy" "${id}"`, (b) => {
          b.attr("instance_arn", "local.sso_instance_arn");
          b.attr("inline_policy", hclString(ps.inlinePolicy ?? ""));
          b.attr("permission_set_arn", `aws_ssoadmin_permission_set.${id}.arn`);
        }),
      );
  }
  for (const name of unknownSets.sort())
    out.push(
      top(`data "aws_ssoadmin_permission_set" "${setIds.get(name)!}"`, (b) => {
        b.comment("Assigned, but not among the recorded permission sets: looked up by name.");
        b.attr("instance_arn", "local.sso_instance_arn");
        b.attr("name", hclString(name));
      }),
    );

  // Groups: AWS-made ones are resources; SCIM-made ones belong to Entra's provisioning and are only looked up
  // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/identitystore_group,
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/identitystore_group).
  const groupNames = Object.keys(aws.groups);
  const parsed = assignments.flatMap((a) => (a.parsed ? [a.parsed] : []));
  const unknownGroups = [...new Set(parsed.filter((p) => p.principalType === "GROUP" && !(p.principal in aws.groups)).map((p) => p.principal))];
  const groupIds = resourceNames([...groupNames, ...unknownGroups], "group");
  const users = [...new Set(parsed.filter((p) => p.principalType !== "GROUP").map((p) => p.principal))];
  const userIds = resourceNames(users, "user");
  const lookup = (b: Block, path: string, value: string) =>
    b.block("alternate_identifier", (a) =>
      a.block("unique_attribute_value", (u) => u.attr("attribute_path", hclString(path)).attr("attribute_value", hclString(value))),
    );
  for (const name of [...groupNames].sort()) {
    const g = aws.groups[name]!;
    const id = groupIds.get(name)!;
    if (g.managedBy === "AWS") {
      out.push(
        top("import", (b) => b.attr("to", `aws_identitystore_group.${id}`).attr("id", hclString(`${aws.instance.identityStoreId}/${g.groupId}`))),
        top(`resource "aws_identitystore_group" "${id}"`, (b) => {
          b.attr("identity_store_id", "local.identity_store_id");
          b.attr("display_name", hclString(name));
          // The history records how many members a group has, not who: memberships are not exported
          // (aws_identitystore_group_membership needs each member's user id).
          b.comment(`${g.memberCount} member${g.memberCount === 1 ? "" : "s"} when recorded; memberships are not part of the recorded configuration.`);
        }),
      );
    } else {
      out.push(
        top(`data "aws_identitystore_group" "${id}"`, (b) => {
          b.comment("Provisioned by Entra (SCIM): managed there, only referenced here.");
          b.attr("identity_store_id", "local.identity_store_id");
          lookup(b, "DisplayName", name);
        }),
      );
    }
  }
  for (const name of unknownGroups.sort())
    out.push(
      top(`data "aws_identitystore_group" "${groupIds.get(name)!}"`, (b) => {
        b.comment("Assigned, but not among the recorded groups: looked up by display name.");
        b.attr("identity_store_id", "local.identity_store_id");
        lookup(b, "DisplayName", name);
      }),
    );
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/identitystore_user
  for (const name of users.sort())
    out.push(
      top(`data "aws_identitystore_user" "${userIds.get(name)!}"`, (b) => {
        b.attr("identity_store_id", "local.identity_store_id");
        lookup(b, "UserName", name);
      }),
    );

  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssoadmin_account_assignment
  const assignmentIds = resourceNames(
    assignments.map((a) => a.key),
    "assignment",
  );
  for (const { key, parsed: p } of assignments) {
    if (!p) {
      out.push(`# Not exported: an assignment whose key could not be read: ${commentText(key)}\n`);
      continue;
    }
    const set =
      p.permissionSet in aws.permissionSets
        ? `aws_ssoadmin_permission_set.${setIds.get(p.permissionSet)!}.arn`
        : `data.aws_ssoadmin_permission_set.${setIds.get(p.permissionSet)!}.arn`;
    const principal =
      p.principalType === "GROUP"
        ? aws.groups[p.principal]?.managedBy === "AWS"
          ? `aws_identitystore_group.${groupIds.get(p.principal)!}.group_id`
          : `data.aws_identitystore_group.${groupIds.get(p.principal)!}.group_id`
        : `data.aws_identitystore_user.${userIds.get(p.principal)!}.user_id`;
    out.push(
      top(`resource "aws_ssoadmin_account_assignment" "${assignmentIds.get(key)!}"`, (b) => {
        b.attr("instance_arn", "local.sso_instance_arn");
        b.attr("permission_set_arn", set);
        b.attr("principal_id", principal);
        b.attr("principal_type", hclString(p.principalType));
        b.attr("target_id", hclString(p.accountId));
        b.attr("target_type", hclString("AWS_ACCOUNT"));
      }),
    );
  }
  return out;
}

// ——— The legacy per-account mode: IAM in each account ———

/** The path of a role ARN ("arn:aws:iam::1:role/entra-saml/X" → "/entra-saml/"). */
const rolePathOf = (roleArn: string) => {
  const rest = roleArn.slice(roleArn.indexOf(":role/") + 5);
  return rest.slice(0, rest.lastIndexOf("/") + 1) || "/";
};

/** The trust policy to write: as recorded, else rebuilt from the summary (AssumeRoleWithSAML for each provider, with its audiences). */
function trustPolicyText(role: LegacyAccountConfig["roles"][string]): string {
  if (role.trustPolicy) return role.trustPolicy;
  const condition = role.trust.audiences.length ? { Condition: { StringEquals: { "SAML:aud": role.trust.audiences } } } : {};
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: role.trust.samlProviders.map((p) => ({ Effect: "Allow", Principal: { Federated: p }, Action: "sts:AssumeRoleWithSAML", ...condition })),
  });
}

/**
 * Each account's IAM side as `aws` resources, one provider alias per account (a member account through the role the
 * portal assumes there): the SAML provider
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_saml_provider), the roles
 * (…/iam_role) and their managed policy attachments (…/iam_role_policy_attachment), each with an import block. The
 * provider's metadata document is not in the history (only its certificates): the HCL reads it from a file Entra's
 * federation metadata is saved to. The role-manager user and its key are not exported: a key in Terraform's state
 * would be a secret there.
 */
export function legacyBlocks(legacy: LegacyConfig): string[] {
  const out: string[] = [];
  const accountIds = Object.keys(legacy.accounts).sort();
  for (const accountId of accountIds) {
    const account = legacy.accounts[accountId]!;
    const alias = `account_${accountId}`;
    const via = `aws.${alias}`;
    out.push(
      top('provider "aws"', (b) => {
        b.attr("alias", hclString(alias));
        b.attr("allowed_account_ids", list([accountId]));
        if (account.reachedThrough) b.block("assume_role", (r) => r.attr("role_arn", hclString(`arn:aws:iam::${accountId}:role/${account.reachedThrough}`)));
        else b.comment("The account of the credentials in the environment.");
      }),
    );
    const provider = account.samlProvider;
    const providerId = `saml_${accountId}`;
    if (provider) {
      const name = provider.providerArn.slice(provider.providerArn.lastIndexOf("/") + 1);
      out.push(
        top("import", (b) => b.attr("provider", via).attr("to", `aws_iam_saml_provider.${providerId}`).attr("id", hclString(provider.providerArn))),
        top(`resource "aws_iam_saml_provider" "${providerId}"`, (b) => {
          b.attr("provider", via);
          b.attr("name", hclString(name));
          for (const [thumbprint, c] of Object.entries(provider.certificates)) b.comment(`Certificate when recorded: ${thumbprint}, expires ${c.notAfter ?? "unknown"}.`);
          b.comment("Save the app's Federation Metadata XML (Entra admin center → the app → Single sign-on) beside this file:");
          b.attr("saml_metadata_document", `file("\${path.module}/${name.replace(/[^\w.-]/g, "_")}-${accountId}-federationmetadata.xml")`);
        }),
      );
    } else out.push(`# Account ${accountId}: no IAM SAML provider was recorded.
`);
    const roleIds = resourceNames(Object.keys(account.roles), "role", (name) => `${accountId}_${name}`);
    for (const roleName of Object.keys(account.roles).sort()) {
      const role = account.roles[roleName]!;
      const id = roleIds.get(roleName)!;
      out.push(
        top("import", (b) => b.attr("provider", via).attr("to", `aws_iam_role.${id}`).attr("id", hclString(roleName))),
        top(`resource "aws_iam_role" "${id}"`, (b) => {
          b.attr("provider", via);
          b.attr("name", hclString(roleName));
          b.attr("path", hclString(rolePathOf(role.roleArn)));
          if (!role.trustPolicy) b.comment("Trust policy rebuilt from the recorded summary.");
          b.attr("assume_role_policy", hclString(trustPolicyText(role)));
          b.attr("max_session_duration", role.maxSessionDuration === null ? null : String(role.maxSessionDuration));
          b.attr("permissions_boundary", role.permissionsBoundaryArn === null ? null : hclString(role.permissionsBoundaryArn));
        }),
      );
      const attachmentIds = resourceNames(role.managedPolicyArns, "policy", (arn) => `${id}_${arn.slice(arn.lastIndexOf("/") + 1)}`);
      for (const policyArn of role.managedPolicyArns) {
        const attachment = attachmentIds.get(policyArn)!;
        out.push(
          top("import", (b) => b.attr("provider", via).attr("to", `aws_iam_role_policy_attachment.${attachment}`).attr("id", hclString(`${roleName}/${policyArn}`))),
          top(`resource "aws_iam_role_policy_attachment" "${attachment}"`, (b) => {
            b.attr("provider", via);
            b.attr("role", `aws_iam_role.${id}.name`);
            b.attr("policy_arn", hclString(policyArn));
          }),
        );
      }
    }
    if (account.roleManager)
      out.push(
        `# Account ${accountId}: the role-manager user ${commentText(account.roleManager.userName)} (keys ${commentText(Object.keys(account.roleManager.keys).join(", ") || "none")}) is not exported: its access key would be a secret in Terraform's state.\n`,
      );
  }
  return out;
}

// ——— Graph JSON ———

/**
 * What Terraform cannot express: the provisioning (synchronization) job, its schema's user mapping and its settings,
 * with Graph's names (https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationjob,
 * https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationschema). The SCIM bearer is
 * never included: only its dates, as recorded.
 */
export function graphDocument(configuration: FederationConfiguration, version: ExportedVersion) {
  const p: ProvisioningConfig | null = configuration.entra.provisioning;
  const r = configuration.legacy?.roleImport ?? null;
  const app = configuration.entra.app;
  return {
    format: "identity-bridge.graph-config.v1",
    federation: version.federationId,
    version: { id: version.id, takenAt: version.takenAt.toISOString(), contentHash: version.contentHash },
    servicePrincipalId: app?.servicePrincipalId ?? null,
    synchronization: p
      ? {
          job: {
            id: p.jobId,
            templateId: p.templateId,
            schedule: { state: p.scheduleState, interval: p.interval },
            settings: p.deletionThreshold
              ? [
                  { name: "DeleteThresholdEnabled", value: String(p.deletionThreshold.enabled) },
                  ...(p.deletionThreshold.value === null ? [] : [{ name: "DeleteThresholdValue", value: String(p.deletionThreshold.value) }]),
                ]
              : [],
          },
          // Synchronization secrets without SecretToken (https://learn.microsoft.com/graph/api/synchronization-synchronization-secrets).
          secrets: [
            ...(p.tenantUrl === null ? [] : [{ key: "BaseAddress", value: p.tenantUrl }]),
            ...(p.scope === null ? [] : [{ key: "SyncAll", value: String(p.scope === "all users and groups") }]),
          ],
          schemaSummary: {
            groupSyncEnabled: p.groupSync,
            userMapping: {
              matchingAttributes: p.matching,
              attributeMappings: Object.entries(p.mappings).map(([target, source]) => ({ target, source })),
            },
          },
          scimBearer: { issuedAt: p.scimBearer.issuedAt, expiresAt: p.scimBearer.expiresAt, note: "The token itself is never exported." },
        }
      : null,
    // A legacy app's role-import job: its schedule and the access key id it signs with (ClientSecret); never its secret.
    ...(r
      ? {
          roleImport: {
            job: { id: r.jobId, templateId: r.templateId, schedule: { state: r.scheduleState, interval: r.interval } },
            secrets: r.accessKeyId ? [{ key: "ClientSecret", value: r.accessKeyId }] : [],
            note: "The secret access key (SecretToken) is never exported.",
          },
        }
      : {}),
  };
}

// ——— The export ———

export function terraformExport(configuration: FederationConfiguration, version: ExportedVersion): TerraformExport {
  const header = [
    `# Identity Bridge: federation ${commentText(version.federationId)}, configuration version #${version.id}`,
    `# recorded ${version.takenAt.toISOString()}, content sha256 ${version.contentHash}.`,
    "# Generated from the recorded configuration: review before `terraform plan`. The import blocks adopt the",
    "# existing objects (https://developer.hashicorp.com/terraform/language/import). The provisioning job is in the",
    "# JSON document exported beside this file: Terraform cannot express it.",
    "",
  ].join("\n");
  const blocks: string[] = [
    top("terraform", (b) =>
      b.block("required_providers", (r) => {
        r.attr("azuread", `{ source = "hashicorp/azuread", version = "~> 3.0" }`);
        r.attr("aws", `{ source = "hashicorp/aws", version = "~> 5.0" }`);
      }),
    ),
  ];
  const app = configuration.entra.app;
  if (app)
    blocks.push(
      top('provider "azuread"', (b) => b.comment("Tenant and credentials from the environment (ARM_TENANT_ID, …).")),
      ...entraBlocks(app),
    );
  else blocks.push("# No Entra application was recorded in this version.\n");
  if (configuration.aws)
    blocks.push(
      top('provider "aws"', (b) => b.comment("Region and credentials from the environment: the Identity Center instance's region.")),
      ...awsBlocks(configuration.aws),
    );
  else if (configuration.legacy) blocks.push(...legacyBlocks(configuration.legacy));
  else blocks.push("# No IAM Identity Center instance was recorded in this version.\n");
  return { hcl: `${header}\n${blocks.join("\n")}`, graphJson: `${JSON.stringify(graphDocument(configuration, version), null, 2)}\n` };
}
