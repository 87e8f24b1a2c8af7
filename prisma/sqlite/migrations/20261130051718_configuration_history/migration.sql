-- CreateTable
CREATE TABLE "ConfigurationSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "federationId" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME NOT NULL,
    "trigger" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT,
    "contentHash" TEXT NOT NULL,
    "configuration" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "DriftCheck" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "federationId" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "baselineId" INTEGER,
    "baselineAt" DATETIME,
    "trigger" TEXT NOT NULL,
    "actor" TEXT,
    "changeCount" INTEGER NOT NULL,
    "changes" TEXT NOT NULL,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "ConfigurationSnapshot_federationId_takenAt_idx" ON "ConfigurationSnapshot"("federationId", "takenAt");

-- CreateIndex
CREATE INDEX "DriftCheck_federationId_checkedAt_idx" ON "DriftCheck"("federationId", "checkedAt");

