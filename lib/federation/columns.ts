import { z } from "zod";
import type { ProvisioningJob } from "../entra/provisioning-job";
import type { DiagnosisReport } from "../helpdesk/types";
import { federationConfigurationSchema } from "../history/configuration";
import { federationFactsSchema } from "./facts";
import { jsonColumn } from "./json-column";

/**
 * Every JSON column of the schema (prisma/models/models.prisma), each behind one codec. Read a column only
 * through its codec: the value is parsed and checked once, where the row is read.
 */

const requestIds = z.array(z.string());

export const federationFactsColumn = jsonColumn("Federation.facts", federationFactsSchema);

export const stepEvidenceColumn = jsonColumn("SetupStep.evidence", z.record(z.string(), z.unknown()));
export const stepRequestIdsColumn = jsonColumn("SetupStep.requestIds", requestIds);
/** What the running (or interrupted) attempt has already created, one line each. */
export const stepAttemptCreatedColumn = jsonColumn("SetupStep.attemptCreated", z.array(z.string()));

export const auditRequestIdsColumn = jsonColumn("AuditEvent.requestIds", requestIds);
/** AuditEvent.before / after: whatever the action recorded (redacted), shown as it was. */
export const auditBeforeColumn = jsonColumn("AuditEvent.before", z.unknown());
export const auditAfterColumn = jsonColumn("AuditEvent.after", z.unknown());

const nullableString = z.string().nullable();
const syncErrorInfo = z.object({ code: z.string(), message: z.string(), tenantActionable: z.boolean() }).nullable();
const taskExecution = z
  .object({
    activityIdentifier: nullableString,
    state: z.enum(["Succeeded", "Failed", "EntryLevelErrors", "Unknown"]),
    timeBegan: nullableString,
    timeEnded: nullableString,
    countEntitled: z.number(),
    countEscrowed: z.number(),
    countExported: z.number(),
    countImported: z.number(),
    countImportedDeltas: z.number().nullable(),
    error: syncErrorInfo,
  })
  .nullable();

/** ProvisioningSnapshot.status: the typed job of lib/entra/provisioning-job.ts, as the poller stored it. */
export const provisioningJobSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  schedule: z.object({ interval: nullableString, state: z.enum(["Active", "Disabled", "Paused", "Unknown"]), expiration: nullableString }),
  status: z.object({
    code: z.enum(["NotConfigured", "NotRun", "Active", "Paused", "Quarantine", "Unknown"]),
    lastExecution: taskExecution,
    lastSuccessfulExecution: taskExecution,
    lastSuccessfulExecutionWithExports: taskExecution,
    quarantine: z
      .object({
        reason: z.string(),
        currentBegan: nullableString,
        nextAttempt: nullableString,
        seriesBegan: nullableString,
        seriesCount: z.number(),
        error: syncErrorInfo,
      })
      .nullable(),
    progress: z.array(z.object({ completedUnits: z.number(), totalUnits: z.number(), units: z.string(), observedAt: nullableString })),
    steadyStateFirstAchievedTime: nullableString,
    steadyStateLastAchievedTime: nullableString,
    countSuccessiveCompleteFailures: z.number(),
    escrowsPruned: z.boolean(),
    synchronizedEntryCountByType: z.array(z.object({ key: z.string(), value: z.number() })),
    troubleshootingUrl: nullableString,
  }),
  settings: z.array(z.object({ name: z.string(), value: z.string() })),
}) satisfies z.ZodType<ProvisioningJob>;

export const snapshotStatusColumn = jsonColumn<ProvisioningJob>("ProvisioningSnapshot.status", provisioningJobSchema);

/** ProvisioningLogEntry.details: the entry's provisioning steps and modified properties, as copied from Graph. */
export const logDetailsColumn = jsonColumn(
  "ProvisioningLogEntry.details",
  z.looseObject({
    steps: z.array(z.looseObject({ type: z.string(), description: z.string() })).optional(),
    modifiedProperties: z.array(z.unknown()).optional(),
  }),
);

/**
 * Diagnosis.report: the DiagnosisReport of lib/helpdesk/types.ts. Checked down to what the pages branch on
 * (outcome, tone, headline, problems); the findings inside are shown as stored.
 */
