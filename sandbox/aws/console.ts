import { randomBytes, randomUUID } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../core/types";
import { recordCloudTrailEvent } from "./cloudtrail";
import { ConsoleError } from "./console-error";
import { UniquenessError } from "./directory";
import { consolePage } from "./console-page";
import { MetadataError, parseIdpMetadata, preferredSso, spMetadataXml, spValues } from "./saml-metadata";
import { orgRoute } from "./org-admin";
import { hashToken } from "./scim-common";
import type { AwsSettings, AwsState, RateGroup } from "./state";

/**
 * The console-only steps (enabling Identity Center, changing the identity source, enabling automatic provisioning and its tokens: no API does them) as sandbox admin calls under /_sandbox/aws, JSON in and out,
 * so tests can play the human; GET /_sandbox/aws/console is the same as clickable pages.
 */

const YEAR_MS = 365 * 86_400_000;
const MAX_TOKENS = 2;

type Json = Record<string, unknown>;

const ok = (body: unknown, status = 200): SandboxResponse => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function body(req: SandboxRequest): Json {
  if (!req.body.length) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString("utf8"));
  } catch {
    throw new ConsoleError(400, "BadRequest", "The body must be JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ConsoleError(400, "BadRequest", "The body must be a JSON object.");
  return parsed as Json;
}

function requireEnabled(state: AwsState) {
  if (!state.instance.enabled) throw new ConsoleError(409, "InstanceNotEnabled", "IAM Identity Center is not enabled. Enable it first.");
}

export function scimEndpoint(state: AwsState, baseUrl: string) {
  return `${baseUrl}/scim/${state.provisioning.tenantId}/scim/v2/`;
}

export function status(state: AwsState, baseUrl: string, now: number) {
  const source = state.identitySource;
  return {
    instance: {
      enabled: state.instance.enabled,
      instanceArn: state.instanceArn,
      identityStoreId: state.identityStoreId,
      region: state.region,
      ownerAccountId: state.accountId,
      createdAt: iso(state.instance.createdAt),
    },
    identitySource:
      source.type === "IDENTITY_CENTER"
        ? { type: source.type }
        : {
            type: source.type,
            idp: { entityId: source.idp.entityId, ssoUrl: source.idp.ssoUrl, certificates: source.idp.certificates, uploadedAt: iso(source.idp.uploadedAt) },
          },
    provisioning: {
      enabled: state.provisioning.enabled,
      scimEndpoint: state.provisioning.enabled ? scimEndpoint(state, baseUrl) : undefined,
      tokens: tokenList(state, now),
    },
    accessPortalUrl: `${baseUrl}/awsapps/${state.identityStoreId}/start`,
    settings: state.settings,
  };
}

const tokenList = (state: AwsState, now: number) =>
  state.provisioning.tokens.map((t) => ({
    tokenId: t.tokenId,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    status: t.expiresAt <= now ? "EXPIRED" : "ACTIVE",
  }));

/** A new SCIM token; the secret appears in this one answer only (the console shows it once). */
function newToken(state: AwsState, now: number) {
  if (state.provisioning.tokens.length >= MAX_TOKENS)
    throw new ConsoleError(409, "TokenLimitExceeded", `You can have at most ${MAX_TOKENS} access tokens. Delete one first.`);
  const secret = randomBytes(96).toString("base64").replace(/=+$/, "");
  const token = { tokenId: randomUUID(), secretHash: hashToken(secret), createdAt: now, expiresAt: now + YEAR_MS };
  state.provisioning.tokens.push(token);
  return { tokenId: token.tokenId, accessToken: secret, createdAt: iso(token.createdAt), expiresAt: iso(token.expiresAt) };
}

function changeIdentitySource(state: AwsState, input: Json, now: number) {
  requireEnabled(state);
  const type = input.type ?? "EXTERNAL_IDP";
  const switching = type !== state.identitySource.type;
  // The console makes the admin type ACCEPT before switching the source (not when only editing IdP metadata).
  if (switching && input.confirm !== "ACCEPT")
    throw new ConsoleError(400, "ConfirmationRequired", 'Type "ACCEPT" (confirm: "ACCEPT") to change the identity source.');
  if (type === "IDENTITY_CENTER") {
    state.identitySource = { type: "IDENTITY_CENTER" };
    // Leaving the external IdP turns automatic provisioning off and revokes its tokens.
    state.provisioning.enabled = false;
    state.provisioning.tokens = [];
    return { type };
  }
  if (type !== "EXTERNAL_IDP") throw new ConsoleError(400, "BadRequest", "type must be EXTERNAL_IDP or IDENTITY_CENTER.");
  let parsed;
  try {
    parsed = parseIdpMetadata(input.metadataXml, now);
  } catch (error) {
    if (error instanceof MetadataError) throw new ConsoleError(400, "InvalidMetadata", error.message);
    throw error;
  }
  const sso = preferredSso(parsed);
  if (!sso) throw new ConsoleError(400, "InvalidMetadata", "The IdP metadata has no SingleSignOnService.");
  state.identitySource = {
    type: "EXTERNAL_IDP",
    idp: {
      entityId: parsed.entityId,
      ssoUrl: sso.location,
      ssoBinding: sso.binding,
      certificates: parsed.certificates,
      metadataXml: String(input.metadataXml),
      uploadedAt: now,
    },
  };
  return { type, idp: { entityId: parsed.entityId, ssoUrl: sso.location, ssoBinding: sso.binding, certificates: parsed.certificates } };
}

function updateSettings(state: AwsState, input: Json): AwsSettings {
  const s = state.settings;
  const num = (v: unknown, name: string) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new ConsoleError(400, "BadRequest", `${name} must be a non-negative number.`);
    return v;
  };
  if (input.asyncDelayMs !== undefined) s.asyncDelayMs = num(input.asyncDelayMs, "asyncDelayMs");
  if (input.failNextAsync !== undefined) s.failNextAsync = Math.floor(num(input.failNextAsync, "failNextAsync"));
  if (input.failureReason !== undefined) s.failureReason = String(input.failureReason);
  if (input.maxOutstandingAssignments !== undefined) {
    const max = input.maxOutstandingAssignments;
    if (max !== null && (typeof max !== "number" || !Number.isInteger(max) || max < 1))
      throw new ConsoleError(400, "BadRequest", "maxOutstandingAssignments is a positive whole number, or null for no limit.");
    s.maxOutstandingAssignments = max;
  }
  if (input.conflictWhileProvisioning !== undefined) {
    if (typeof input.conflictWhileProvisioning !== "boolean") throw new ConsoleError(400, "BadRequest", "conflictWhileProvisioning is true or false.");
    s.conflictWhileProvisioning = input.conflictWhileProvisioning;
  }
  if (input.managementAccountAssignments !== undefined) {
    if (typeof input.managementAccountAssignments !== "boolean") throw new ConsoleError(400, "BadRequest", "managementAccountAssignments is true or false.");
    s.managementAccountAssignments = input.managementAccountAssignments;
  }
  if (input.rateLimits !== undefined) {
    const limits = input.rateLimits as Record<string, unknown>;
    for (const [group, tps] of Object.entries(limits ?? {})) {
      if (!(group in s.rateLimits)) throw new ConsoleError(400, "BadRequest", `Unknown rate-limit group ${group}.`);
      if (tps !== null && (typeof tps !== "number" || tps <= 0))
        throw new ConsoleError(400, "BadRequest", "A rate limit is a positive number of requests per second, or null for none.");
      s.rateLimits[group as RateGroup] = tps as number | null;
    }
  }
  return s;
}

