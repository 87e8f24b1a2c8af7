import type { FederationConfiguration, LegacyConfig } from "./configuration";

/**
 * An instant from the page's URL: "2026-11-30T10:00", "2026-11-30T10:00:05" or with milliseconds, read as UTC
 * (the page says so), or a full ISO 8601 string with its own offset. Exact: nothing is rounded, so a version taken
 * at exactly that instant is the one in force then. Undefined for anything else.
 */
export function parseInstant(value: string | string[] | undefined): Date | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/.exec(text);
  const iso = local
    ? `${local[1]}T${local[2]}${local[3] ?? ":00"}Z`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
      ? text
      : null;
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The value a datetime-local input shows for an instant (UTC, to the millisecond when there are any). */
export const inputValueOf = (date: Date) => date.toISOString().replace(/(\.000)?Z$/, "");

/** "2026-11-30 10:00:05 UTC" (milliseconds only when there are some, so two versions a moment apart read apart). */
export const utcLabel = (date: Date) =>
  `${date
    .toISOString()
    .replace("T", " ")
    .replace(/(\.000)?Z$/, "")} UTC`;

export interface ConfigurationSection {
  id: string;
  title: string;
  /** Field → value, in reading order; lists joined with commas, absent values as "—". */
  rows: [string, string][];
  empty: string | null;
}

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map(show).join(", ") : "—";
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
};

const flatten = (object: Record<string, unknown>, prefix = ""): [string, string][] =>
  Object.entries(object).flatMap(([key, value]): [string, string][] =>
    value && typeof value === "object" && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, show(value)]],
  );

/** A recorded configuration as sections of field/value rows, for the as-of view. */
export function configurationSections(configuration: FederationConfiguration): ConfigurationSection[] {
  const { app, provisioning } = configuration.entra;
  const aws = configuration.aws;
  const section = (id: string, title: string, value: Record<string, unknown> | null | undefined, empty: string): ConfigurationSection => {
    const rows = value ? flatten(value) : [];
    return { id, title, rows, empty: rows.length ? null : empty };
  };
  const legacy = configuration.legacy;
  const entra = [
    section("entra-app", "Entra application (SAML)", app, "No enterprise application yet."),
    // A legacy app provisions no users: its job imports the account's IAM roles (absent in versions recorded before it was kept).
    legacy
      ? section(
          "entra-role-import",
          "Entra role-import job",
          legacy.roleImport,
          legacy.roleImport === undefined ? "Not recorded in this version." : "No role-import job yet.",
        )
      : section("entra-provisioning", "Entra provisioning job", provisioning, "No provisioning job yet."),
  ];
  // A legacy per-account federation has no Identity Center side: its IAM sections instead.
  const identityCenter = [
    section(
      "aws-instance",
      "AWS IAM Identity Center",
      aws ? { instance: aws.instance, identitySource: aws.identitySource } : null,
      "IAM Identity Center was not enabled.",
    ),
    section("aws-permission-sets", "Permission sets and their policies", aws?.permissionSets, "No permission sets."),
    section(
      "aws-assignments",
      "Account assignments",
      aws ? Object.fromEntries(Object.keys(aws.assignments).map((k) => [k, "assigned"])) : null,
      "No account assignments.",
    ),
    section(
      "aws-groups",
      "AWS groups and their members",
      aws ? Object.fromEntries(Object.entries(aws.groups).map(([name, g]) => [name, `${membersLine(g)} · made by ${g.managedBy}`])) : null,
      "No groups.",
    ),
  ];
  return [
    ...entra,
    ...(configuration.legacy ? legacySections(configuration.legacy) : identityCenter),
    ...(configuration.entra.assignedGroups
      ? [
          section(
            "entra-assigned-groups",
            "Entra groups assigned to the app, and their members",
            Object.fromEntries(Object.entries(configuration.entra.assignedGroups).map(([name, g]) => [name, membersLine(g)])),
            "No groups are assigned to the app.",
          ),
        ]
      : []),
  ];
}

/** The legacy mode's IAM side, one section per account, and the app's roles (a key's age counted to today). */
function legacySections(legacy: LegacyConfig, now = new Date()): ConfigurationSection[] {
  const days = (iso: string | null) => (iso ? `${Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000)} days old today` : "age unknown");
  const accounts = Object.entries(legacy.accounts).map(([accountId, a]): ConfigurationSection => {
    const rows: [string, string][] = [["reached through", a.reachedThrough ?? "the portal's own credentials"]];
    if (a.samlProvider) {
      rows.push(["SAML provider", a.samlProvider.providerArn], ["SAML provider valid until", a.samlProvider.validUntil ?? "—"]);
      for (const [thumbprint, c] of Object.entries(a.samlProvider.certificates)) rows.push([`SAML provider certificate ${thumbprint}`, `expires ${c.notAfter ?? "—"}`]);
    } else rows.push(["SAML provider", "none"]);
    for (const [name, r] of Object.entries(a.roles))
      rows.push(
        [`role ${name}`, r.roleArn],
        [`role ${name} trust`, `${r.trust.trustsProvider ? "trusts" : "does not trust"} the provider; SAML providers ${r.trust.samlProviders.join(", ") || "none"}; SAML:aud ${r.trust.audiences.join(", ") || "—"}`],
        [`role ${name} managed policies`, r.managedPolicyArns.join(", ") || "—"],
        [`role ${name} maximum session`, r.maxSessionDuration === null ? "—" : `${r.maxSessionDuration} s`],
        [`role ${name} permissions boundary`, r.permissionsBoundaryArn ?? "—"],
      );
    if (a.roleManager)
      for (const [keyId, k] of Object.entries(a.roleManager.keys)) rows.push([`role manager ${a.roleManager.userName} key ${keyId}`, `${k.status}, created ${k.createdAt ?? "—"} (${days(k.createdAt)})`]);
    return { id: `legacy-account-${accountId}`, title: `IAM in account ${accountId} (legacy per-account mode)`, rows, empty: null };
  });
  const roles = Object.entries(legacy.appRoles).map(([value, r]): [string, string] => [r.displayName || value, `${value}${r.enabled ? "" : " (disabled)"}`]);
  return [...accounts, { id: "legacy-app-roles", title: "The app's roles (imported from IAM)", rows: roles, empty: roles.length ? null : "No roles imported yet." }];
}

/** "3 members: ann, bob, cy"; past the list limit, the count and the members' content hash. */
function membersLine(group: { memberCount: number; members?: Record<string, true> | null; membersHash?: string }): string {
  const count = `${group.memberCount} member${group.memberCount === 1 ? "" : "s"}`;
  if (group.members) return group.memberCount ? `${count}: ${Object.keys(group.members).join(", ")}` : count;
  if (group.members === null) return `${count} (too many to list; members' SHA-256 ${group.membersHash?.slice(0, 12) ?? "?"}…)`;
  return count; // recorded before memberships were kept
}
