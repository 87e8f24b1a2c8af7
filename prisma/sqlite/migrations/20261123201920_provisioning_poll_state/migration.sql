-- CreateTable
CREATE TABLE "ProvisioningPollState" (
    "federationId" TEXT NOT NULL PRIMARY KEY,
    "checkedAt" DATETIME NOT NULL,
    "error" TEXT,
    "errorKind" TEXT,
    "errorSince" DATETIME,
    CONSTRAINT "ProvisioningPollState_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

