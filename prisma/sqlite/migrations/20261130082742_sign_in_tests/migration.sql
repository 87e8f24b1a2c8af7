-- CreateTable
CREATE TABLE "SignInTest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "federationId" TEXT NOT NULL,
    "userPrincipalName" TEXT NOT NULL,
    "entraUserId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedBy" TEXT NOT NULL,
    "seenAt" DATETIME,
    "outcome" TEXT,
    "attempt" TEXT
);

-- CreateIndex
CREATE INDEX "SignInTest_federationId_startedAt_idx" ON "SignInTest"("federationId", "startedAt");

