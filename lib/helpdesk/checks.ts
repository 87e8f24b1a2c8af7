import { lintUser } from "../entra/lint-in-scope-users";
import type { DirectoryUser } from "../entra/types";
import { cycleCadence, describeJobHealth, explainQuarantine } from "../provisioning/job-state";
import { attemptEvidence, joinSignIns, type SignInAttempt } from "../sign-in/outcome";
import { translateProvisioningError } from "./translate";
import type { Check, CheckId, Findings, Problem, Result, SignInFindings } from "./types";

const TITLES: Record<CheckId, string> = {
  "entra-user": "Exists in Entra and enabled",
  attributes: "Required attributes present",
  euid: "UPN is the AWS user name",
  assignment: "Assigned to the AWS app",
  scope: "In provisioning scope",
  "last-log": "Last provisioning result",
  job: "Provisioning job running",
  "aws-user": "Exists in the AWS Identity Store",
  "aws-groups": "AWS group memberships",
  "aws-access": "Account assignments and permission sets",
  "last-sign-in": "Last sign-in",
  portal: "Access portal",
  "legacy-assignment": "Assigned to the AWS app with a role",
  "role-value": "Role value well-formed",
  "role-trust": "Role exists in IAM and trusts the provider",
  "provider-certificate": "Provider certificate matches the app's",
};

export const check = (id: CheckId, status: Check["status"], evidence: string[], more: Partial<Check> = {}): Check => ({ id, status, title: TITLES[id], evidence, ...more });
export const notChecked = (id: CheckId, why: string): Check => check(id, "skip", [why]);
export const unreachable = (id: CheckId, problem: Problem): Check =>
  check(id, "skip", [`Could not check: ${problem.message}${problem.requestId ? ` (request id ${problem.requestId})` : ""}`], {
    cause: problem.source === "aws" ? "AWS did not answer, so this line is unknown, not failed." : "Microsoft Entra did not answer, so this line is unknown, not failed.",
    remedy: "Open the diagnosis again in a few minutes; it re-runs live.",
    remedyBy: "helpdesk",
  });
/** "about every 40 minutes" from the job's own schedule, or wording without a number when the job was not read. */
const cadenceOf = (findings: Findings) => cycleCadence(findings.job?.ok ? findings.job.value.job.schedule.interval : null);
export const names = (groups: { displayName: string | null; id: string }[]) => groups.map((g) => `“${g.displayName ?? g.id}”`).join(", ");
const isGuest = (user: DirectoryUser) => user.userType === "Guest" || user.userPrincipalName.includes("#EXT#");

export function entraUserCheck(user: DirectoryUser): Check {
  const evidence = [`Found ${user.displayName ?? user.userPrincipalName} (${user.userPrincipalName}), object id ${user.id}.`, `Account enabled: ${user.accountEnabled === false ? "no" : "yes"}. Type: ${user.userType ?? "unknown"}.`];
  if (user.accountEnabled === false)
    return check("entra-user", "fail", evidence, {
      cause: "The account is disabled in Entra. Provisioning does not create disabled users in AWS (and disables them there if they exist), and they cannot sign in.",
      remedy: "If the person should have access, an Entra user administrator enables the account (Entra admin center → Users → the user → Edit properties → Account enabled), then provisions the user on demand here.",
      remedyBy: "admin",
    });
  if (isGuest(user))
    return check("entra-user", "warn", evidence, {
      cause: "This is a guest account (invited from another organization). Guests are provisioned with their guest UPN, which contains #EXT#.",
      remedy: "See the user name line below.",
      remedyBy: "admin",
    });
  return check("entra-user", "pass", evidence);
}

