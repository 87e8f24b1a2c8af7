-- CreateTable
CREATE TABLE "Diagnosis" (
    "id" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "federationId" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "entraUserId" TEXT,
    "userPrincipalName" TEXT,
    "outcome" TEXT NOT NULL,
    "tone" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "Diagnosis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Diagnosis_shortId_key" ON "Diagnosis"("shortId");

-- CreateIndex
CREATE INDEX "Diagnosis_userPrincipalName_createdAt_idx" ON "Diagnosis"("userPrincipalName", "createdAt");

