import { describe, expect, it } from "vitest";
import type { DirectoryUser } from "../entra/types";
import { buildLegacyChecks, legacyHeadlineOf } from "./legacy-checks";
import type { LegacyFindings } from "./types";

const ACCOUNT = "111122223333";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/EntraID`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/entra-saml/${name}`;
const value = (name: string) => `${role(name)},${PROVIDER}`;
const user = { id: "u1", userPrincipalName: "jane@contoso.example", displayName: "Jane", accountEnabled: true, userType: "Member", mail: null, givenName: "Jane", surname: "Doe", proxyAddresses: [] } as unknown as DirectoryUser;
const trust = (trusts: boolean) => ({ readable: true, trusts, providerArns: trusts ? [PROVIDER] : [], audiences: trusts ? ["https://signin.aws.amazon.com/saml"] : [] });

function findings(over: Partial<LegacyFindings> = {}): LegacyFindings {
  return {
    query: user.userPrincipalName,
    facts: { servicePrincipalId: "sp", accounts: [{ accountId: ACCOUNT, providerArn: PROVIDER }], sessionDuration: 3600, launchUrl: "https://launch" },
    user,
    assignment: { ok: true, value: { path: "direct", viaGroups: [], nestedVia: [], roles: [{ appRoleId: "r1", value: value("ReadOnly"), displayName: "ReadOnly", via: null }] } },
    signing: { ok: true, value: { thumbprint: "AA", notAfter: "2030-01-01T00:00:00Z" } },
    roles: { ok: true, value: { [value("ReadOnly")]: { state: "found", roleArn: role("ReadOnly"), maxSessionDuration: 3600, trust: trust(true) } } },
    providers: { ok: true, value: [{ accountId: ACCOUNT, providerArn: PROVIDER, certificates: [{ thumbprint: "AA", notAfter: "2030-01-01T00:00:00.000Z" }], validUntil: null }] },
    signIns: { entra: { ok: true, value: [] }, aws: { ok: true, value: [] }, now: "2026-11-30T12:00:00Z" },
    ...over,
  };
}
const statusOf = (f: LegacyFindings) => Object.fromEntries(buildLegacyChecks(f).map((c) => [c.id, c.status]));

describe("the legacy helpdesk chain", () => {
  it("is green for a user with a working role, and the headline says where to sign in", () => {
    const f = findings();
    const checks = buildLegacyChecks(f);
    expect(statusOf(f)).toEqual({ "entra-user": "pass", "legacy-assignment": "pass", "role-value": "pass", "role-trust": "pass", "provider-certificate": "pass", "last-sign-in": "skip" });
    expect(legacyHeadlineOf(checks, f)).toEqual({ tone: "good", text: `Ready: the user can sign in to AWS from My Apps (https://launch) in ReadOnly in account ${ACCOUNT}.` });
  });

  it("a user assigned with msiam_access only has no AWS role", () => {
    const f = findings({ assignment: { ok: true, value: { path: "group", viaGroups: [], nestedVia: [], roles: [{ appRoleId: "d", value: "msiam_access", displayName: "msiam_access", via: { id: "g", displayName: "Staff" } }] } } });
    const line = buildLegacyChecks(f).find((c) => c.id === "legacy-assignment");
    expect(line).toMatchObject({ status: "fail", evidence: ["Role “msiam_access” through the group “Staff”."], cause: expect.stringMatching(/without an AWS role/) });
    expect(statusOf(f)["role-value"]).toBe("skip");
  });

  it("one broken role among two is amber, naming it; a session longer than the role allows is red", () => {
    const two = findings({
      assignment: { ok: true, value: { path: "direct", viaGroups: [], nestedVia: [], roles: ["ReadOnly", "Admin"].map((n) => ({ appRoleId: n, value: value(n), displayName: n, via: null })) } },
      roles: {
        ok: true,
        value: {
          [value("ReadOnly")]: { state: "found", roleArn: role("ReadOnly"), maxSessionDuration: 3600, trust: trust(true) },
          [value("Admin")]: { state: "missing", roleArn: role("Admin") },
        },
      },
    });
    expect(buildLegacyChecks(two).find((c) => c.id === "role-trust")).toMatchObject({ status: "warn", cause: expect.stringMatching(/^Signing in with Admin in account 111122223333 fails \(the other roles work\): the role .* does not exist in IAM/) });
    const long = findings({ facts: { ...findings().facts, sessionDuration: 7200 } });
    expect(buildLegacyChecks(long).find((c) => c.id === "role-trust")).toMatchObject({ status: "fail", cause: expect.stringMatching(/asks for 7200 s sessions .* at most 3600 s/) });
  });

  it("a provider missing from IAM or holding another certificate is red; AWS unreachable is unknown, not red", () => {
    const gone = findings({ providers: { ok: true, value: [{ accountId: ACCOUNT, providerArn: PROVIDER, certificates: null, validUntil: null }] } });
    expect(buildLegacyChecks(gone).find((c) => c.id === "provider-certificate")).toMatchObject({ status: "fail", evidence: expect.arrayContaining([`Account ${ACCOUNT}: no SAML provider EntraID in IAM.`]) });
    const down = findings({ providers: { ok: false, problem: { source: "aws", kind: "unavailable", message: "AWS is unavailable." } }, roles: { ok: false, problem: { source: "aws", kind: "unavailable", message: "AWS is unavailable." } } });
    expect(statusOf(down)).toMatchObject({ "role-trust": "skip", "provider-certificate": "skip" });
    expect(legacyHeadlineOf(buildLegacyChecks(down), down).tone).toBe("warn");
  });
});