function attributesCheck(user: DirectoryUser): Check {
  const issues = lintUser(user, "direct").filter((i) => ["missing-given-name", "missing-surname", "missing-display-name", "several-emails"].includes(i.code));
  const evidence = [
    `Given name: ${user.givenName?.trim() || "(empty)"}. Family name: ${user.surname?.trim() || "(empty)"}. Display name: ${user.displayName?.trim() || "(empty)"}.`,
    `E-mail: ${user.mail ?? "(none)"}${user.proxyAddresses.length > 1 ? `; ${user.proxyAddresses.length} proxy addresses` : ""}.`,
  ];
  const errors = issues.filter((i) => i.severity === "error");
  if (errors.length) {
    const missing = errors.map((i) => (i.code === "missing-given-name" ? "first name (given name)" : i.code === "missing-surname" ? "last name (family name)" : "display name"));
    return check("attributes", "fail", evidence, {
      cause: `The user has no ${missing.join(" and no ")}. AWS IAM Identity Center refuses users without a first name, last name and display name, so Entra cannot create them.`,
      remedy: `An Entra user administrator fills in the ${missing.join(" and ")} (Entra admin center → Users → the user → Edit properties), then provisions the user on demand here.`,
      remedyBy: "admin",
    });
  }
  const several = issues.find((i) => i.code === "several-emails");
  if (several)
    return check("attributes", "warn", [...evidence, several.message], {
      cause: "The user has several e-mail addresses. IAM Identity Center accepts only one; if the mapping sends more, AWS rejects the user.",
      remedy: "An admin makes sure the attribute mapping sends a single work e-mail (the default mapping does); if provisioning fails with a bad request, remove the extra addresses.",
      remedyBy: "admin",
    });
  return check("attributes", "pass", evidence);
}

function euidCheck(user: DirectoryUser): Check {
  const upn = user.userPrincipalName;
  const evidence = [`AWS user name (userName) will be the UPN: ${upn}.`, `Mail: ${user.mail ?? "(none)"}.`];
  if (isGuest(user))
    return check("euid", "fail", evidence, {
      cause: `A guest's UPN (${upn}) becomes the AWS user name. AWS finds users only by user name, and nobody types a #EXT# name to sign in, so this guest cannot sign in to AWS as expected.`,
      remedy: "An admin creates a member account for the person (or converts the guest to a member with a normal UPN) and assigns that account instead.",
      remedyBy: "admin",
    });
  if (user.mail && user.mail.toLowerCase() !== upn.toLowerCase())
    return check("euid", "warn", evidence, {
      cause: `The UPN (${upn}) differs from the e-mail address (${user.mail}). AWS knows the user only as ${upn}; signing in with the e-mail address finds nobody.`,
      remedy: `Tell the user to sign in to AWS with ${upn}, not their e-mail address. If the e-mail is what they must use, an Entra admin changes the UPN to match it.`,
      remedyBy: "user",
    });
  return check("euid", "pass", evidence);
}

function assignmentCheck(findings: Findings): Check {
  const a = findings.assignment;
  if (!a) return notChecked("assignment", "Not checked: the user was not found in Entra.");
  if (!a.ok) return unreachable("assignment", a.problem);
  const { path, viaGroups, nestedVia } = a.value;
  if (path === "direct") return check("assignment", "pass", [`Assigned to the AWS app directly${viaGroups.length ? `, and through ${names(viaGroups)}` : ""}.`]);
  if (path === "group") return check("assignment", "pass", [`Assigned through the group${viaGroups.length > 1 ? "s" : ""} ${names(viaGroups)}, of which the user is a direct member.`]);
  if (path === "nested-only")
    return check("assignment", "fail", [`Only a member of ${names(nestedVia)} through a nested group.`], {
      cause: `The user reaches the assigned group ${names(nestedVia)} only through a group nested inside it. Entra provisioning ignores nested membership, so the user is not assigned in any sense that counts.`,
      remedy: `An Entra admin adds the user directly to ${names(nestedVia)} (or assigns their own group to the AWS app in Enterprise applications → AWS IAM Identity Center → Users and groups), then provisions on demand.`,
      remedyBy: "admin",
    });
  return check("assignment", "fail", ["Not assigned to the AWS app, neither directly nor through any group."], {
    cause: "The user is not assigned to the AWS IAM Identity Center app in Entra, so provisioning never sends them to AWS.",
    remedy: "An Entra admin adds the user to one of the groups assigned to the app (or assigns the user in Enterprise applications → AWS IAM Identity Center → Users and groups), then provisions on demand.",
    remedyBy: "admin",
  });
}

