import "server-only";
import { z } from "zod";
import { findUserByUserName } from "../aws/find-user-by-user-name";
import { ensureAppAssignment, listAppAssignments } from "../entra/app-assignments";
import { configureBasicSaml, readApplicationSamlUrls } from "../entra/configure-basic-saml";
import { ensureProvisioningJob } from "../entra/ensure-provisioning-job";
import { ensureSigningCertificate } from "../entra/ensure-signing-certificate";
import { fetchFederationMetadata } from "../entra/fetch-federation-metadata";
import { findGroupByDisplayName } from "../entra/find-group";
import { findUser } from "../entra/find-user";
import { ensureGalleryApp } from "../entra/gallery-app";
import { lintInScopeUsers } from "../entra/lint-in-scope-users";
import { preflightEntra } from "../entra/preflight-entra";
import { provisionOnDemand } from "../entra/provision-on-demand";
import { getProvisioningJob } from "../entra/provisioning-job";
import { startProvisioningJob } from "../entra/provisioning-job-control";
import { readProvisioningSchema, setGroupSync } from "../entra/provisioning-schema";
import { readProvisioningSecrets, saveProvisioningSecrets } from "../entra/provisioning-secrets";
import { readServicePrincipal } from "../entra/service-principal";
import { setNotificationEmails } from "../entra/set-notification-emails";
import { setSamlSingleSignOn } from "../entra/set-saml-single-sign-on";
import { validateCredentials } from "../entra/validate-credentials";
import { parseMetadataOnServer } from "../saml/parse-metadata-on-server";
import { scimTokenOf } from "./aws-steps";
import { requireFact, StepError, type SetupContext, type StepImplementation } from "./context";
import type { FederationFacts } from "./facts";

/** The gallery app: "AWS IAM Identity Center (successor to AWS Single Sign-On)" (graph-api.md §0). */
export const IDENTITY_CENTER_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
export const DEFAULT_APP_NAME = "AWS IAM Identity Center";

const appOf = (c: SetupContext) => requireFact(c, "app", "Create the enterprise app first (step 2).");
const jobOf = (c: SetupContext) => ({
  servicePrincipalId: appOf(c).servicePrincipalId,
  jobId: requireFact(c, "job", "Set up provisioning credentials first (step 9).").jobId,
});

export const entraPreflight = async (context: SetupContext) => {
  const result = await preflightEntra(await context.entra());
  return {
    facts: { preflight: { ...context.facts.preflight, entra: { granted: result.granted, missing: result.missing.map((m) => m.permission) } } },
    evidence: { graphPermissions: result.granted, missingGraphPermissions: result.missing.map((m) => m.permission) },
  };
};

export const galleryApp: StepImplementation = {
  async run(context) {
    const c = context;
    const result = await ensureGalleryApp(
      await c.entra(),
      { templateId: IDENTITY_CENTER_TEMPLATE_ID, displayName: DEFAULT_APP_NAME },
      { onProgress: (p) => c.onProgress?.(`Waiting for Entra to replicate the new app (attempt ${JSON.stringify(p)})`) },
    );
    const { applicationObjectId, appId, servicePrincipalId, displayName } = result;
    return {
      facts: { app: { applicationObjectId, appId, servicePrincipalId, displayName } },
      evidence: { outcome: result.outcome, appId, servicePrincipalId },
    };
  },
  async verify(context) {
    const app = appOf(context);
    const sp = await readServicePrincipal(await context.entra(), app.servicePrincipalId);
    return {
      evidence: {
        appId: app.appId,
        servicePrincipalId: app.servicePrincipalId,
        displayName: app.displayName,
        ssoMode: sp.preferredSingleSignOnMode ?? "not set",
      },
    };
  },
};

export const samlMode: StepImplementation = {
  async run(context) {
    const result = await setSamlSingleSignOn(await context.entra(), appOf(context).servicePrincipalId);
    return { evidence: { changed: result.changed, previousMode: result.previousMode ?? "none" } };
  },
  async verify(context) {
    const sp = await readServicePrincipal(await context.entra(), appOf(context).servicePrincipalId);
    if (sp.preferredSingleSignOnMode !== "saml")
      throw new StepError(`Single sign-on mode is "${sp.preferredSingleSignOnMode ?? "not set"}", not SAML. Run this step.`);
    return { evidence: { preferredSingleSignOnMode: "saml" } };
  },
};

