import type { SandboxRequest } from "../core/types";
import { accountOfArn, iamFor } from "./accounts-iam";
import { recordCloudTrailEvent } from "./cloudtrail";
import { AwsError } from "./errors";
import { assumeRoleWithSaml, nameQualifierOf, parseSamlResponse, type AssumeInput, type AssumeResult } from "./saml-assertion";
import type { AwsState } from "./state";

/** Where a call came from, as CloudTrail records it. */
export interface CallSource {
  sourceIPAddress: string;
  userAgent: string;
}

/** The caller's address (the first X-Forwarded-For hop) and user agent, as CloudTrail records them. */
export function callSourceOf(req: SandboxRequest): CallSource {
  const forwarded = req.headers["x-forwarded-for"];
  const userAgent = req.headers["user-agent"];
  return {
    sourceIPAddress: typeof forwarded === "string" && forwarded ? (forwarded.split(",")[0] ?? "").trim() : "127.0.0.1",
    userAgent: typeof userAgent === "string" ? userAgent : "Mozilla/5.0",
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const providerNameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/**
 * STS AssumeRoleWithSAML, parsed and checked, with the CloudTrail event AWS writes for it in the role's account,
 * success or failure: eventSource sts.amazonaws.com, userIdentity type SAMLUser (principalId "NameQualifier:Subject",
 * userName the Subject, identityProvider the NameQualifier), requestParameters with roleArn and principalArn, and
 * errorCode/errorMessage when refused (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html,
 * example "AssumeRoleWithSAML"). The console's SAML endpoint calls the same operation. An event is written only
 * when the role's account exists (the sandbox's management account or a member account): otherwise nobody's
 * event history could hold it.
 */
export function assumeRoleWithSamlLogged(state: AwsState, samlResponse: string, input: AssumeInput, now: number, source: CallSource): AssumeResult {
  const accountId = accountOfArn(input.roleArn);
  let parsed: ReturnType<typeof parseSamlResponse> | null = null;
  try {
    parsed = parseSamlResponse(samlResponse);
    const result = assumeRoleWithSaml(state, parsed, input, now);
    record(state, accountId, input, now, source, parsed, result);
    return result;
  } catch (error) {
    if (error instanceof AwsError && iamFor(state, accountId)) record(state, accountId, input, now, source, parsed, null, error);
    throw error;
  }
}

function record(
  state: AwsState,
  accountId: string,
  input: AssumeInput,
  now: number,
  source: CallSource,
  parsed: ReturnType<typeof parseSamlResponse> | null,
  result: AssumeResult | null,
  error?: AwsError,
): void {
  const subject = parsed?.nameId || null;
  const qualifier = parsed ? nameQualifierOf(parsed.issuer, accountId, providerNameOf(input.principalArn)) : null;
  const assertionId = parsed?.assertion.getAttribute("ID") ?? null;
  recordCloudTrailEvent(state, {
    accountId,
    eventName: "AssumeRoleWithSAML",
    eventSource: "sts.amazonaws.com",
    eventType: "AwsApiCall",
    eventTime: now,
    readOnly: true,
    username: subject,
    userIdentity: {
      type: "SAMLUser",
      ...(qualifier && subject ? { principalId: `${qualifier}:${subject}`, userName: subject, identityProvider: qualifier } : {}),
    },
    ...source,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    requestParameters: {
      ...(assertionId ? { sAMLAssertionID: assertionId } : {}),
      ...(parsed?.sessionName ? { roleSessionName: parsed.sessionName } : {}),
      durationSeconds: input.durationSeconds ?? 3600,
      roleArn: input.roleArn,
      principalArn: input.principalArn,
    },
    responseElements: result
      ? {
          subjectType: result.subjectType,
          issuer: result.parsed.issuer,
          credentials: { accessKeyId: result.session.accessKeyId, expiration: iso(result.session.expiresAt) },
          nameQualifier: result.nameQualifier,
          assumedRoleUser: { assumedRoleId: `${result.role.id}:${result.session.sessionName}`, arn: result.session.assumedRoleArn },
          subject: result.parsed.nameId,
          audience: result.parsed.recipient,
        }
      : null,
    resources: [
      { ResourceType: "AWS::IAM::Role", ResourceName: input.roleArn },
      { ResourceType: "AWS::IAM::SAMLProvider", ResourceName: input.principalArn },
    ],
  });
}
