-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SetupStep" (
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
    "attemptId" TEXT,
    "attemptBy" TEXT,
    "attemptStartedAt" DATETIME,
    "leaseUntil" DATETIME,
    "attemptCreated" TEXT NOT NULL DEFAULT '[]',
    "checkResult" TEXT,
    "checkMessage" TEXT,
    "checkedAt" DATETIME,
    "checkedBy" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("federationId", "step"),
    CONSTRAINT "SetupStep_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SetupStep" ("attempts", "doneAt", "doneBy", "error", "evidence", "federationId", "requestIds", "status", "step", "updatedAt", "verifiedAt") SELECT "attempts", "doneAt", "doneBy", "error", "evidence", "federationId", "requestIds", "status", "step", "updatedAt", "verifiedAt" FROM "SetupStep";
DROP TABLE "SetupStep";
ALTER TABLE "new_SetupStep" RENAME TO "SetupStep";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

