-- CreateTable
CREATE TABLE "AwsJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "federationId" TEXT,
    "context" TEXT NOT NULL DEFAULT '{}',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "AwsJobOperation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "asyncRequestId" TEXT,
    "requestId" TEXT,
    "error" TEXT,
    "outcome" TEXT,
    "submittedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "AwsJobOperation_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "AwsJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AwsJob_status_idx" ON "AwsJob"("status");

-- CreateIndex
CREATE INDEX "AwsJobOperation_jobId_status_idx" ON "AwsJobOperation"("jobId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AwsJobOperation_jobId_key_key" ON "AwsJobOperation"("jobId", "key");