function scopeCheck(findings: Findings, user: DirectoryUser): Check {
  const a = findings.assignment;
  if (!a) return notChecked("scope", "Not checked: the user was not found in Entra.");
  if (!a.ok) return unreachable("scope", a.problem);
  const evidence = ["Provisioning scope: users and groups assigned to the app (nested members excluded)."];
  const log = findings.lastLog?.ok ? findings.lastLog.value.entry : null;
  if (log?.scoping) evidence.push(`Last provisioning log: ${log.scoping}`);
  if (!a.value.path || a.value.path === "none" || a.value.path === "nested-only")
    return check("scope", "fail", evidence, {
      cause: "Out of scope because the user is not assigned (see the line above): provisioning only considers assigned users.",
      remedy: "Fix the assignment above; the user is in scope from the next cycle, or at once with provision on demand.",
      remedyBy: "admin",
    });
  if (user.accountEnabled === false)
    return check("scope", "warn", evidence, { cause: "Assigned, but disabled accounts are skipped by provisioning.", remedy: "Enable the account (see the first line).", remedyBy: "admin" });
  if (log && /no longer in scope/i.test(log.scoping ?? ""))
    return check("scope", "warn", evidence, {
      cause: "The last provisioning cycle saw the user out of scope; the assignment may have changed since.",
      remedy: "Provision on demand to evaluate the user again now.",
      remedyBy: "admin",
    });
  return check("scope", "pass", [...evidence, "The user is assigned, so they are in scope."]);
}

function lastLogCheck(findings: Findings, inScope: boolean): Check {
  const l = findings.lastLog;
  if (!l) return notChecked("last-log", "Not checked: the user was not found in Entra.");
  if (!l.ok) return unreachable("last-log", l.problem);
  const entry = l.value.entry;
  const from = l.value.source === "stored" ? "copied from Entra by the status poller" : "read live from Entra";
  if (!entry)
    return check("last-log", inScope ? "warn" : "skip", [`No provisioning log entry for this user (${from}).`], inScope
      ? {
          cause: `Provisioning has not processed this user yet (cycles run ${cadenceOf(findings)}), or the entries have aged out of the log.`,
          remedy: "Provision the user on demand to process them now, or wait for the next cycle.",
          remedyBy: "admin",
        }
      : {});
  const evidence = [`${new Date(entry.at).toISOString().replace("T", " ").slice(0, 16)} UTC: ${entry.action}, ${entry.status} (${from}).`];
  if (entry.errorCode) evidence.push(`Error code: ${entry.errorCode}.`);
  if (entry.errorReason) evidence.push(`Entra's reason: ${entry.errorReason}`);
  if (entry.status === "success") return check("last-log", "pass", evidence);
  const t = translateProvisioningError(entry.errorCode);
  if (entry.status === "failure") return check("last-log", "fail", evidence, { cause: t.cause, remedy: t.remedy, remedyBy: t.remedyBy });
  if (entry.errorCode === "RedundantExport") return check("last-log", "pass", evidence);
  return check("last-log", "warn", evidence, { cause: t.cause, remedy: t.remedy, remedyBy: t.remedyBy });
}

function jobCheck(findings: Findings): Check {
  const j = findings.job;
  if (!j) return notChecked("job", "Not checked.");
  if (!j.ok) return unreachable("job", j.problem);
  const { job, source, takenAt } = j.value;
  const health = describeJobHealth(job);
  const evidence = [`${health.label}: ${health.summary}`, source === "snapshot" ? `From the status poller's snapshot of ${takenAt.replace("T", " ").slice(0, 16)} UTC.` : "Read live from Entra."];
  if (health.health === "quarantined" && job.status.quarantine) {
    const held = job.status.quarantine.reason === "TooManyDeletes" ? (job.status.lastExecution?.countEscrowed ?? null) : null;
    const why = explainQuarantine(job.status.quarantine, job.status.lastExecution?.error ?? null, { held });
    return check("job", "fail", [...evidence, `Quarantine reason: ${job.status.quarantine.reason}.`], { cause: `${why.title}. ${why.meaning}`, remedy: why.fix, remedyBy: "admin" });
  }
  if (health.health === "quarantined")
    return check("job", "fail", evidence, { cause: "Entra has quarantined the provisioning job: nothing reaches AWS for anyone.", remedy: "An admin opens the Provisioning page for the reason and the fix.", remedyBy: "admin" });
  if (health.health === "paused" || health.health === "disabled")
    return check("job", "fail", evidence, { cause: "Provisioning is not running, so no change reaches AWS.", remedy: "An admin starts provisioning on the Provisioning page (or finishes Setup).", remedyBy: "admin" });
  const last = job.status.lastExecution;
  if (health.health === "warnings" && (last?.state === "Failed" || job.status.countSuccessiveCompleteFailures > 0))
    return check("job", "warn", evidence, {
      cause: "The job runs, but its last cycle failed as a whole; if it keeps failing Entra quarantines it and nothing reaches AWS.",
      remedy: "An admin reviews the Provisioning page.",
      remedyBy: "admin",
    });
  // Entry-level errors are other users' own problems (this user's shows in the log line above): the job itself runs.
  if (health.health === "warnings") return check("job", "pass", [...evidence, "The job itself is running; the failed entries are shown per user."]);
  return check("job", "pass", evidence);
}