/** A user made in the console (no SCIM externalId): what a "squatter" on an Entra UPN looks like. */
/**
 * Test fixture: writes one CloudTrail management event (e.g. a sign-in the SAML flow cannot produce) with
 * { eventName, eventSource?, eventType?, eventTime? (ISO), username?, errorMessage?, userIdentity?,
 * additionalEventData?, serviceEventDetails?, responseElements? }.
 */
function seedCloudTrailEvent(state: AwsState, input: Json, now: number) {
  if (typeof input.eventName !== "string" || !input.eventName) throw new ConsoleError(400, "BadRequest", "eventName is required.");
  const record = (v: unknown) => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const at = typeof input.eventTime === "string" ? Date.parse(input.eventTime) : now;
  if (!Number.isFinite(at)) throw new ConsoleError(400, "BadRequest", "eventTime must be an ISO date.");
  const event = recordCloudTrailEvent(state, {
    eventName: input.eventName,
    eventSource: typeof input.eventSource === "string" ? input.eventSource : "signin.amazonaws.com",
    eventType: typeof input.eventType === "string" ? input.eventType : "AwsServiceEvent",
    eventTime: at,
    username: typeof input.username === "string" ? input.username : null,
    userIdentity: record(input.userIdentity) ?? { type: "IdentityCenterUser", accountId: state.accountId },
    errorMessage: typeof input.errorMessage === "string" ? input.errorMessage : undefined,
    additionalEventData: record(input.additionalEventData),
    serviceEventDetails: record(input.serviceEventDetails),
    responseElements: record(input.responseElements) ?? null,
  });
  return { eventId: event.eventId, CloudTrailEvent: event.detail };
}

