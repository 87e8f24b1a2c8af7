-- CreateTable
CREATE TABLE "ProvisioningSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "federationId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "code" TEXT NOT NULL,
    "health" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cycleId" TEXT,
    "cycleState" TEXT,
    "cycleBegan" DATETIME,
    "cycleEnded" DATETIME,
    "countImported" INTEGER NOT NULL DEFAULT 0,
    "countExported" INTEGER NOT NULL DEFAULT 0,
    "countEscrowed" INTEGER NOT NULL DEFAULT 0,
    "countSuccessiveCompleteFailures" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProvisioningSnapshot_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProvisioningLogEntry" (
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
    "details" TEXT NOT NULL,
    "copiedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProvisioningLogEntry_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProvisioningSnapshot_federationId_id_idx" ON "ProvisioningSnapshot"("federationId", "id");

-- CreateIndex
CREATE INDEX "ProvisioningSnapshot_federationId_cycleId_idx" ON "ProvisioningSnapshot"("federationId", "cycleId");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_activityDateTime_idx" ON "ProvisioningLogEntry"("federationId", "activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_status_activityDateTime_idx" ON "ProvisioningLogEntry"("federationId", "status", "activityDateTime");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_action_activityDateTime_idx" ON "ProvisioningLogEntry"("federationId", "action", "activityDateTime");