export const basicSaml: StepImplementation = {
  async run(context) {
    const c = context;
    const gateway = await c.entra();
    const app = appOf(c);
    const sp = requireFact(c, "spMetadata", "Bring the AWS metadata first (step 4).");
    const saml = await configureBasicSaml(gateway, {
      applicationObjectId: app.applicationObjectId,
      servicePrincipalId: app.servicePrincipalId,
      identifierUri: sp.entityId,
      replyUrls: sp.acsUrls,
      signOnUrl: sp.accessPortalUrl,
    });
    const certificate = await ensureSigningCertificate(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      displayName: "CN=Microsoft Azure Federated SSO Certificate",
    });
    await setNotificationEmails(gateway, app.servicePrincipalId, [c.actor.email]);
    return {
      facts: { signing: { thumbprint: certificate.thumbprint, notAfter: certificate.notAfter ?? "", notificationEmail: c.actor.email } },
      evidence: { changed: saml.applied.map((a) => a.field), certificate: `${certificate.outcome} ${certificate.thumbprint}` },
    };
  },
  async verify(context) {
    const c = context;
    const sp = requireFact(c, "spMetadata", "Bring the AWS metadata first (step 4).");
    const signing = requireFact(c, "signing", "Run this step to add the signing certificate.");
    const gateway = await c.entra();
    const app = appOf(c);
    const [principal, application] = await Promise.all([
      readServicePrincipal(gateway, app.servicePrincipalId),
      readApplicationSamlUrls(gateway, app.applicationObjectId),
    ]);
    const problems: string[] = [];
    if (!application.identifierUris.includes(sp.entityId)) problems.push(`Identifier is not ${sp.entityId}`);
    const missingReplies = sp.acsUrls.filter((url) => !application.replyUrls.includes(url));
    if (missingReplies.length) problems.push(`Reply URL missing: ${missingReplies.join(", ")}`);
    if (principal.loginUrl !== sp.accessPortalUrl) problems.push(`Sign on URL is ${principal.loginUrl ?? "empty"}, not ${sp.accessPortalUrl}`);
    if (principal.preferredTokenSigningKeyThumbprint?.toUpperCase() !== signing.thumbprint.toUpperCase())
      problems.push("The signing certificate is not the active one");
    if (problems.length) throw new StepError(`${problems.join("; ")}. Run this step again to repair it.`);
    return {
      evidence: {
        identifier: sp.entityId,
        replyUrls: sp.acsUrls,
        signOnUrl: sp.accessPortalUrl,
        signingCertificate: signing.thumbprint,
        certificateExpires: signing.notAfter,
      },
    };
  },
};

export const federationMetadata: StepImplementation = {
  async run(context) {
    const c = context;
    const app = appOf(c);
    const result = await fetchFederationMetadata(await c.entra(), { appId: app.appId });
    const parsed = await parseMetadataOnServer(result.xml, "idp");
    if (!parsed.ok) throw new StepError(`Entra's federation metadata did not pass the checks: ${parsed.error.message}`);
    const signing = requireFact(c, "signing", "Run step 5 first.");
    const certificate =
      parsed.metadata.certificates.find((x) => x.sha1Thumbprint.toUpperCase() === signing.thumbprint.toUpperCase()) ?? parsed.metadata.certificates[0];
    if (!certificate) throw new StepError("The federation metadata carries no signing certificate.");
    if (parsed.metadata.signature !== "valid") throw new StepError("The federation metadata is not signed by its certificate.");
    const sso = parsed.metadata.singleSignOnServices.find((s) => s.binding.endsWith("HTTP-Redirect")) ?? parsed.metadata.singleSignOnServices[0];
    if (!sso) throw new StepError("The federation metadata has no single sign-on URL.");
    return {
      facts: {
        idpMetadata: {
          entityId: parsed.metadata.entityId,
          ssoUrl: sso.location,
          thumbprint: certificate.sha1Thumbprint,
          notAfter: certificate.notAfter,
          fileName: result.fileName,
          xml: result.xml,
        },
      },
      evidence: {
        entityId: parsed.metadata.entityId,
        signature: parsed.metadata.signature,
        certificate: certificate.sha1Thumbprint,
        expires: certificate.notAfter,
        ssoUrl: sso.location,
      },
    };
  },
  async verify(context) {
    const idp = requireFact(context, "idpMetadata", "Run this step to fetch and check the metadata.");
    const signing = requireFact(context, "signing", "Run step 5 first.");
    if (idp.thumbprint.toUpperCase() !== signing.thumbprint.toUpperCase())
      throw new StepError("The metadata was signed with another certificate than the active one. Run this step again and upload the new file to AWS.");
    return { evidence: { entityId: idp.entityId, certificate: idp.thumbprint, expires: idp.notAfter, fileName: idp.fileName } };
  },
};

