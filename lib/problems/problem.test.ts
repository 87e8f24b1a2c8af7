import { describe, expect, it } from "vitest";
import { toGatewayError as toAwsError } from "../aws/errors";
import { EntraGatewayError, toGatewayError as toEntraError } from "../entra/errors";
import { CorruptColumnError } from "../federation/json-column";
import { problemLine, scimProblem, toProblem } from "./problem";

const graphFailure = (statusCode: number, code = "Error", requestId = "graph-req-1") =>
  toEntraError("GetServicePrincipal", Object.assign(new Error("vendor text"), { statusCode, code, requestId }));
const awsFailure = (name: string, httpStatusCode: number, requestId = "aws-req-1") =>
  toAwsError("ListInstances", Object.assign(new Error("vendor text"), { name, $metadata: { httpStatusCode, requestId } }));

describe("toProblem", () => {
  it("Graph throttling and outages are transient: wait and retry", () => {
    for (const [status, kind] of [
      [429, "throttled"],
      [503, "unavailable"],
      [504, "unavailable"],
      [408, "timeout"],
    ] as const) {
      const problem = toProblem(graphFailure(status));
      expect(problem).toMatchObject({ source: "entra", kind, transient: true, owner: "wait-and-retry", requestId: "graph-req-1", operation: "GetServicePrincipal" });
      expect(problem?.remedy).toMatch(/Entra is throttling or unavailable/);
    }
  });

  it("Graph refusals are not transient and name who fixes them", () => {
    expect(toProblem(graphFailure(403))).toMatchObject({ kind: "forbidden", transient: false, owner: "entra-admin" });
    expect(toProblem(graphFailure(400))).toMatchObject({ kind: "validation", transient: false, owner: "portal-admin" });
    expect(toProblem(graphFailure(404))).toMatchObject({ kind: "not-found", transient: false, owner: "entra-admin" });
    expect(toProblem(graphFailure(401))).toMatchObject({ kind: "auth", transient: false, owner: "portal-admin" });
  });

  it("sign-in evidence names what is missing and who grants it", () => {
    const listSignIns = (statusCode: number, code: string, message: string) =>
      toEntraError("ListSignIns", Object.assign(new Error(message), { statusCode, code, requestId: "graph-req-2" }));
    const permission = toProblem(listSignIns(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    expect(permission).toMatchObject({ source: "entra", kind: "forbidden", owner: "entra-admin", transient: false, requestId: "graph-req-2" });
    expect(permission?.message).toMatch(/AuditLog\.Read\.All and Directory\.Read\.All.*Privileged Role Administrator/);
    const licence = toProblem(listSignIns(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license"));
    expect(licence).toMatchObject({ kind: "licence", owner: "entra-admin" });
    expect(licence?.message).toMatch(/Entra ID P1 or P2/);
    const cloudTrail = toProblem(toAwsError("LookupEvents", Object.assign(new Error("vendor text"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400, requestId: "aws-req-2" } })));
    expect(cloudTrail).toMatchObject({ source: "aws", kind: "access-denied", owner: "aws-admin", requestId: "aws-req-2" });
    expect(cloudTrail?.message).toContain("cloudtrail:LookupEvents");
    // Other operations keep the general wording.
    expect(toProblem(graphFailure(403))?.message).not.toContain("sign-in log");
  });

  it("never passes the vendor's text through", () => {
    const problem = toProblem(graphFailure(400));
    expect(`${problem?.message} ${problem?.remedy}`).not.toContain("vendor text");
  });

  it("token and metadata failures come from the identity platform", () => {
    const msal = toEntraError("AcquireToken", Object.assign(new Error("AADSTS7000215: Invalid client secret provided."), { errorCode: "invalid_client" }));
    expect(toProblem(msal)).toMatchObject({ source: "identity-platform", kind: "auth", transient: false, owner: "portal-admin" });
    const down = toEntraError(
      "AcquireToken",
      Object.assign(new Error("AADSTS90033: transient. Trace ID: 0b7c3a1e-8a1d-4c55-9b0e-6f3c2a1d9e00 Correlation ID: x"), { errorCode: "temporarily_unavailable" }),
    );
    const problem = toProblem(down);
    expect(problem).toMatchObject({ source: "identity-platform", transient: true, requestId: "0b7c3a1e-8a1d-4c55-9b0e-6f3c2a1d9e00" });
    expect(problemLine(problem ?? never())).toMatch(/\(Entra request 0b7c3a1e-8a1d-4c55-9b0e-6f3c2a1d9e00\)$/);
  });

  it("AWS throttling, outages and in-flight conflicts are transient; access and bad input are not", () => {
    expect(toProblem(awsFailure("ThrottlingException", 400))).toMatchObject({ source: "aws", kind: "throttled", transient: true, owner: "wait-and-retry", requestId: "aws-req-1" });
    expect(toProblem(awsFailure("InternalServerException", 500))).toMatchObject({ kind: "unavailable", transient: true });
    expect(toProblem(awsFailure("ConflictException", 409))).toMatchObject({ kind: "conflict", transient: true });
    expect(toProblem(awsFailure("AccessDeniedException", 403))).toMatchObject({ kind: "access-denied", transient: false, owner: "aws-admin" });
    expect(toProblem(awsFailure("ValidationException", 400))).toMatchObject({ kind: "validation", transient: false, owner: "portal-admin" });
  });

  it("a throttled Graph call says how long Entra asked to wait", () => {
    const error = new EntraGatewayError({ kind: "throttled", operation: "ListUsers", message: "slow down", retryAfterSeconds: 12 });
    expect(toProblem(error)?.remedy).toContain("12 s");
  });

  it("a stored value the code cannot read is the portal's problem, not an upstream one", () => {
    expect(toProblem(new CorruptColumnError("Federation.facts", "not JSON"))).toMatchObject({ source: "portal", kind: "corrupt-data", transient: false, owner: "portal-admin" });
  });

  it("anything else is not a problem it can explain", () => {
    expect(toProblem(new Error("bug"))).toBeNull();
    expect(toProblem("text")).toBeNull();
  });
});

describe("scimProblem", () => {
  it("429 and 5xx from the SCIM endpoint are transient: the endpoint and token need not be copied again", () => {
    expect(scimProblem({ status: "unexpected", httpStatus: 429, awsRequestId: "scim-1", message: "rate limited" })).toMatchObject({
      source: "scim",
      kind: "throttled",
      transient: true,
      owner: "wait-and-retry",
      requestId: "scim-1",
    });
    expect(scimProblem({ status: "unexpected", httpStatus: 502, message: "bad gateway" })).toMatchObject({ kind: "unavailable", transient: true });
    expect(scimProblem({ status: "unreachable", message: "no route" })).toMatchObject({ transient: true });
  });

  it("a refused token or a wrong endpoint is bad input for the AWS admin", () => {
    const refused = scimProblem({ status: "unauthorized", httpStatus: 401, message: "AWS refused the access token" });
    expect(refused).toMatchObject({ kind: "unauthorized", transient: false, owner: "aws-admin" });
    expect(refused.remedy).toMatch(/new access token/);
    expect(scimProblem({ status: "invalid-endpoint", message: "not an endpoint" })).toMatchObject({ transient: false });
  });
});

describe("problemLine", () => {
  it("adds the upstream request id the way step cards always showed it", () => {
    expect(problemLine(toProblem(graphFailure(404)) ?? never())).toMatch(/\(Graph request graph-req-1\)$/);
    expect(problemLine(toProblem(awsFailure("ValidationException", 400)) ?? never())).toMatch(/\(AWS request aws-req-1\)$/);
    expect(problemLine(scimProblem({ status: "unreachable", message: "no route" }))).toBe("no route");
  });
});

function never(): never {
  throw new Error("expected a problem");
}
