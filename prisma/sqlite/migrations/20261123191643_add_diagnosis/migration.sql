-- CreateTable
CREATE TABLE "Diagnosis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shortId" TEXT NOT NULL,
    "federationId" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "entraUserId" TEXT,
    "userPrincipalName" TEXT,
    "outcome" TEXT NOT NULL,
    "tone" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Diagnosis_shortId_key" ON "Diagnosis"("shortId");

-- CreateIndex
CREATE INDEX "Diagnosis_userPrincipalName_createdAt_idx" ON "Diagnosis"("userPrincipalName", "createdAt");

