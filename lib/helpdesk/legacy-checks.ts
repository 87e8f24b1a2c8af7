import { LEGACY_WORDS, parseRoleValue, type RoleValue } from "../sign-in/legacy-outcome";
import { joinSignIns } from "../sign-in/outcome";
import { check, entraUserCheck, lastSignInCheck, names, notChecked, unreachable } from "./checks";
import { stepRef } from "../setup/step-ref";
import type { StepId } from "../setup/steps";
import type { Check, HeldRole, LegacyFindings } from "./types";

/**
 * The legacy per-account chain (Microsoft's "AWS Single-Account Access" tutorial): Entra puts the user's app role
 * values in the Role claim, AWS's https://signin.aws.amazon.com/saml checks the response's signature against the IAM
 * SAML provider's certificate and calls STS AssumeRoleWithSAML for the role the user picks
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-saml.html). A pure function of
 * what the legacy plan learned; each line names the setup step that fixes it.
 */

/** AWS's sign-in endpoint: the SAML:aud a legacy role's trust policy must accept. */
const AWS_SAML_AUDIENCE = "https://signin.aws.amazon.com/saml";
const legacyStep = (id: StepId) => stepRef(id, "legacy-iam");
const short = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const roleLabel = (arn: string) => `${short(arn)} in account ${arn.split(":")[4] ?? "?"}`;
const viaText = (r: HeldRole) => (r.via ? `through the group “${r.via.displayName ?? r.via.id}”` : "directly");
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "unknown");

/** The roles that carry an AWS role, i.e. anything but the gallery app's default msiam_access / default access. */
const awsRolesOf = (roles: HeldRole[]) => roles.filter((r) => r.value !== null && r.value !== "msiam_access");

function assignmentCheck(findings: LegacyFindings): Check {
  const a = findings.assignment;
  if (!a) return notChecked("legacy-assignment", "Not checked: the user was not found in Entra.");
  if (!a.ok) return unreachable("legacy-assignment", a.problem);
  const { path, nestedVia, roles } = a.value;
  if (path === "nested-only")
    return check("legacy-assignment", "fail", [`Only a member of ${names(nestedVia)} through a nested group.`], {
      cause: `The user reaches the assigned group ${names(nestedVia)} only through a group nested inside it. Entra puts only roles assigned directly or through groups the user is a direct member of in the Role claim, so Entra refuses the sign-in (AADSTS50105).`,
      remedy: `An admin adds the user directly to ${names(nestedVia)}, or assigns the user with a role in Setup ${legacyStep("role-assignments")}.`,
      remedyBy: "admin",
    });
  if (path === "none")
    return check("legacy-assignment", "fail", ["Not assigned to the AWS app, neither directly nor through any group."], {
      cause: "The user is not assigned to the AWS Single-Account Access app in Entra, so Entra refuses the sign-in (AADSTS50105) and no role reaches AWS.",
      remedy: `An admin assigns the user (or a group they are a direct member of) with an imported role in Setup ${legacyStep("role-assignments")}.`,
      remedyBy: "admin",
    });
  const evidence = roles.map((r) => `${r.value === null ? "Default access (no role)" : `Role “${r.displayName ?? r.value}”`} ${viaText(r)}.`);
  if (!awsRolesOf(roles).length)
    return check("legacy-assignment", "fail", evidence.length ? evidence : ["Assigned, but with no role."], {
      cause: "The user is assigned to the app without an AWS role (default access or msiam_access only), so Entra's SAML response carries no Role and AWS shows “Your request included an invalid SAML response”.",
      remedy: `An admin assigns them (or a group they are a direct member of) with an imported role in Setup ${legacyStep("role-assignments")}.`,
      remedyBy: "admin",
    });
  return check("legacy-assignment", "pass", evidence);
}

/** The role values the user holds that carry an AWS role, each read as AWS reads it. */
function parsedRoles(findings: LegacyFindings): RoleValue[] {
  const a = findings.assignment;
  if (!a?.ok) return [];
  return [...new Set(awsRolesOf(a.value.roles).map((r) => r.value ?? ""))].map(parseRoleValue);
}

