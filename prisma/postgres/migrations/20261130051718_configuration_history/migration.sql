-- CreateTable
CREATE TABLE "ConfigurationSnapshot" (
    "id" SERIAL NOT NULL,
    "federationId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT,
    "contentHash" TEXT NOT NULL,
    "configuration" TEXT NOT NULL,

    CONSTRAINT "ConfigurationSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftCheck" (
    "id" SERIAL NOT NULL,
    "federationId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "baselineId" INTEGER,
    "baselineAt" TIMESTAMP(3),
    "trigger" TEXT NOT NULL,
    "actor" TEXT,
    "changeCount" INTEGER NOT NULL,
    "changes" TEXT NOT NULL,
    "error" TEXT,

    CONSTRAINT "DriftCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConfigurationSnapshot_federationId_takenAt_idx" ON "ConfigurationSnapshot"("federationId", "takenAt");

-- CreateIndex
CREATE INDEX "DriftCheck_federationId_checkedAt_idx" ON "DriftCheck"("federationId", "checkedAt");