function awsUserCheck(findings: Findings, upn: string, blockers: Check[]): Check {
  const u = findings.awsUser;
  if (!u) return notChecked("aws-user", "Not checked.");
  if (!u.ok) return unreachable("aws-user", u.problem);
  const found = u.value.user;
  if (!found) {
    const first = blockers[0];
    return check("aws-user", "fail", [`No user with userName = ${u.value.userNameTried} in the Identity Store.`], first
      ? { cause: `Not provisioned to AWS because of “${first.title}” above.`, remedy: first.remedy ?? "Fix the line above, then provision on demand.", remedyBy: first.remedyBy ?? "admin" }
      : {
          cause: `Everything on the Entra side looks right, but the user has not reached AWS yet: the next provisioning cycle will create them (cycles run ${cadenceOf(findings)}).`,
          remedy: "Provision the user on demand to create them now.",
          remedyBy: "admin",
        });
  }
  const evidence = [`AWS user ${found.userName} (id ${found.userId})${found.displayName ? `, ${found.displayName}` : ""}${found.email ? `, ${found.email}` : ""}.`];
  if (!found.externalIds.length)
    return check("aws-user", "fail", [...evidence, "It has no external id: it was created by hand in the AWS console, not by Entra provisioning."], {
      cause: `A manually created AWS user already holds the user name ${found.userName}. It is not the user Entra provisions; sign-in lands on this hand-made user (with its own, possibly wrong, access) and provisioning cannot own it.`,
      remedy: "An AWS admin reviews the hand-made user's access, deletes it in IAM Identity Center (Users), then provisions this user on demand so Entra creates the real one.",
      remedyBy: "admin",
    });
  evidence.push(`Provisioned by Entra (external id ${found.externalIds[0]?.id ?? ""}).`);
  if (found.userName !== upn)
    return check("aws-user", "warn", evidence, {
      cause: `The AWS user name ${found.userName} differs from the current UPN ${upn}.`,
      remedy: "Provision on demand so Entra updates the user name.",
      remedyBy: "admin",
    });
  if (found.status && found.status.toUpperCase() === "DISABLED")
    return check("aws-user", "fail", [...evidence, "Status: disabled."], { cause: "The AWS user is disabled, usually because the Entra account is disabled or out of scope.", remedy: "Fix the Entra side above; provisioning then enables the user.", remedyBy: "admin" });
  return check("aws-user", "pass", evidence);
}

function awsGroupsCheck(findings: Findings, entraGroups: string[]): Check {
  const g = findings.awsGroups;
  if (!g) return notChecked("aws-groups", "Not checked: the user does not exist in AWS.");
  if (!g.ok) return unreachable("aws-groups", g.problem);
  const groups = g.value.map((x) => x.name ?? x.groupId);
  if (!groups.length)
    return check("aws-groups", "warn", ["The AWS user is in no AWS group."], {
      cause: entraGroups.length
        ? `The user's Entra group ${entraGroups.map((n) => `“${n}”`).join(", ")} has not synced its membership to AWS yet.`
        : "The user is assigned directly, not through a group, so they get only what is assigned to them personally in AWS.",
      remedy: entraGroups.length ? "Wait for the next provisioning cycle, or provision the user on demand here: their group memberships are pushed with them." : "If they need a team's access, an Entra admin adds them to the matching assigned group.",
      remedyBy: "admin",
    });
  const missing = entraGroups.filter((n) => !groups.includes(n));
  if (missing.length)
    return check("aws-groups", "warn", [`Member of ${groups.map((n) => `“${n}”`).join(", ")} in AWS.`], {
      cause: `The Entra group ${missing.map((n) => `“${n}”`).join(", ")} does not show this user in AWS yet.`,
      remedy: "Wait for the next provisioning cycle, or provision the user on demand here: their group memberships are pushed with them.",
      remedyBy: "admin",
    });
  return check("aws-groups", "pass", [`Member of ${groups.map((n) => `“${n}”`).join(", ")} in AWS.`]);
}

/** The Access area's per-user view: what the user reaches, through which group, in which account. */
const effectiveAccessLink = (upn: string) => ({ href: `/access/effective?user=${encodeURIComponent(upn)}`, label: "See this user's effective access (Access area)" });

