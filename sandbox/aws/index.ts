import type { SandboxContext, SandboxModule, SandboxRequest, SeedOptions } from "../core/types";
import { handleAccessPortal } from "./access-portal";
import { handleAcs } from "./saml-acs";
import { awsFault, handleAwsApi } from "./aws-api";
import { handleConsole } from "./console";
import { ConsoleError } from "./console-error";
import { accountView, generateAccounts } from "./org-admin";
import { RateLimiter } from "./rate-limit";
import { scimErrorResponse } from "./scim-common";
import { handleScim } from "./scim";
import { seedState } from "./seed";
import { settle } from "./sso-operations";
import type { AwsState } from "./state";

export type { AwsState } from "./state";

/** The AWS module plus a handle on its state, for tests and for other modules (e.g. the provisioning engine). */
export interface AwsModule extends SandboxModule {
  state(): AwsState;
}

/**
 * The AWS half of the sandbox cloud: SSO Admin, Identity Store and Organizations (JSON 1.1 at /aws),
 * IAM and STS (query protocol at /aws/iam, /aws/sts), the Identity Center SCIM endpoint (/scim), the
 * access portal (/awsapps) and the console-only steps (/_sandbox/aws).
 */
export function createAwsModule(): AwsModule {
  let state: AwsState = seedState(Date.now());
  const limiter = new RateLimiter();
  // faultResponse gets no context; the clock is remembered from reset (always called at start-up).
  let clockNow = () => Date.now();

  return {
    name: "aws",
    prefixes: ["/aws", "/scim", "/awsapps", "/platform", "/_sandbox/aws"],
    state: () => state,

    async handle(req: SandboxRequest, ctx: SandboxContext) {
      const now = ctx.clock.now();
      // Async operations complete lazily: whatever is due on the sandbox clock is applied first.
      settle(state, now);
      switch (req.prefix) {
        case "/aws":
          return handleAwsApi(req, state, now, limiter);
        case "/scim":
          return handleScim(req, state, now, ctx.baseUrl, limiter);
        case "/awsapps":
          return handleAccessPortal(req, state, now, ctx.baseUrl);
        case "/platform":
          return handleAcs(req, state, now, ctx.baseUrl);
        case "/_sandbox/aws":
          return handleConsole(req, state, now, ctx.baseUrl);
        default:
          return undefined;
      }
    },

    reset(ctx: SandboxContext, options?: SeedOptions) {
      clockNow = () => ctx.clock.now();
      state = seedState(ctx.clock.now(), options);
      limiter.reset();
    },

    seed(ctx: SandboxContext, options: SeedOptions) {
      if (options.users || options.groups)
        throw new ConsoleError(400, "BadRequest", "POST /_sandbox/seed adds accounts and OUs; generated users and groups come with POST /_sandbox/reset.");
      const made = generateAccounts(state.org, ctx.clock.now(), options.accounts ?? 0, options.ous);
      return { accounts: made.map((a) => accountView(state.org, a)) };
    },

    summary() {
      const d = state.directory;
      return {
        instanceEnabled: state.instance.enabled,
        identitySource: state.identitySource.type,
        provisioningEnabled: state.provisioning.enabled,
        scimTokens: state.provisioning.tokens.length,
        users: d.users.size,
        groups: d.groups.size,
        groupMemberships: d.memberships.size,
        permissionSets: state.sso.permissionSets.size,
        accountAssignments: state.sso.assignments.size,
        pendingOperations: state.sso.pending.length,
        accounts: state.org.accounts.length,
        organizationalUnits: state.org.ous.length,
        samlProviders: state.iam.samlProviders.size,
        iamRoles: state.iam.roles.size,
      };
    },

    faultResponse(req, fault) {
      const headers = fault.retryAfterSeconds === undefined ? undefined : { "retry-after": String(fault.retryAfterSeconds) };
      if (req.prefix === "/scim")
        return scimErrorResponse(fault.status, fault.status === 429 ? "Rate exceeded" : "Internal server error", req.requestId, clockNow(), headers);
      if (req.prefix === "/aws") return awsFault(req, fault.status, fault.retryAfterSeconds);
      return { status: fault.status, headers: { "content-type": "text/plain" }, body: fault.status === 429 ? "Too Many Requests" : "Service Unavailable" };
    },
  };
}
