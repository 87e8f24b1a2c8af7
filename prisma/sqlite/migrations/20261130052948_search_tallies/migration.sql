-- CreateTable
CREATE TABLE "SearchTally" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "distinctQueries" INTEGER NOT NULL DEFAULT 0,
    "results" INTEGER NOT NULL DEFAULT 0,
    "deepestPage" INTEGER NOT NULL DEFAULT 0,
    "firstAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SearchTallyQuery" (
    "tallyId" INTEGER NOT NULL,
    "query" TEXT NOT NULL,

    PRIMARY KEY ("tallyId", "query"),
    CONSTRAINT "SearchTallyQuery_tallyId_fkey" FOREIGN KEY ("tallyId") REFERENCES "SearchTally" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SearchTally_hour_idx" ON "SearchTally"("hour");

-- CreateIndex
CREATE UNIQUE INDEX "SearchTally_actor_action_hour_key" ON "SearchTally"("actor", "action", "hour");