function awsAccessCheck(findings: Findings, entraGroups: string[], upn: string): Check {
  const more = { link: effectiveAccessLink(upn) };
  const a = findings.awsAccess;
  if (!a) return notChecked("aws-access", "Not checked: the user does not exist in AWS.");
  if (!a.ok) return unreachable("aws-access", a.problem);
  const ps = findings.permissionSets?.ok ? findings.permissionSets.value : {};
  const awsGroups = findings.awsGroups?.ok ? findings.awsGroups.value.map((g) => g.name ?? g.groupId) : [];
  const notSynced = entraGroups.filter((n) => !awsGroups.includes(n));
  if (!a.value.length && notSynced.length)
    return check("aws-access", "fail", ["No account assignment for the user or any of their AWS groups yet."], {
      cause: `Access comes through the group ${notSynced.map((n) => `“${n}”`).join(", ")}, whose membership has not reached AWS yet, so the user sees no accounts.`,
      remedy: `Wait for the next provisioning cycle (cycles run ${cadenceOf(findings)}), or provision the user on demand here: their group memberships are pushed with them.`,
      remedyBy: "admin",
      ...more,
    });
  if (!a.value.length)
    return check("aws-access", "fail", ["No account assignment for the user or any of their AWS groups."], {
      cause: "The user can sign in to the AWS access portal but will see no accounts: no permission set is assigned to them or their groups.",
      remedy: "An admin assigns a permission set in the right account to one of the user's groups (the Access area shows who has what), or adds the user in Entra to a group that has one.",
      remedyBy: "admin",
      ...more,
    });
  const evidence: string[] = [];
  const outdated: string[] = [];
  const missing: string[] = [];
  for (const x of a.value) {
    const state = ps[x.permissionSetArn];
    const name = state?.name || x.permissionSetArn.split("/").pop() || x.permissionSetArn;
    let status = "provisioning status unknown";
    if (state) {
      if (state.outdated.includes(x.accountId)) {
        status = "latest version NOT provisioned";
        outdated.push(`${name} in ${x.accountId}`);
      } else if (state.provisioned.includes(x.accountId)) status = "provisioned";
      else {
        status = "NOT provisioned";
        missing.push(`${name} in ${x.accountId}`);
      }
    }
    evidence.push(`Account ${x.accountId}: ${name} (via ${x.via === "user" ? "direct assignment" : `group “${x.via}”`}) — ${status}.`);
  }
  if (missing.length)
    return check("aws-access", "fail", evidence, {
      cause: `The permission set ${missing.join(", ")} is assigned but not provisioned in that account, so the role the user would assume does not exist there.`,
      remedy: "An AWS admin provisions the permission set to the account (IAM Identity Center → Permission sets → the set → Accounts → Update/Provision).",
      remedyBy: "admin",
      ...more,
    });
  if (outdated.length)
    return check("aws-access", "warn", evidence, {
      cause: `The permission set ${outdated.join(", ")} changed after it was last provisioned: the account still has the old version of its permissions.`,
      remedy: "An AWS admin re-provisions the permission set to its accounts (IAM Identity Center → Permission sets → the set → Update in accounts).",
      remedyBy: "admin",
      ...more,
    });
  return check("aws-access", "pass", evidence, more);
}

/** The user's latest attempts, newest first, from both logs joined by time; empty when neither could be read. */
function attemptsOf(findings: Findings, upn: string): SignInAttempt[] {
  const s = findings.signIns;
  if (!s) return [];
  const aws = findings.awsUser?.ok ? findings.awsUser.value.user : null;
  return joinSignIns(s.entra?.ok ? s.entra.value : [], s.aws?.ok ? s.aws.value : [], { userName: aws?.userName || upn, awsUserId: aws?.userId ?? null }, new Date(s.now));
}

export function lastSignInCheck(s: SignInFindings | undefined, attempts: SignInAttempt[]): Check {
  if (!s) return notChecked("last-sign-in", "Not checked: the user was not found.");
  const unread = [s.entra, s.aws].flatMap((r) => (r && !r.ok ? [r.problem] : []));
  const evidence = [...attempts.slice(0, 3).map(attemptEvidence), ...unread.map((p) => `Could not read ${p.source === "aws" ? "AWS CloudTrail" : "Entra's sign-in log"}: ${p.message}`)];
  const latest = attempts[0];
  if (!latest) {
    if (unread.length)
      return check("last-sign-in", "skip", evidence, {
        cause: "The sign-in evidence could not be read, so whether the user can sign in is inferred from the lines above.",
        remedy: unread.map((p) => p.message).join(" "),
        remedyBy: "admin",
      });
    return check("last-sign-in", "skip", ["No sign-in to the AWS app in the last 7 days, in Entra's sign-in log or AWS CloudTrail."]);
  }
  if (unread.length && latest.status !== "fail")
    evidence.push("One side could not be read: the outcome above may be incomplete.");
  if (latest.status === "pass") return check("last-sign-in", "pass", evidence);
  return check("last-sign-in", latest.status, evidence, { cause: latest.cause, remedy: latest.remedy, remedyBy: latest.remedyBy });
}

