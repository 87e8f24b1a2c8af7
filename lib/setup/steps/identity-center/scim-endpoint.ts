import "server-only";
import { z } from "zod";
import { encryptSecret } from "../../../crypto/secrets";
import { AwsGatewayError } from "../../../aws/errors";
import { scimProblem } from "../../../problems/problem";
import { checkScimToken } from "../../../scim/check-token";
import { requireFact, StepError, type SetupContext } from "../../context";
import { StepInputError } from "../../step-input-error";
import { changesNothing, defineStep, stepInputView } from "../types";
import { sandboxConsolePanel } from "./panels";
import { SCIM_TOKEN_PURPOSE, scimTokenOf, YEAR_MS } from "./shared";
import { stepTitle } from "../../step-catalog";

export const scimInput = z.object({
  endpoint: z.string().trim().min(1, "paste the SCIM endpoint"),
  token: z.string().trim().min(20, "paste the access token (it is long)").max(4096, "that is too long to be an access token"),
});

async function checkTokenOrThrow(context: SetupContext, endpoint: string, token: string) {
  const check = await checkScimToken(endpoint, token, { sandbox: context.isSandbox });
  if (check.status === "ok") return check;
  const problem = scimProblem(check);
  // AWS throttling or down (after retries) is a fault, not bad input: "could not verify", never "paste it again".
  if (check.status === "unavailable")
    throw new AwsGatewayError({
      kind: problem.kind === "throttled" ? "throttled" : "unavailable",
      operation: "ScimListUsers",
      message: check.message,
      requestId: problem.requestId ?? undefined,
      httpStatus: check.httpStatus,
    });
  // A malformed endpoint or a refused token: nothing is stored, so the step keeps its standing result.
  if (check.status === "invalid-endpoint" || check.status === "unauthorized") throw new StepInputError(check.message);
  throw new StepError(check.message);
}

export const scimEndpoint = defineStep<z.infer<typeof scimInput>>({
  id: "scim-endpoint",
  side: "AWS",
  title: stepTitle("identity-center", "scim-endpoint"),
  guide: "IAM Identity Center → Settings → Automatic provisioning → Enable. Copy the SCIM endpoint and the access token (shown only once) and paste them here.",
  how: "input",
  verifiedBy: "A SCIM call with the token succeeds; the token is stored encrypted and its one-year expiry is tracked.",
  requires: ["idp-metadata-upload"],
  input: scimInput,
  async run(context, { endpoint, token }) {
    const check = await checkTokenOrThrow(context, endpoint, token);
    const now = new Date();
    await context.database.federation.update({
      where: { id: context.federationId },
      data: { scimToken: encryptSecret(context.keyring, SCIM_TOKEN_PURPOSE, token), scimTokenCreatedAt: now },
    });
    const scim = { endpoint: check.endpoint.url, tokenCreatedAt: now.toISOString(), tokenExpiresAt: new Date(now.getTime() + YEAR_MS).toISOString() };
    return { facts: { scim }, evidence: { endpoint: scim.endpoint, tokenExpiresAt: scim.tokenExpiresAt } };
  },
  async verify(context) {
    const scim = requireFact(context, "scim", "Paste the SCIM endpoint and access token from the AWS console first.");
    const token = await scimTokenOf(context);
    await checkTokenOrThrow(context, scim.endpoint, token);
    return { evidence: { endpoint: scim.endpoint, tokenExpiresAt: scim.tokenExpiresAt, check: "a SCIM call with the stored token succeeded" } };
  },
  preview: changesNothing("This step changes nothing in either cloud: it only checks."),
  labels: { run: "Check and save the token" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.ScimStepInput),
    () => ({}),
  ),
  panels: [sandboxConsolePanel],
  screens: ["aws-automatic-provisioning"],
});
