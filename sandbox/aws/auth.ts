import type { SandboxRequest } from "../core/types";
import { SANDBOX } from "../fixtures";
import { keyOwner } from "./accounts-iam";
import { AwsError } from "./errors";
import type { RoleSession } from "./iam-state";
import { ALGORITHM, canonicalRequest, formatAmzDate, parseAmzDate, parseAuthorization, payloadHash, signature, signaturesEqual, stringToSign } from "./sigv4";
import type { AwsState } from "./state";

/** Which protocol family answers, and the SigV4 signing name its credential scope must carry. */
export interface AuthTarget {
  query: boolean;
  signingName: string;
}

/** The authenticated caller: the access key id, and the role session when the key is temporary. */
export interface Caller {
  accessKeyId: string;
  session?: RoleSession;
}

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";

/**
 * The allowed distance between X-Amz-Date and the service's clock. AWS documents five minutes
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html: "a request must reach AWS within five minutes
 * of the time stamp"), and the JSON services answer "… - 5 min." (e.g. https://github.com/aws/aws-sdk-js/issues/573);
 * IAM and STS are observed answering with a 15-minute window ("… - 15 min.", https://github.com/aws/aws-cli/issues/6676,
 * https://github.com/devsecops/bootcamp/issues/101), so the sandbox refuses no earlier than they do.
 */
const SKEW_MS = { json: 5 * 60_000, query: 15 * 60_000 };

/**
 * The errors per protocol. Query services (IAM, STS) answer 403 SignatureDoesNotMatch / InvalidClientTokenId
 * (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html); the JSON 1.1 services answer
 * InvalidSignatureException / UnrecognizedClientException with 400, as Coral JSON services are observed to
 * (https://github.com/aws/aws-sdk-js/issues/254).
 */
const errors = (query: boolean) => ({
  missing: () =>
    query
      ? new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
      : new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
  incomplete: (message: string) => new AwsError(query ? "IncompleteSignature" : "IncompleteSignatureException", message, query ? 403 : 400),
  signature: (message = MISMATCH) => new AwsError(query ? "SignatureDoesNotMatch" : "InvalidSignatureException", message, query ? 403 : 400),
  unknownKey: () => (query ? new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403) : new AwsError("UnrecognizedClientException", INVALID_TOKEN, 400)),
  expiredToken: () =>
    query
      ? new AwsError("ExpiredToken", "The security token included in the request is expired", 403)
      : new AwsError("ExpiredTokenException", "The security token included in the request is expired", 400),
});

/** The secret key behind an access key id the account knows: the static sandbox key, an IAM user's key, or a role session. */
function secretFor(state: AwsState, accessKeyId: string): { secret: string; session?: RoleSession } | undefined {
  if (accessKeyId === SANDBOX.aws.accessKeyId) return { secret: SANDBOX.aws.secretAccessKey };
  const key = keyOwner(state, accessKeyId)?.iam.accessKeys.get(accessKeyId);
  if (key) return key.status === "Active" ? { secret: key.secretAccessKey } : undefined;
  const session = state.iam.sessions.get(accessKeyId);
  return session ? { secret: session.secretAccessKey, session } : undefined;
}

const header = (req: SandboxRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};

/**
 * Authenticates a request as AWS does: the Authorization header's access key must be known (and active), its
 * credential scope must name this service, X-Amz-Date must be within the skew window, a temporary key needs its
 * session token, and the signature recomputed over the canonical request with that key's secret must match.
 *
 * `clientNow` is the time the caller's clock is expected to show. Advancing the sandbox clock stands for time
 * passing for everyone, callers included, while the SDKs sign with the real clock; so the skew is measured against
 * the sandbox time less its offset, i.e. what a correct client clock reads. Session expiry uses the sandbox time.
 */
export function authenticate(req: SandboxRequest, state: AwsState, target: AuthTarget, clientNow: number, now: number): Caller {
  const fail = errors(target.query);
  const auth = header(req, "authorization") ?? "";
  if (!auth.startsWith(`${ALGORITHM} `)) throw fail.missing();
  const { parsed, missing } = parseAuthorization(auth);
  if (!parsed) throw fail.incomplete(`${missing.map((m) => `Authorization header requires '${m}' parameter.`).join(" ")} Authorization=${auth}`);
  const amzDate = header(req, "x-amz-date");
  if (!amzDate) throw fail.incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth}`);

  const known = secretFor(state, parsed.accessKeyId);
  if (!known) throw fail.unknownKey();

  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw fail.incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (parsed.terminator !== "aws4_request")
    throw fail.signature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator}'.`);
  if (parsed.date !== amzDate.slice(0, 8))
    throw fail.signature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  if (parsed.service !== target.signingName) throw fail.signature(`Credential should be scoped to correct service: '${target.signingName}'. `);

  const window = target.query ? SKEW_MS.query : SKEW_MS.json;
  const minutes = window / 60_000;
  if (signedAt < clientNow - window)
    throw fail.signature(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(clientNow - window)} (${formatAmzDate(clientNow)} - ${minutes} min.)`,
    );
  if (signedAt > clientNow + window)
    throw fail.signature(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(clientNow + window)} (${formatAmzDate(clientNow)} + ${minutes} min.)`,
    );

  const signedHeaders = parsed.signedHeaders.map((h) => h.toLowerCase());
  if (!signedHeaders.includes("host")) throw fail.signature(MISMATCH);
  const token = header(req, "x-amz-security-token");
  if (known.session) {
    // Temporary credentials are only valid with their own session token (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html).
    if (!token || token !== known.session.sessionToken) throw fail.unknownKey();
    if (known.session.expiresAt <= now) throw fail.expiredToken();
  } else if (token) throw fail.unknownKey();

  const bodyHash = payloadHash(req.body);
  const declared = header(req, "x-amz-content-sha256");
  // Every service but S3 hashes the body it received; a declared hash of some other body is a tampered request.
  if (declared !== undefined && declared !== bodyHash) throw fail.signature(MISMATCH);
  const rawUrl = req.rawUrl ?? `${req.url.pathname}${req.url.search}`;
  const q = rawUrl.indexOf("?");
  const canonical = canonicalRequest({
    method: req.method,
    rawPath: q < 0 ? rawUrl : rawUrl.slice(0, q),
    rawQuery: q < 0 ? "" : rawUrl.slice(q + 1),
    headers: req.headers,
    signedHeaders,
    payloadHash: bodyHash,
  });
  const expected = signature(known.secret, parsed, stringToSign(amzDate, parsed.scope, canonical));
  if (!signaturesEqual(expected, parsed.signature)) throw fail.signature(MISMATCH);
  const key = keyOwner(state, parsed.accessKeyId)?.iam.accessKeys.get(parsed.accessKeyId);
  if (key) key.lastUsed = { at: now, service: parsed.service, region: parsed.region };
  return { accessKeyId: parsed.accessKeyId, session: known.session };
}
