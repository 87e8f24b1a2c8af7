import type { IncomingHttpHeaders } from "node:http";
import { SANDBOX } from "../fixtures";
import { AwsError } from "./errors";
import type { AwsState } from "./state";

/**
 * Who is calling: the access key id from the SigV4 Authorization header. Signatures are not verified
 * (the SDK signs correctly; verifying would only test the SDK), but the key must be one AWS would know:
 * the sandbox's static key or an active key created through IAM CreateAccessKey.
 */
export function callerKey(headers: IncomingHttpHeaders, state: AwsState, query: boolean): string {
  const auth = String(headers.authorization ?? "");
  const match = /Credential=([A-Z0-9]+)\//.exec(auth);
  if (!auth.startsWith("AWS4-HMAC-SHA256") || !match?.[1]) {
    throw query
      ? new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
      : new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  }
  const key = match[1];
  const known = key === SANDBOX.aws.accessKeyId || state.iam.accessKeys.get(key)?.status === "Active";
  if (!known) {
    throw query
      ? new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)
      : new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
  }
  return key;
}
