export interface TaskExecution {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  state: "Succeeded" | "Failed" | "EntryLevelErrors";
  timeBegan: string;
  timeEnded: string;
  error: SyncError | null;
}

export interface SyncError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface Quarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: string;
  seriesBegan: string;
  seriesCount: number;
  error: SyncError;
}

export interface AttributeMapping {
  targetAttributeName: string;
  source: { expression: string | null; name: string | null; type: string; parameters: { key: string; value: unknown }[] };
  matchingPriority: number;
  flowType: string;
  flowBehavior: string;
  defaultValue: string | null;
  exportMissingReferences: boolean;
}

export interface ObjectMapping {
  enabled: boolean;
  flowTypes: string;
  name: string;
  sourceObjectName: string;
  targetObjectName: string;
  scope: unknown;
  attributeMappings: AttributeMapping[];
  metadata: { key: string; value: string }[];
}

export interface SynchronizationRule {
  id: string;
  name: string;
  editable: boolean;
  sourceDirectoryName: string;
  targetDirectoryName: string;
  containerFilter: { includedContainers: string[] };
  groupFilter: { includedGroups: string[] };
  metadata: { key: string; value: string }[];
  objectMappings: ObjectMapping[];
}

export interface SynchronizationSchema {
  id: string;
  version: string;
  synchronizationRules: SynchronizationRule[];
  directories: unknown[];
}

/** One provisioned object on the target, as the engine remembers it (its connector data store). */
export interface ExportedObject {
  targetId: string;
  /** Fingerprint of what was last exported; incremental cycles act only when it changes. */
  fingerprint: string;
  active: boolean;
  members?: Set<string>;
}

export interface SyncJobRuntime {
  id: string;
  templateId: string;
  servicePrincipalId: string;
  scheduleState: "Active" | "Disabled" | "Paused";
  code: "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";
  schema: SynchronizationSchema;
  settings: { name: string; value: string }[];
  lastExecution: TaskExecution | null;
  lastSuccessfulExecution: TaskExecution | null;
  lastSuccessfulExecutionWithExports: TaskExecution | null;
  quarantine: Quarantine | null;
  progress: { completedUnits: number; totalUnits: number; units: string; progressObservationDateTime: string }[];
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  /** Whether the initial cycle has completed (reset by restart with Watermark/Full). */
  watermark: boolean;
  escrows: Map<string, { count: number; error: SyncError }>;
  users: Map<string, ExportedObject>;
  groups: Map<string, ExportedObject>;
  /** Source objects skipped (e.g. disabled, never created), by fingerprint, so incremental cycles do not re-log them. */
  skipped: Map<string, string>;
  nextRunAt: number;
  /** restart with resetScope ForceDeletes: the next cycle pushes the deletions the accidental-deletion threshold held. */
  forceDeletes?: boolean;
  running: Promise<void> | null;
  cycles: number;
  createdAt: number;
}

export const NEVER = "0001-01-01T00:00:00Z";