function portalCheck(findings: Findings, upn: string, earlier: Check[], attempts: SignInAttempt[]): Check {
  const url = findings.facts.accessPortalUrl;
  const evidence = [`Start URL: ${url}`, `Sign in with: ${upn}`];
  const red = earlier.find((c) => c.status === "fail");
  // Evidence first: what the last attempt came to beats what the lines above suggest.
  const latest = attempts.find((a) => a.status !== "warn");
  if (latest?.status === "pass" && !red)
    return check("portal", "pass", [...evidence, `Signed in to AWS at ${latest.at.replace("T", " ").slice(0, 16)} UTC (Entra's sign-in log and AWS CloudTrail).`]);
  if (latest?.status === "fail")
    return check("portal", "fail", [...evidence, `The last attempt, at ${latest.at.replace("T", " ").slice(0, 16)} UTC, failed.`], { cause: latest.cause, remedy: latest.remedy, remedyBy: latest.remedyBy });
  if (red) return check("portal", "warn", evidence, { cause: `Signing in will not work yet: fix “${red.title}” first.`, remedy: red.remedy, remedyBy: red.remedyBy });
  const unknown = earlier.find((c) => c.status === "skip");
  if (unknown) return check("portal", "warn", evidence, { cause: `“${unknown.title}” could not be checked, so this is not confirmed.`, remedy: "Open the diagnosis again shortly.", remedyBy: "helpdesk" });
  return check("portal", "pass", [...evidence, "Everything above is green: the user should see their accounts after signing in here."]);
}

/** The chain of checks for a found user: a pure function of what the steps learned. */
export function buildChecks(findings: Findings): Check[] {
  if (findings.entra.state !== "found") return [];
  const user = findings.entra.user;
  const upn = user.userPrincipalName;
  const entra = [entraUserCheck(user), attributesCheck(user), euidCheck(user), assignmentCheck(findings), scopeCheck(findings, user)];
  const inScope = findings.assignment?.ok ? findings.assignment.value.path === "direct" || findings.assignment.value.path === "group" : false;
  const provisioning = [lastLogCheck(findings, inScope), jobCheck(findings)];
  const blockers = [...entra, ...provisioning].filter((c) => c.status === "fail");
  const entraGroups = findings.assignment?.ok ? findings.assignment.value.viaGroups.map((g) => g.displayName ?? g.id) : [];
  const aws = [awsUserCheck(findings, upn, blockers), awsGroupsCheck(findings, entraGroups), awsAccessCheck(findings, entraGroups, upn)];
  const all = [...entra, ...provisioning, ...aws];
  const attempts = attemptsOf(findings, upn);
  return [...all, lastSignInCheck(findings.signIns, attempts), portalCheck(findings, upn, all, attempts)];
}

/** The sentence on top: the first red line wins, then amber. */
export function headlineOf(checks: Check[]): { tone: "good" | "warn" | "bad"; text: string } {
  const red = checks.find((c) => c.status === "fail");
  const awsUser = checks.find((c) => c.id === "aws-user");
  const provisioned = awsUser?.status === "pass" || awsUser?.status === "warn";
  if (red) return { tone: "bad", text: `${provisioned ? "Provisioned to AWS, but" : "Not provisioned to AWS:"} “${red.title}” fails — ${red.cause ?? "see below"}` };
  if (awsUser?.status === "skip") return { tone: "warn", text: "No red line on the Entra side, but whether the user is in AWS could not be checked right now." };
  // A sign-in line without evidence (none yet, or the logs cannot be read) is not something to check.
  const amber = checks.find((c) => c.status === "warn" || (c.status === "skip" && c.id !== "last-sign-in"));
  if (amber) return { tone: "warn", text: `Provisioned to AWS, with something to check: “${amber.title}”.` };
  return { tone: "good", text: "Provisioned to AWS and ready: the user can sign in at the access portal." };
}

export const resultOf = <T>(value: T): Result<T> => ({ ok: true, value });