function createManualUser(state: AwsState, input: Json, now: number) {
  const userName = input.userName;
  const givenName = input.givenName ?? "Manual";
  const familyName = input.familyName ?? "User";
  if (typeof userName !== "string" || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(userName))
    throw new ConsoleError(400, "BadRequest", "userName is required (1-128 characters, no spaces).");
  const by = `arn:aws:iam::${state.accountId}:root`;
  const email = typeof input.email === "string" ? input.email : undefined;
  const user = {
    UserId: state.directory.newId(),
    UserName: userName,
    Name: { GivenName: String(givenName), FamilyName: String(familyName) },
    DisplayName: typeof input.displayName === "string" ? input.displayName : `${String(givenName)} ${String(familyName)}`,
    Emails: email ? [{ Value: email, Type: "work", Primary: true }] : undefined,
    UserStatus: "ENABLED" as const,
    CreatedAt: now,
    CreatedBy: by,
    UpdatedAt: now,
    UpdatedBy: by,
  };
  try {
    state.directory.addUser(user);
  } catch (error) {
    if (error instanceof UniquenessError) throw new ConsoleError(409, "Conflict", `A user with this ${error.attribute} already exists.`);
    throw error;
  }
  return { userId: user.UserId, userName: user.UserName, displayName: user.DisplayName, email };
}

export function handleConsole(req: SandboxRequest, state: AwsState, now: number, baseUrl: string): SandboxResponse {
  const route = `${req.method} ${req.path.replace(/\/$/, "") || "/"}`;
  try {
    switch (route) {
      case "GET /":
        return { status: 302, headers: { location: "/_sandbox/aws/console" } };
      case "GET /console":
        return { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: consolePage(status(state, baseUrl, now)) };
      case "GET /status":
        return ok(status(state, baseUrl, now));
      case "POST /instance/enable":
        if (!state.instance.enabled) state.instance = { enabled: true, createdAt: now, name: "" };
        return ok(status(state, baseUrl, now).instance);
      case "GET /sp-metadata":
        requireEnabled(state);
        return {
          status: 200,
          headers: {
            "content-type": "application/samlmetadata+xml",
            "content-disposition": `attachment; filename="${state.region}_${state.identityStoreId}_aws-sso-metadata.xml"`,
          },
          body: spMetadataXml(spValues(state.region, state.identityStoreId, state.acsId)),
        };
      case "GET /sp-metadata.json": {
        requireEnabled(state);
        const sp = spValues(state.region, state.identityStoreId, state.acsId);
        return ok({ ...sp, metadataXml: spMetadataXml(sp) });
      }
      case "POST /identity-source":
        return ok(changeIdentitySource(state, body(req), now));
      case "POST /provisioning/enable": {
        requireEnabled(state);
        if (state.identitySource.type !== "EXTERNAL_IDP")
          throw new ConsoleError(409, "ExternalIdpRequired", "Automatic provisioning needs an external identity provider as the identity source.");
        if (state.provisioning.enabled) throw new ConsoleError(409, "AlreadyEnabled", "Automatic provisioning is already enabled.");
        state.provisioning.enabled = true;
        return ok({ scimEndpoint: scimEndpoint(state, baseUrl), tenantId: state.provisioning.tenantId, token: newToken(state, now) }, 201);
      }
      case "POST /provisioning/disable":
        state.provisioning.enabled = false;
        state.provisioning.tokens = [];
        return ok({ enabled: false });
      case "GET /provisioning/tokens":
        return ok({ tokens: tokenList(state, now) });
      case "POST /provisioning/tokens":
        if (!state.provisioning.enabled) throw new ConsoleError(409, "ProvisioningDisabled", "Enable automatic provisioning first.");
        return ok(newToken(state, now), 201);
      case "GET /settings":
        return ok(state.settings);
      case "POST /settings":
        return ok(updateSettings(state, body(req)));
      case "POST /users":
        return ok(createManualUser(state, body(req), now), 201);
      case "POST /cloudtrail/events":
        return ok(seedCloudTrailEvent(state, body(req), now), 201);
    }
    const org = orgRoute(route, () => body(req), state.org, now);
    if (org) return ok(org.body, org.status);
    const del = /^DELETE \/provisioning\/tokens\/([^/]+)$/.exec(route);
    if (del?.[1]) {
      const before = state.provisioning.tokens.length;
      state.provisioning.tokens = state.provisioning.tokens.filter((t) => t.tokenId !== del[1]);
      if (state.provisioning.tokens.length === before) throw new ConsoleError(404, "NotFound", `No token ${del[1]}.`);
      return ok({ deleted: del[1] });
    }
    throw new ConsoleError(404, "NotFound", `No AWS console route ${route}.`);
  } catch (error) {
    if (error instanceof ConsoleError) return ok({ error: error.code, message: error.message }, error.status);
    throw error;
  }
}
