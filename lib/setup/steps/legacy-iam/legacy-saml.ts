import "server-only";
import { z } from "zod";
import {
  ensureClaimsMappingPolicy,
  legacyClaimsDefinition,
  legacyClaimsOf,
  listClaimsMappingPolicies,
  type LegacyClaims,
} from "../../../entra/claims-mapping-policy";
import { configureBasicSaml, previewBasicSaml, type BasicSamlSpec } from "../../../entra/configure-basic-saml";
import { readServicePrincipal } from "../../../entra/service-principal";
import { setSamlSingleSignOn } from "../../../entra/set-saml-single-sign-on";
import { StepError, type SetupContext } from "../../context";
import { nextLegacyInstance } from "../../federation-id";
import { instancesOfOtherFederations } from "../../federations";
import { StepInputError } from "../../step-input-error";
import { recordCreated } from "../../store";
import { defineStep, stepInputView } from "../types";
import { appOf, AWS_SAML_URL, legacyIdentifier, SESSION_DURATION } from "./shared";
import { stepTitle } from "../../step-catalog";

export const legacySamlInput = z
  .object({
    instance: z.coerce.number().int("a whole number").min(1, "1 for the first app in the tenant, 2, 3 … for further ones").max(999, "at most 999").optional(),
    sessionDuration: z.coerce
      .number()
      .int("whole seconds")
      .min(SESSION_DURATION.min, `at least ${SESSION_DURATION.min} seconds (15 minutes)`)
      .max(SESSION_DURATION.max, `at most ${SESSION_DURATION.max} seconds (12 hours)`)
      .optional(),
  })
  .optional();
type LegacySamlInput = z.infer<typeof legacySamlInput>;

/** What the step sets: the input, else what the federation chose before, else the instance it was added with (or the first) and one hour. */
function wantedOf(context: SetupContext, input: LegacySamlInput) {
  const before = context.facts.legacySaml;
  const instance = input?.instance ?? before?.instance ?? context.facts.legacyTarget?.instance ?? 1;
  const sessionDuration = input?.sessionDuration ?? before?.sessionDuration ?? SESSION_DURATION.default;
  return { instance, identifier: legacyIdentifier(instance), sessionDuration };
}

/** Each legacy app in the tenant needs its own identifier: an instance number another federation's app uses is refused before anything changes. */
async function refuseTakenInstance(context: SetupContext, instance: number) {
  const taken = await instancesOfOtherFederations(context.database, context.federationId);
  const owner = taken.get(instance);
  if (!owner) return;
  const free = nextLegacyInstance([...taken.keys()]);
  throw new StepInputError(
    `Instance ${instance} is the app of federation "${owner}" (identifier ${legacyIdentifier(instance)}); each app in the tenant needs its own. Use ${free}.`,
    {
      instance: [`used by federation "${owner}"; ${free} is free`],
    },
  );
}

function specOf(context: SetupContext, identifier: string): BasicSamlSpec {
  const app = appOf(context);
  return { applicationObjectId: app.applicationObjectId, servicePrincipalId: app.servicePrincipalId, identifierUri: identifier, replyUrls: [AWS_SAML_URL] };
}

const WANTED_CLAIMS = (sessionDuration: number): LegacyClaims => ({
  role: "user.assignedroles",
  roleSessionName: "user.userprincipalname",
  sessionDuration: String(sessionDuration),
});

/** The policy's name marks it as this app's own: the step rewrites only a policy with this name. */
const policyName = (appId: string) => `Identity Bridge AWS claims (${appId})`;

function claimDifferences(current: LegacyClaims, wanted: LegacyClaims): string[] {
  const labels: Record<keyof LegacyClaims, string> = { role: "Role", roleSessionName: "RoleSessionName", sessionDuration: "SessionDuration" };
  return (Object.keys(labels) as (keyof LegacyClaims)[])
    .filter((key) => current[key] !== wanted[key])
    .map((key) => `Claim ${labels[key]}: ${current[key] ?? "(not sent)"} → ${wanted[key]}`);
}

async function currentClaims(context: SetupContext) {
  const policies = await listClaimsMappingPolicies(await context.entra(), appOf(context).servicePrincipalId);
  const policy = policies[0];
  return { policy, claims: policy ? legacyClaimsOf(policy.definition) : { role: null, roleSessionName: null, sessionDuration: null } };
}

