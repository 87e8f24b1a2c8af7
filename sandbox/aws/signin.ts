import type { SandboxRequest, SandboxResponse } from "../core/types";
import { accountOfArn, iamFor } from "./accounts-iam";
import { AwsError } from "./errors";
import { callSourceOf, assumeRoleWithSamlLogged } from "./saml-trail";
import { checkConditions, checkSignature, parseSamlResponse, type ParsedResponse, type RolePair } from "./saml-assertion";
import type { AwsState } from "./state";

/**
 * https://signin.aws.amazon.com/saml, the console's SAML endpoint for IAM federation (the legacy per-account mode),
 * served at /saml (the sandbox keeps the real path and drops the host, as for the Identity Center ACS): the IdP POSTs a SAMLResponse; several Role values give the role chooser; one (or the chosen
 * one) is assumed with the same checks as STS AssumeRoleWithSAML, and the browser lands in the console signed in as
 * role/session, or on the sign-in error page with AWS's wording
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-saml.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html).
 */

/** The real endpoint and where the sandbox serves it. */
export const AWS_SAML_SIGNIN_URL = "https://signin.aws.amazon.com/saml";
export const SANDBOX_SAML_SIGNIN_PATH = "/saml";
export const sandboxSamlSignInUrl = (baseUrl: string) => `${baseUrl}${SANDBOX_SAML_SIGNIN_PATH}`;

const INVALID_RESPONSE = "Your request included an invalid SAML response. To logout, click here.";
/** Console sessions last an hour unless SessionDuration says otherwise (900–43200 s). */
const DEFAULT_SESSION_SECONDS = 3600;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (status: number, title: string, body: string): SandboxResponse => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}main{max-width:560px;margin:60px auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 1px 4px #0003}h1{font-size:20px}fieldset{border:1px solid #ddd;margin:12px 0;padding:8px 16px}button{margin-top:16px;padding:10px 24px;background:#ff9900;border:0;border-radius:4px;font-weight:600}.error{color:#d13212}</style></head><body><main>${body}</main></body></html>`,
});

function errorPage(error: AwsError, requestId: string): SandboxResponse {
  return page(
    error.status,
    "Amazon Web Services Sign-In",
    `<h1>Amazon Web Services Sign-In</h1><p class="error" role="alert">Error: ${escape(error.message)} (Service: AWSSecurityTokenService; Status Code: ${error.status}; Error Code: ${escape(error.code)}; Request ID: ${requestId})</p>`,
  );
}

const invalidResponsePage = () =>
  page(400, "Amazon Web Services Sign-In", `<h1>Amazon Web Services Sign-In</h1><p class="error" role="alert">${escape(INVALID_RESPONSE)}</p>`);

const accountOf = (arn: string) => arn.split(":")[4] ?? "";
const roleNameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const dashed = (account: string) => account.replace(/^(\d{4})(\d{4})(\d{4})$/, "$1-$2-$3");

function chooser(parsed: ParsedResponse, samlResponse: string, relayState: string | null): SandboxResponse {
  const byAccount = new Map<string, RolePair[]>();
  for (const r of parsed.roles) byAccount.set(accountOf(r.roleArn), [...(byAccount.get(accountOf(r.roleArn)) ?? []), r]);
  const groups = [...byAccount]
    .map(
      ([account, roles]) =>
        `<fieldset><legend>Account: ${escape(account)}</legend>${roles
          .map(
            (r, i) =>
              `<div><input type="radio" name="roleIndex" id="${escape(`${account}-${i}`)}" value="${escape(r.roleArn)}" required><label for="${escape(`${account}-${i}`)}">${escape(roleNameOf(r.roleArn))}</label></div>`,
          )
          .join("")}</fieldset>`,
    )
    .join("");
  return page(
    200,
    "Amazon Web Services Sign-In",
    `<h1>Select a role:</h1><form method="post" action="${SANDBOX_SAML_SIGNIN_PATH}"><input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}">${relayState ? `<input type="hidden" name="RelayState" value="${escape(relayState)}">` : ""}${groups}<button type="submit">Sign in</button></form>`,
  );
}

/** SessionDuration: an integer number of seconds, 900–43200 (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html). */
function sessionSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SESSION_SECONDS;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 900 || n > 43_200)
    throw new AwsError("InvalidIdentityToken", "SessionDuration in AuthnResponse must be an integer between 900 and 43200", 400);
  return n;
}

export function handleSignIn(req: SandboxRequest, state: AwsState, now: number): SandboxResponse | undefined {
  if (req.path !== "/") return undefined;
  if (req.method !== "POST") return invalidResponsePage();
  const form = new URLSearchParams(req.body.toString("utf8"));
  const samlResponse = form.get("SAMLResponse") ?? "";
  const relayState = form.get("RelayState");
  const chosen = form.get("roleIndex");
  try {
    if (!samlResponse) return invalidResponsePage();
    const parsed = parseSamlResponse(samlResponse);
    // Assigned without an AWS role: no Role attribute (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html).
    if (!parsed.roles.length) return invalidResponsePage();
    if (!chosen && parsed.roles.length > 1) {
      // The chooser is shown only for a response AWS accepts: signed by a listed provider, in time, for AWS.
      const provider = parsed.roles.map((r) => iamFor(state, accountOfArn(r.providerArn))?.samlProviders.get(r.providerArn)).find((p) => p !== undefined);
      if (!provider) return invalidResponsePage();
      checkSignature(parsed, provider);
      checkConditions(parsed, provider, now);
      return chooser(parsed, samlResponse, relayState);
    }
    const pair = chosen ? parsed.roles.find((r) => r.roleArn === chosen) : parsed.roles[0];
    if (!pair) return invalidResponsePage();
    // The console signs in with STS AssumeRoleWithSAML, which CloudTrail records in the role's account.
    const result = assumeRoleWithSamlLogged(
      state,
      samlResponse,
      { roleArn: pair.roleArn, principalArn: pair.providerArn, durationSeconds: sessionSeconds(parsed.sessionDuration) },
      now,
      callSourceOf(req),
    );
    const who = `${roleNameOf(result.role.arn)}/${result.session.sessionName}`;
    return page(
      200,
      "Console Home",
      `<header><p>AWS Management Console (sandbox)</p><p data-testid="aws-console-identity">${escape(who)} @ ${escape(dashed(result.session.accountId))}</p></header>` +
        `<h1>Console Home</h1><p>You are signed in as <strong>${escape(who)}</strong> in account ${escape(result.session.accountId)}, with the role <code>${escape(result.role.arn)}</code> through the SAML provider <code>${escape(result.provider.arn)}</code>.</p>` +
        `<p>Session expires ${escape(new Date(result.session.expiresAt).toISOString())}.</p>${relayState ? `<p>Relay state: <code>${escape(relayState)}</code></p>` : ""}`,
    );
  } catch (error) {
    if (error instanceof AwsError) return errorPage(error, req.requestId);
    throw error;
  }
}
