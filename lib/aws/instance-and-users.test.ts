import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsClients, resolveAwsTarget } from "./clients";
import { isAwsGatewayError } from "./errors";
import { findIdentityCenterInstance } from "./find-identity-center-instance";
import { findUserByUserName } from "./find-user-by-user-name";
import { listAccountAssignmentsForPrincipal } from "./list-account-assignments-for-principal";
import { listGroupMembershipsForMember } from "./list-group-memberships-for-member";
import { preflightAws } from "./preflight-aws";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "./testing";
import { collectRequestIds } from "../request-context";

describe("resolveAwsTarget", () => {
  it("uses the sandbox in sandbox mode whatever the connection says", () => {
    const target = resolveAwsTarget(
      { useSandbox: false, region: "us-east-1", credentialSource: "assume-role", roleArn: "arn:aws:iam::123456789012:role/x" },
      { IB_MODE: "sandbox", SANDBOX_URL: "http://127.0.0.1:4010/" },
    );
    expect(target).toEqual({
      kind: "sandbox",
      sandboxUrl: "http://127.0.0.1:4010",
      region: FIXTURE.region,
      credentials: { accessKeyId: FIXTURE.accessKeyId, secretAccessKey: FIXTURE.secretAccessKey },
    });
    const clients = createAwsClients(target);
    expect(clients.sso.config.endpoint).toBeDefined();
    clients.destroy();
  });

  it("refuses a sandbox connection in live mode and builds live targets", () => {
    const live = { IB_MODE: "live", SANDBOX_URL: "http://127.0.0.1:4010" } as const;
    expect(() => resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, live)).toThrow(/sandbox/);
    expect(() => resolveAwsTarget({ useSandbox: false, credentialSource: "default-chain" }, live)).toThrow(/region/);
    expect(() => resolveAwsTarget({ useSandbox: false, region: "eu-west-1", credentialSource: "assume-role" }, live)).toThrow(/role ARN/);
    expect(resolveAwsTarget({ useSandbox: false, region: "eu-west-1", credentialSource: "default-chain" }, live)).toEqual({
      kind: "live",
      region: "eu-west-1",
      credentials: { source: "default-chain" },
    });
    expect(
      resolveAwsTarget({ useSandbox: false, region: "eu-west-1", credentialSource: "assume-role", roleArn: "arn:aws:iam::1:role/r", externalId: "ext" }, live),
    ).toEqual({ kind: "live", region: "eu-west-1", credentials: { source: "assume-role", roleArn: "arn:aws:iam::1:role/r", externalId: "ext" } });
    try {
      resolveAwsTarget({ useSandbox: true, credentialSource: "default-chain" }, live);
    } catch (error) {
      expect(isAwsGatewayError(error, "validation")).toBe(true);
    }
  });
});

describe("instance, preflight and users", () => {
  let s: GatewaySandbox;
  beforeAll(async () => {
    s = await startGatewaySandbox({ enable: false });
  });
  afterAll(() => s.close());

  it("reports a not-enabled instance, then finds it once enabled", async () => {
    const { result: before, requestIds: beforeIds } = await collectRequestIds(() => findIdentityCenterInstance(s.clients));
    expect(before.enabled).toBe(false);
    expect(beforeIds.length).toBe(1);

    const preflight = await preflightAws(s.clients);
    expect(preflight.checks.find((c) => c.permission === "sso:ListPermissionSets")?.outcome).toBe("skipped");

    await s.sandbox.admin("POST", "/instance/enable");
    const after = await findIdentityCenterInstance(s.clients);
    expect(after).toMatchObject({ enabled: true, instance: { instanceArn: FIXTURE.instanceArn, identityStoreId: FIXTURE.identityStoreId, status: "ACTIVE" } });
  });

  it("preflights every permission with the sandbox credentials", async () => {
    const { result, requestIds: resultIds } = await collectRequestIds(() => preflightAws(s.clients));
    expect(result.caller?.account).toBe(FIXTURE.managementAccountId);
    expect(result.checks.map((c) => [c.permission, c.ok])).toEqual([
      ["sts:GetCallerIdentity", true],
      ["sso:ListInstances", true],
      ["sso:ListPermissionSets", true],
      ["identitystore:ListUsers", true],
      ["organizations:ListAccounts", true],
      ["cloudtrail:LookupEvents", true],
    ]);
    expect(result.checks.find((c) => c.permission === "cloudtrail:LookupEvents")?.degrades).toMatch(/Test sign-in/);
    expect(resultIds.length).toBe(6);
  });

  it("preflight with an unknown access key says the credentials are refused", async () => {
    const result = await preflightAws(s.clientsWith({ accessKeyId: "AKIAUNKNOWNKEY000000" }));
    expect(result.caller).toBeNull();
    expect(result.checks).toEqual([expect.objectContaining({ permission: "sts:GetCallerIdentity", ok: false, outcome: "denied" })]);
  });

  it("finds a console-made user by userName, with groups and assignments; unknown → null", async () => {
    const { result: found, requestIds: foundIds } = await collectRequestIds(() => findUserByUserName(s.clients, FIXTURE.identityStoreId, "breakglass.admin"));
    expect(found.user).toMatchObject({ userName: "breakglass.admin", givenName: "Break", familyName: "Glass", email: "breakglass@contoso-sandbox.example" });
    expect(foundIds.length).toBe(2);

    const { result: missing, requestIds: missingIds } = await collectRequestIds(() =>
      findUserByUserName(s.clients, FIXTURE.identityStoreId, "nobody@contoso-sandbox.example"),
    );
    expect(missing.user).toBeNull();
    expect(missingIds.length).toBe(1);

    const userId = found.user?.userId ?? "";
    const memberships = await listGroupMembershipsForMember(s.clients, FIXTURE.identityStoreId, userId);
    for (const m of memberships.memberships) expect(m.groupName).toEqual(expect.any(String));

    const assignments = await listAccountAssignmentsForPrincipal(s.clients, FIXTURE.instanceArn, { type: "USER", id: userId });
    expect(Array.isArray(assignments.assignments)).toBe(true);
  });
});