export const provisioningCredentials: StepImplementation = {
  async run(context) {
    const c = context;
    const gateway = await c.entra();
    const app = appOf(c);
    const scim = requireFact(c, "scim", "Paste the SCIM endpoint and token first (step 8).");
    const token = await scimTokenOf(c);
    const job = await ensureProvisioningJob(gateway, { servicePrincipalId: app.servicePrincipalId });
    const valid = await validateCredentials(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      jobId: job.jobId,
      baseAddress: scim.endpoint,
      secretToken: token,
    });
    if (!valid.ok) throw new StepError(`Test Connection failed: ${valid.message}`);
    await saveProvisioningSecrets(gateway, {
      servicePrincipalId: app.servicePrincipalId,
      baseAddress: scim.endpoint,
      secretToken: token,
      syncAll: false,
      notificationEmail: c.actor.email,
    });
    return {
      facts: { job: { jobId: job.jobId } },
      evidence: { job: `${job.outcome} ${job.jobId}`, testConnection: "succeeded" },
    };
  },
  async verify(context) {
    const c = context;
    const gateway = await c.entra();
    const ref = jobOf(c);
    const valid = await validateCredentials(gateway, { ...ref, useSavedCredentials: true });
    if (!valid.ok) throw new StepError(`Test Connection with the saved credentials failed: ${valid.message}`);
    const saved = await readProvisioningSecrets(gateway, ref.servicePrincipalId);
    return {
      evidence: { jobId: ref.jobId, tenantUrl: saved.saved.baseAddress ?? "not set", secretToken: saved.saved.secretTokenSet ? "saved (masked)" : "missing" },
    };
  },
};

export const mappingsInput = z.object({ groupSync: z.boolean().optional() }).optional();

export const mappings: StepImplementation<z.infer<typeof mappingsInput>> = {
  async run(context, input) {
    if (input?.groupSync === undefined) return { evidence: {} };
    await setGroupSync(await context.entra(), jobOf(context), input.groupSync);
    return { evidence: { groupSync: input.groupSync ? "on" : "off" } };
  },
  async verify(context) {
    const c = context;
    const gateway = await c.entra();
    const { schema } = await readProvisioningSchema(gateway, jobOf(c));
    const source = schema.userMapping?.userNameSource ?? null;
    if (source !== "userPrincipalName")
      throw new StepError(
        `AWS userName is fed from ${source ?? "nothing"}, not userPrincipalName. AWS finds users only by userName, so restore the default mapping.`,
      );
    const lint = await lintInScopeUsers(gateway, appOf(c).servicePrincipalId);
    const problems = lint.users
      .filter((u) => u.issues.length)
      .map((u) => ({ userPrincipalName: u.user.userPrincipalName, issues: u.issues.map((i) => i.message) }));
    return {
      facts: {
        schema: { matchingSource: "userPrincipalName", matchingTarget: "userName", groupSync: schema.groupSyncEnabled },
        lint: { checked: lint.users.length, problems },
      },
      evidence: {
        mapping: "userPrincipalName → userName (matching)",
        groupSync: schema.groupSyncEnabled ? "on" : "off",
        inScopeUsersChecked: lint.users.length,
        usersWithProblems: problems.map((p) => `${p.userPrincipalName}: ${p.issues.join("; ")}`),
      },
    };
  },
};

export const scopeInput = z.object({
  principals: z.array(z.string().trim().min(1).max(256)).min(1, "name at least one group or user to assign").max(50),
});

