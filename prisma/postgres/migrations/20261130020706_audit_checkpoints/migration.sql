-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL,
    "lockedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" SERIAL NOT NULL,
    "seq" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "keyVersion" INTEGER NOT NULL,
    "mac" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");

-- CreateIndex
CREATE INDEX "AuditEvent_role_seq_idx" ON "AuditEvent"("role", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_result_seq_idx" ON "AuditEvent"("result", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_target_seq_idx" ON "AuditEvent"("target", "seq");


-- The chain head row that appends lock (hand-written: Prisma does not seed rows).
INSERT INTO "AuditChainHead" ("id", "lockedAt") VALUES (1, CURRENT_TIMESTAMP);