const diagnosisReportShape = z.looseObject({
  outcome: z.string(),
  headline: z.looseObject({ tone: z.string(), text: z.string() }),
  checks: z.array(z.unknown()),
  problems: z.array(z.looseObject({ source: z.string(), kind: z.string(), message: z.string() })),
});
export const diagnosisReportColumn = jsonColumn<DiagnosisReport>(
  "Diagnosis.report",
  z.custom<DiagnosisReport>((value) => diagnosisReportShape.safeParse(value).success, "not a diagnosis report (outcome, headline and problems expected)"),
);

/** Connection.settings of the Entra connection (the secret lives in its own encrypted column). */
export const entraSettingsColumn = jsonColumn(
  "Connection.settings (entra)",
  z.object({
    tenantId: z.string().optional(),
    clientId: z.string().optional(),
    credentialType: z.enum(["secret", "certificate"]),
    certificate: z.object({ thumbprint: z.string(), subject: z.string(), notAfter: z.string() }).optional(),
  }),
);

/** Connection.settings of the AWS connection. */
export const awsSettingsColumn = jsonColumn(
  "Connection.settings (aws)",
  z.object({
    region: z.string().optional(),
    credentialSource: z.enum(["default-chain", "assume-role"]),
    roleArn: z.string().optional(),
    externalId: z.string().optional(),
  }),
);

/** Setting.value of "helpdesk.policy". Missing fields take their default (the policy only grows). */
export const helpdeskPolicyColumn = jsonColumn("Setting.value (helpdesk.policy)", z.object({ helpdeskMayProvisionOnDemand: z.boolean().default(false) }));

/** AuditEvent.after of an "auth.sign-in" row: the role the user signed in with. */
export const signInAfterColumn = jsonColumn("AuditEvent.after (auth.sign-in)", z.looseObject({ role: z.string().optional() }));

/** AwsJobOperation.params (issue 13's job runner, lib/aws-jobs): the target of one AWS write. */
export const awsJobOperationParamsSchema = z.object({
  accountId: z.string(),
  permissionSetArn: z.string(),
  /** Absent for provision-permission-set. */
  principalType: z.enum(["USER", "GROUP"]).optional(),
  principalId: z.string().optional(),
  /** For the audit row and the progress view: "Project Admins → ProjectAdmin". */
  label: z.string().optional(),
});
export const awsJobOperationParamsColumn = jsonColumn("AwsJobOperation.params", awsJobOperationParamsSchema);
/** AwsJob.context: what every operation of the job shares. */
export const awsJobContextColumn = jsonColumn("AwsJob.context", z.object({ instanceArn: z.string(), actorRole: z.string().default("admin") }));

/** ConfigurationSnapshot.configuration (issue 14, lib/history): the whole federation across both clouds, never secrets. */
export const configurationColumn = jsonColumn("ConfigurationSnapshot.configuration", federationConfigurationSchema);

const shownChange = z.discriminatedUnion("secret", [
  z.object({ path: z.string(), kind: z.enum(["added", "removed", "changed"]), secret: z.literal(true) }),
  z.object({
    path: z.string(),
    kind: z.enum(["added", "removed", "changed"]),
    before: z.string().optional(),
    after: z.string().optional(),
    secret: z.literal(false),
  }),
]);
/** DriftCheck.changes: each field that differs from the recorded configuration, and who changed it when that is known. */
export const driftChangesColumn = jsonColumn(
  "DriftCheck.changes",
  z.array(
    z.object({
      change: shownChange,
      side: z.enum(["entra", "aws"]),
      /** Entra's directory audit or AWS CloudTrail, when the portal could read it; else null (outside the portal, between the two times). */
      by: z.object({ who: z.string(), at: z.string(), source: z.string() }).nullable(),
      /** Why a change stays unattributed when the portal looked (e.g. CloudTrail could not be read); absent in older checks. */
      note: z.string().optional(),
    }),
  ),
);

/** SignInTest.attempt: the attempt the Test sign-in step saw (lib/sign-in/outcome.ts), as it was seen. */
export const signInAttemptColumn = jsonColumn(
  "SignInTest.attempt",
  z.object({
    at: z.string(),
    status: z.enum(["pass", "warn", "fail"]),
    outcome: z.string(),
    cause: z.string(),
    remedy: z.string(),
    remedyBy: z.enum(["admin", "helpdesk", "user"]),
    entra: z.object({ at: z.string(), errorCode: z.number() }).nullable(),
    aws: z.object({ at: z.string(), eventName: z.string(), outcome: z.enum(["success", "failure"]), userName: z.string().nullable() }).nullable(),
  }),
);
