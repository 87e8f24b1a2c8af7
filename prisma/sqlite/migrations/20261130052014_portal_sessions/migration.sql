-- CreateTable
CREATE TABLE "PortalSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastActiveAt" DATETIME NOT NULL,
    "roleCheckedAt" DATETIME NOT NULL,
    "roleCheckDueAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endReason" TEXT,
    "endedBy" TEXT
);

-- CreateIndex
CREATE INDEX "PortalSession_userId_endedAt_idx" ON "PortalSession"("userId", "endedAt");

-- CreateIndex
CREATE INDEX "PortalSession_endedAt_lastActiveAt_idx" ON "PortalSession"("endedAt", "lastActiveAt");