export const scopeAssignments: StepImplementation<z.infer<typeof scopeInput>> = {
  async run(context, { principals }) {
    const c = context;
    const gateway = await c.entra();
    const app = appOf(c);
    const assigned: NonNullable<FederationFacts["assignments"]>["principals"] = [];
    const unknown: string[] = [];
    for (const name of principals) {
      const group = await findGroupByDisplayName(gateway, name);
      const user = group.group ? null : await findUser(gateway, name);
      const principal = group.group
        ? { id: group.group.id, type: "Group" as const, displayName: group.group.displayName }
        : user?.user
          ? { id: user.user.id, type: "User" as const, displayName: user.user.userPrincipalName }
          : null;
      if (!principal) {
        unknown.push(name);
        continue;
      }
      await ensureAppAssignment(gateway, { servicePrincipalId: app.servicePrincipalId, principalId: principal.id });
      assigned.push(principal);
    }
    if (unknown.length) throw new StepError(`Not found in Entra ID: ${unknown.join(", ")}. Use a group's display name or a user's UPN.`);
    return { facts: { assignments: { principals: assigned } }, evidence: { assigned: assigned.map((p) => `${p.type} ${p.displayName}`) } };
  },
  async verify(context) {
    const c = context;
    const gateway = await c.entra();
    const app = appOf(c);
    const [secrets, assignments] = await Promise.all([
      readProvisioningSecrets(gateway, app.servicePrincipalId),
      listAppAssignments(gateway, app.servicePrincipalId),
    ]);
    if (secrets.saved.syncAll !== false)
      throw new StepError('Provisioning scope is "Sync all users and groups". Set it to "Sync only assigned users and groups" (run step 9 again).');
    if (!assignments.assignments.length) throw new StepError("Nobody is assigned to the app yet, so nobody will be provisioned. Assign groups or users.");
    return {
      evidence: {
        scope: "only assigned users and groups",
        assigned: assignments.assignments.map((a) => `${a.principalType} ${a.principalDisplayName ?? a.principalId}`),
      },
    };
  },
};

export const startProvisioning: StepImplementation = {
  async run(context) {
    const result = await startProvisioningJob(await context.entra(), jobOf(context));
    return { evidence: { changed: result.changed } };
  },
  async verify(context) {
    const { job } = await getProvisioningJob(await context.entra(), jobOf(context));
    if (job.status.code === "NotRun" || job.status.code === "NotConfigured" || job.status.code === "Paused" || job.schedule.state !== "Active")
      throw new StepError(
        `The provisioning job is ${job.status.code === "Paused" || job.schedule.state === "Paused" ? "paused" : "not started"}. Run this step to start it.`,
      );
    return { evidence: { status: job.status.code, schedule: job.schedule.state, interval: job.schedule.interval ?? "PT40M" } };
  },
};

export const proveInput = z.object({ userPrincipalName: z.string().trim().min(3, "enter the UPN of a user in scope").max(256) });

export const proveUser: StepImplementation<z.infer<typeof proveInput>> = {
  async run(context, { userPrincipalName }) {
    const c = context;
    const gateway = await c.entra();
    const found = await findUser(gateway, userPrincipalName);
    if (!found.user) throw new StepError(`${userPrincipalName} was not found in Entra ID.`);
    const result = await provisionOnDemand(gateway, { ...jobOf(c), userId: found.user.id });
    if (result.result === "Failure")
      throw new StepError(`Provisioning ${found.user.userPrincipalName} failed: ${result.errorMessage ?? result.errorCode ?? "no reason given"}`);
    const steps = result.steps.map((s) => `${s.name}: ${s.status}`);
    return {
      facts: { proof: { userPrincipalName: found.user.userPrincipalName, awsUserId: "" } },
      evidence: { onDemand: `${result.result} (${result.action ?? "no change"})`, steps },
    };
  },
  async verify(context) {
    const proof = requireFact(context, "proof", "Provision a user on demand first.");
    const instance = requireFact(context, "instance", "Enable IAM Identity Center first (step 1).");
    const found = await findUserByUserName(context.aws(), instance.identityStoreId, proof.userPrincipalName);
    if (!found.user) throw new StepError(`${proof.userPrincipalName} is not in the AWS identity store (no user with that userName).`);
    return {
      facts: { proof: { userPrincipalName: proof.userPrincipalName, awsUserId: found.user.userId } },
      evidence: { awsUserName: proof.userPrincipalName, awsUserId: found.user.userId },
    };
  },
};