export const legacySaml = defineStep<LegacySamlInput>({
  id: "legacy-saml",
  side: "Entra",
  title: stepTitle("legacy-iam", "legacy-saml"),
  guide:
    "Single sign-on → SAML. Basic SAML Configuration: Identifier and Reply URL https://signin.aws.amazon.com/saml (from the second app in the tenant on, the identifier ends in #2, #3 …); Save. " +
    "Attributes & Claims: add Role (user.assignedroles), RoleSessionName (user.userprincipalname) and SessionDuration (900–43,200 seconds), namespace https://aws.amazon.com/SAML/Attributes.",
  how: "automated",
  verifiedBy:
    "The service principal reads back SAML mode; the app's identifier and reply URL read back as set; the claims mapping policy linked to the app sends Role, RoleSessionName and SessionDuration as chosen.",
  requires: ["gallery-app"],
  input: legacySamlInput,
  async run(context, input) {
    const wanted = wantedOf(context, input);
    await refuseTakenInstance(context, wanted.instance);
    const app = appOf(context);
    const gateway = await context.entra();
    // SAML first: Entra accepts an identifier outside the tenant's verified domains only on a SAML service principal.
    const mode = await setSamlSingleSignOn(gateway, app.servicePrincipalId);
    const saml = await configureBasicSaml(gateway, specOf(context, wanted.identifier));
    const claims = await ensureClaimsMappingPolicy(
      gateway,
      app.servicePrincipalId,
      { displayName: policyName(app.appId), definition: legacyClaimsDefinition(wanted.sessionDuration) },
      {
        recorded: context.facts.legacySaml?.claimsPolicyId,
        onCreated: async (claimsPolicyId) => {
          context.facts = await recordCreated(context.database, context.federationId, "legacy-saml", {
            facts: { legacySaml: { ...wanted, claimsPolicyId } },
            description: `Claims mapping policy "${policyName(app.appId)}" (${claimsPolicyId})`,
          });
        },
      },
    );
    return {
      facts: { legacySaml: { ...wanted, claimsPolicyId: claims.policyId } },
      evidence: { samlMode: mode.changed ? "set" : "kept", changed: saml.applied.map((a) => a.field), claimsPolicy: `${claims.outcome} ${claims.policyId}` },
    };
  },
  async verify(context) {
    const wanted = wantedOf(context, undefined);
    const gateway = await context.entra();
    const [sp, saml, claims] = await Promise.all([
      readServicePrincipal(gateway, appOf(context).servicePrincipalId),
      previewBasicSaml(gateway, specOf(context, wanted.identifier)),
      currentClaims(context),
    ]);
    const problems: string[] = [];
    if (sp.preferredSingleSignOnMode !== "saml") problems.push(`single sign-on is "${sp.preferredSingleSignOnMode ?? "not set"}", not SAML`);
    if (!saml.current.identifierUris.includes(wanted.identifier)) problems.push(`the identifier is not ${wanted.identifier}`);
    if (!saml.current.replyUrls.includes(AWS_SAML_URL)) problems.push(`the reply URL ${AWS_SAML_URL} is missing`);
    problems.push(...claimDifferences(claims.claims, WANTED_CLAIMS(wanted.sessionDuration)).map((d) => d.replace(/^Claim/, "claim")));
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again to repair it.`);
    return {
      evidence: {
        identifier: wanted.identifier,
        replyUrl: AWS_SAML_URL,
        role: claims.claims.role,
        roleSessionName: claims.claims.roleSessionName,
        sessionDuration: claims.claims.sessionDuration,
      },
    };
  },
  async preview(context, input) {
    const wanted = wantedOf(context, input);
    await refuseTakenInstance(context, wanted.instance);
    const gateway = await context.entra();
    const [sp, saml, claims] = await Promise.all([
      readServicePrincipal(gateway, appOf(context).servicePrincipalId),
      previewBasicSaml(gateway, specOf(context, wanted.identifier)),
      currentClaims(context),
    ]);
    const show = (value: string | string[] | null) => (Array.isArray(value) ? (value.length ? value.join(", ") : "(none)") : (value ?? "(none)"));
    const foreignPolicy = claims.policy && claims.policy.displayName !== policyName(appOf(context).appId);
    const claimChanges = claimDifferences(claims.claims, WANTED_CLAIMS(wanted.sessionDuration));
    return {
      changes: [
        sp.preferredSingleSignOnMode === "saml" ? "Single sign-on: kept (SAML)." : `Single sign-on method: ${show(sp.preferredSingleSignOnMode)} → saml`,
        ...(saml.changes.length
          ? saml.changes.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`)
          : [`Identifier and reply URL: kept (${wanted.identifier}, ${AWS_SAML_URL}).`]),
        ...(foreignPolicy
          ? [`Blocked: the app already has the claims mapping policy "${claims.policy?.displayName}". Unlink it in Entra first.`]
          : claimChanges.length
            ? claimChanges
            : ["Claims: kept (Role, RoleSessionName and SessionDuration already as chosen)."]),
      ],
    };
  },
  labels: { run: "Run this step" },
  view: stepInputView(
    () => import("@/components/setup/legacy-inputs-client").then((m) => m.LegacySamlStepInput),
    (view) => ({
      instance: view.facts.legacySaml?.instance ?? view.facts.legacyTarget?.instance ?? 1,
      sessionDuration: view.facts.legacySaml?.sessionDuration ?? SESSION_DURATION.default,
    }),
  ),
  panels: [],
  screens: ["legacy-saml", "legacy-claims"],
});