function roleValueCheck(findings: LegacyFindings, parsed: RoleValue[]): Check {
  const a = findings.assignment;
  if (!a?.ok || !parsed.length) return notChecked("role-value", "Not checked: the user holds no AWS role on the app.");
  const evidence = parsed.map((p) => (p.ok ? `${p.value} — role ${roleLabel(p.roleArn)}, provider ${short(p.providerArn)}.` : `${p.value} — not usable: ${p.problem}.`));
  const bad = parsed.filter((p) => !p.ok);
  if (!bad.length) return check("role-value", "pass", evidence);
  const fix = {
    remedy: `An admin re-runs Setup ${legacyStep("role-import")} so the app's roles are written by the import as "roleArn,providerArn" again (or corrects the value in the app's manifest, App roles), then assigns the user with a role it lists (${legacyStep("role-assignments")}).`,
    remedyBy: "admin" as const,
  };
  if (bad.length === parsed.length)
    return check("role-value", "fail", evidence, {
      cause: `None of the user's role values is an AWS role and provider pair in one account, so AWS refuses the SAML response (“Your request included an invalid SAML response”).`,
      ...fix,
    });
  return check("role-value", "warn", evidence, { cause: `${bad.length} of the user's ${parsed.length} role values cannot be used by AWS; the others can.`, ...fix });
}

function roleTrustCheck(findings: LegacyFindings, parsed: RoleValue[]): Check {
  const usable = parsed.filter((p): p is Extract<RoleValue, { ok: true }> => p.ok);
  if (!usable.length) return notChecked("role-trust", "Not checked: no well-formed role value.");
  const r = findings.roles;
  if (!r) return notChecked("role-trust", "Not checked.");
  if (!r.ok) return unreachable("role-trust", r.problem);
  const evidence: string[] = [];
  const broken: { label: string; cause: string; fix: string }[] = [];
  let unknown = 0;
  const duration = findings.facts.sessionDuration;
  for (const p of usable) {
    const label = roleLabel(p.roleArn);
    const found = r.value[p.value];
    const recorded = findings.facts.accounts.find((a) => a.accountId === p.accountId);
    if (!found || found.state === "unreachable-account") {
      unknown++;
      evidence.push(`${label}: account ${p.accountId} is not one this federation set up, so the portal cannot read the role there.`);
      continue;
    }
    if (found.state === "missing") {
      evidence.push(`${label}: no such role in IAM.`);
      broken.push({ label, cause: `the role ${label} does not exist in IAM (deleted or renamed after the import)`, fix: `${legacyStep("iam-roles")} then ${legacyStep("role-import")}` });
      continue;
    }
    const { trust } = found;
    const facts = [
      trust.trusts ? `trusts ${short(p.providerArn)} for sts:AssumeRoleWithSAML` : `does NOT trust ${short(p.providerArn)} (trusted SAML providers: ${trust.providerArns.map(short).join(", ") || "none"})`,
      trust.audiences.length ? `SAML:aud ${trust.audiences.join(", ")}` : "no SAML:aud condition",
      `maximum session ${found.maxSessionDuration ?? "?"} s`,
    ];
    evidence.push(`${label}: ${facts.join("; ")}.`);
    if (recorded?.providerArn && recorded.providerArn !== p.providerArn)
      broken.push({ label, cause: `the role value names the provider ${p.providerArn}, but this app's provider in account ${p.accountId} is ${recorded.providerArn}`, fix: `${legacyStep("role-import")} then ${legacyStep("role-assignments")}` });
    else if (!trust.readable) broken.push({ label, cause: `IAM returned a trust policy for ${label} the portal cannot read`, fix: legacyStep("iam-roles") });
    else if (!trust.trusts)
      broken.push({ label, cause: `the role ${label} does not trust the SAML provider ${short(p.providerArn)}, so STS refuses AssumeRoleWithSAML (“Not authorized to perform sts:AssumeRoleWithSAML”)`, fix: `${legacyStep("iam-roles")} (writes the trust policy)` });
    else if (trust.audiences.length && !trust.audiences.includes(AWS_SAML_AUDIENCE))
      broken.push({ label, cause: `the role ${label} accepts SAML:aud ${trust.audiences.join(", ")}, not ${AWS_SAML_AUDIENCE}, so STS refuses the console's sign-in`, fix: `${legacyStep("iam-roles")} (writes the trust policy)` });
    else if (duration !== null && found.maxSessionDuration !== null && duration > found.maxSessionDuration)
      broken.push({ label, cause: `the app asks for ${duration} s sessions (SessionDuration claim) but the role allows at most ${found.maxSessionDuration} s, so STS refuses`, fix: `${legacyStep("legacy-saml")} (lower SessionDuration) or raise the role's maximum session duration in IAM` });
  }
  if (broken.length) {
    const cause = `${broken.map((b) => b.cause).join("; ")}.`;
    const remedy = `An admin re-runs Setup ${[...new Set(broken.map((b) => b.fix))].join("; ")}.`;
    if (broken.length + unknown === usable.length) return check("role-trust", "fail", evidence, { cause: `Signing in fails: ${cause}`, remedy, remedyBy: "admin" });
    return check("role-trust", "warn", evidence, { cause: `Signing in with ${broken.map((b) => b.label).join(", ")} fails (the other roles work): ${cause}`, remedy, remedyBy: "admin" });
  }
  if (unknown)
    return check("role-trust", "warn", evidence, {
      cause: "A role is in an account the portal does not reach, so whether it trusts the provider is not confirmed.",
      remedy: `An admin adds the account in Setup ${legacyStep("iam-saml-provider")}, or removes the role from the user.`,
      remedyBy: "admin",
    });
  return check("role-trust", "pass", evidence);
}

