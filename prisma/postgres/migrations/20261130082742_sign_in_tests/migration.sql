-- CreateTable
CREATE TABLE "SignInTest" (
    "id" TEXT NOT NULL,
    "federationId" TEXT NOT NULL,
    "userPrincipalName" TEXT NOT NULL,
    "entraUserId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedBy" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3),
    "outcome" TEXT,
    "attempt" TEXT,

    CONSTRAINT "SignInTest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignInTest_federationId_startedAt_idx" ON "SignInTest"("federationId", "startedAt");

