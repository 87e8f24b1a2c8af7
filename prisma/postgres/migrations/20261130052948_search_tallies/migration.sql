-- CreateTable
CREATE TABLE "SearchTally" (
    "id" SERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "searches" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "distinctQueries" INTEGER NOT NULL DEFAULT 0,
    "results" INTEGER NOT NULL DEFAULT 0,
    "deepestPage" INTEGER NOT NULL DEFAULT 0,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SearchTally_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchTallyQuery" (
    "tallyId" INTEGER NOT NULL,
    "query" TEXT NOT NULL,

    CONSTRAINT "SearchTallyQuery_pkey" PRIMARY KEY ("tallyId","query")
);

-- CreateIndex
CREATE INDEX "SearchTally_hour_idx" ON "SearchTally"("hour");

-- CreateIndex
CREATE UNIQUE INDEX "SearchTally_actor_action_hour_key" ON "SearchTally"("actor", "action", "hour");

-- AddForeignKey
ALTER TABLE "SearchTallyQuery" ADD CONSTRAINT "SearchTallyQuery_tallyId_fkey" FOREIGN KEY ("tallyId") REFERENCES "SearchTally"("id") ON DELETE CASCADE ON UPDATE CASCADE;

