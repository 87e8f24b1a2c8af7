-- CreateTable
CREATE TABLE "Federation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mode" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "scimToken" TEXT,
    "scimTokenCreatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SetupStep" (
    "federationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'not-started',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "evidence" TEXT,
    "error" TEXT,
    "requestIds" TEXT NOT NULL DEFAULT '[]',
    "doneBy" TEXT,
    "doneAt" DATETIME,
    "verifiedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("federationId", "step"),
    CONSTRAINT "SetupStep_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

