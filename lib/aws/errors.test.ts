import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toGatewayError } from "./errors";
import { findIdentityCenterInstance } from "./find-identity-center-instance";
import { listAccounts } from "./list-accounts";
import { listPermissionSets } from "./list-permission-sets";
import { ensurePermissionSet } from "./ensure-permission-set";
import { provisionPermissionSet } from "./provision-permission-set";
import { FIXTURE, startGatewaySandbox, type GatewaySandbox } from "./testing";

describe("toGatewayError", () => {
  it("classifies by AWS error name, network code and status, keeping the vendor text out of the message", () => {
    const vendor = Object.assign(new Error("PermissionSet with name X already exists."), {
      name: "ConflictException",
      $fault: "client",
      $metadata: { httpStatusCode: 400, requestId: "req-1" },
    });
    const mapped = toGatewayError("CreatePermissionSet", vendor);
    expect(mapped).toMatchObject({
      kind: "conflict",
      operation: "CreatePermissionSet",
      requestId: "req-1",
      awsErrorName: "ConflictException",
      detail: vendor.message,
    });
    expect(mapped.message).not.toContain("PermissionSet with name");

    expect(toGatewayError("x", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })).kind).toBe("unavailable");
    expect(toGatewayError("x", Object.assign(new Error("t"), { name: "TimeoutError" })).kind).toBe("timeout");
    expect(toGatewayError("x", Object.assign(new Error("?"), { name: "Weird", $metadata: { httpStatusCode: 503 } })).kind).toBe("unavailable");
    expect(toGatewayError("x", Object.assign(new Error("?"), { name: "Weird", $metadata: { httpStatusCode: 429 } })).kind).toBe("throttled");
    expect(toGatewayError("x", "a string").kind).toBe("unknown");
  });
});

describe("upstream faults through the real SDK", () => {
  let s: GatewaySandbox;
  beforeAll(async () => {
    s = await startGatewaySandbox({ asyncDelayMs: 60_000 });
  });
  afterEach(() => s.clearFaults());
  afterAll(() => s.close());

  it("retries throttling and succeeds", async () => {
    await s.fault({ pathPrefix: "/aws", throttleRetryAfterSeconds: 0, times: 2 });
    const result = await findIdentityCenterInstance(s.clients);
    expect(result.enabled).toBe(true);
  });

  it("gives kind throttled once the retries are exhausted", async () => {
    await s.fault({ pathPrefix: "/aws", throttleRetryAfterSeconds: 0, times: 3 });
    await expect(listAccounts(s.clients)).rejects.toMatchObject({ kind: "throttled", operation: "ListAccounts", awsErrorName: "TooManyRequestsException" });
  });

  it("retries 5xx and then reports unavailable", async () => {
    await s.fault({ pathPrefix: "/aws", status: 500, times: 1 });
    expect((await findIdentityCenterInstance(s.clients)).enabled).toBe(true);
    await s.fault({ pathPrefix: "/aws", status: 503, times: 3 });
    await expect(findIdentityCenterInstance(s.clients)).rejects.toMatchObject({ kind: "unavailable", httpStatus: 503, requestId: expect.any(String) });
  });

  it("times out a request that hangs", async () => {
    const quick = s.clientsWith({ requestTimeoutMs: 150, maxAttempts: 2 });
    await s.fault({ pathPrefix: "/aws", timeoutMs: 1_000, times: 2 });
    const started = Date.now();
    await expect(findIdentityCenterInstance(quick)).rejects.toMatchObject({ kind: "timeout", operation: "ListInstances" });
    // Both attempts were cut at the request timeout rather than waiting for the socket to drop.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("says access denied for an access key AWS does not know", async () => {
    const stranger = s.clientsWith({ accessKeyId: "AKIAUNKNOWNKEY000000" });
    const error: unknown = await findIdentityCenterInstance(stranger).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "access-denied", awsErrorName: "UnrecognizedClientException", httpStatus: 400 });
    expect((error as Error).message).toMatch(/credentials/);
  });

  it("maps a missing permission set to not-found with the request id", async () => {
    const missing = `arn:aws:sso:::permissionSet/${FIXTURE.instanceArn.split("/")[1] ?? ""}/ps-0000000000000000`;
    await expect(provisionPermissionSet(s.clients, FIXTURE.instanceArn, missing)).rejects.toMatchObject({ kind: "not-found", requestId: expect.any(String) });
  });

  it("gives kind conflict when a conflicting operation outlasts the conflict backoff", async () => {
    const { permissionSet } = await ensurePermissionSet(s.clients, FIXTURE.instanceArn, { name: "ConflictTest", managedPolicyArns: [] });
    await provisionPermissionSet(s.clients, FIXTURE.instanceArn, permissionSet.permissionSetArn);
    await expect(
      provisionPermissionSet(s.clients, FIXTURE.instanceArn, permissionSet.permissionSetArn, "all-provisioned-accounts", {
        conflictBackoff: { initialMs: 10, maxMs: 20, timeoutMs: 80 },
      }),
    ).rejects.toMatchObject({ kind: "conflict", awsErrorName: "ConflictException" });
  });

  it("maps a validation error from AWS", async () => {
    await expect(listPermissionSets(s.clients, "arn:aws:sso:::instance/not-an-instance")).rejects.toMatchObject({ kind: "validation" });
  });
});