function certificateCheck(findings: LegacyFindings, parsed: RoleValue[]): Check {
  const s = findings.signing;
  const p = findings.providers;
  if (!s || !p) return notChecked("provider-certificate", "Not checked.");
  if (!s.ok) return unreachable("provider-certificate", s.problem);
  if (!p.ok) return unreachable("provider-certificate", p.problem);
  const active = s.value.thumbprint?.toUpperCase() ?? null;
  const evidence = [active ? `The app's active signing certificate: ${active} (expires ${day(s.value.notAfter)}).` : "The app has no active signing certificate."];
  if (!active)
    return check("provider-certificate", "fail", evidence, {
      cause: "Entra has no active signing certificate for the app, so it cannot sign the SAML response.",
      remedy: `An admin runs Setup ${legacyStep("legacy-certificate")}, then ${legacyStep("iam-saml-provider")}.`,
      remedyBy: "admin",
    });
  // The accounts of the user's roles; every account the federation set up when the user holds none.
  const wanted = new Set(parsed.flatMap((r) => (r.ok ? [r.accountId] : [])));
  const providers = p.value.filter((x) => !wanted.size || wanted.has(x.accountId));
  const mismatched: string[] = [];
  for (const x of providers) {
    if (!x.certificates) {
      evidence.push(`Account ${x.accountId}: no SAML provider ${short(x.providerArn)} in IAM.`);
      mismatched.push(x.accountId);
      continue;
    }
    const matches = x.certificates.some((c) => c.thumbprint === active);
    evidence.push(
      `Account ${x.accountId}, provider ${short(x.providerArn)}: ${x.certificates.map((c) => `${c.thumbprint} (expires ${day(c.notAfter)})`).join(", ") || "no certificate"} — ${matches ? "matches" : "does NOT match"}.`,
    );
    if (!matches) mismatched.push(x.accountId);
  }
  if (!providers.length) return notChecked("provider-certificate", "Not checked: no IAM SAML provider is recorded for the accounts of the user's roles.");
  if (mismatched.length)
    return check("provider-certificate", "fail", evidence, {
      cause: `The IAM SAML provider in account ${mismatched.join(", ")} holds another certificate than the app's active signing certificate (typically after a certificate rollover in Entra), so AWS rejects the response's signature.`,
      remedy: `An admin re-runs Setup ${legacyStep("iam-saml-provider")}, which uploads Entra's current federation metadata to the provider in each account.`,
      remedyBy: "admin",
    });
  return check("provider-certificate", "pass", evidence);
}

/** The legacy chain for a found user. */
export function buildLegacyChecks(findings: LegacyFindings): Check[] {
  const parsed = parsedRoles(findings);
  const s = findings.signIns;
  const attempts = s ? joinSignIns(s.entra?.ok ? s.entra.value : [], s.aws?.ok ? s.aws.value : [], { userName: findings.user.userPrincipalName }, new Date(s.now), LEGACY_WORDS) : [];
  return [
    entraUserCheck(findings.user),
    assignmentCheck(findings),
    roleValueCheck(findings, parsed),
    roleTrustCheck(findings, parsed),
    certificateCheck(findings, parsed),
    lastSignInCheck(s, attempts),
  ];
}

/** The sentence on top for a legacy federation: the first red line, then amber, else where to sign in. */
export function legacyHeadlineOf(checks: Check[], findings: LegacyFindings): { tone: "good" | "warn" | "bad"; text: string } {
  const red = checks.find((c) => c.status === "fail");
  if (red) return { tone: "bad", text: `Cannot sign in to AWS: “${red.title}” fails — ${red.cause ?? "see below"}` };
  const amber = checks.find((c) => c.status === "warn" || (c.status === "skip" && c.id !== "last-sign-in"));
  if (amber) return { tone: "warn", text: `Something to check before the user signs in: “${amber.title}”.` };
  const roles = parsedRoles(findings).flatMap((r) => (r.ok ? [roleLabel(r.roleArn)] : []));
  return { tone: "good", text: `Ready: the user can sign in to AWS from My Apps (${findings.facts.launchUrl}) in ${roles.join(", ")}.` };
}
