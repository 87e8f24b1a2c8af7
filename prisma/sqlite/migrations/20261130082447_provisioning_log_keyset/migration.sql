-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN "countImportedDeltas" INTEGER;

-- RedefineTables (userKey backfilled from the copied names; the portal lower-cases new rows itself)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProvisioningLogEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "federationId" TEXT NOT NULL,
    "activityDateTime" DATETIME NOT NULL,
    "jobId" TEXT,
    "cycleId" TEXT,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceId" TEXT,
    "sourceName" TEXT,
    "sourceType" TEXT,
    "targetId" TEXT,
    "targetName" TEXT,
    "errorCode" TEXT,
    "errorReason" TEXT,
    "recommendedAction" TEXT,
    "searchText" TEXT NOT NULL,
    "userKey" TEXT NOT NULL DEFAULT '',
    "details" TEXT NOT NULL,
    "copiedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProvisioningLogEntry_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProvisioningLogEntry" ("action", "activityDateTime", "copiedAt", "cycleId", "details", "errorCode", "errorReason", "federationId", "id", "jobId", "recommendedAction", "searchText", "sourceId", "sourceName", "sourceType", "status", "targetId", "targetName", "userKey") SELECT "action", "activityDateTime", "copiedAt", "cycleId", "details", "errorCode", "errorReason", "federationId", "id", "jobId", "recommendedAction", "searchText", "sourceId", "sourceName", "sourceType", "status", "targetId", "targetName", lower(coalesce(nullif("targetName", ''), "sourceName", '')) FROM "ProvisioningLogEntry";
DROP TABLE "ProvisioningLogEntry";
ALTER TABLE "new_ProvisioningLogEntry" RENAME TO "ProvisioningLogEntry";
CREATE INDEX "ProvisioningLogEntry_federationId_activityDateTime_id_idx" ON "ProvisioningLogEntry"("federationId", "activityDateTime", "id");
CREATE INDEX "ProvisioningLogEntry_federationId_userKey_activityDateTime_id_idx" ON "ProvisioningLogEntry"("federationId", "userKey", "activityDateTime", "id");
CREATE INDEX "ProvisioningLogEntry_federationId_status_activityDateTime_id_idx" ON "ProvisioningLogEntry"("federationId", "status", "activityDateTime", "id");
CREATE INDEX "ProvisioningLogEntry_federationId_action_activityDateTime_id_idx" ON "ProvisioningLogEntry"("federationId", "action", "activityDateTime", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

