-- DropIndex
DROP INDEX "AuditEvent_actor_seq_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_actor_seq_at_idx" ON "AuditEvent"("actor", "seq", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");


-- Signed checkpoints are append-only too: refuse any change to a written one (hand-written, Prisma has no trigger syntax).
CREATE TRIGGER "AuditCheckpoint_refuse_update" BEFORE UPDATE ON "AuditCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'AuditCheckpoint is append-only: UPDATE refused');
END;

CREATE TRIGGER "AuditCheckpoint_refuse_delete" BEFORE DELETE ON "AuditCheckpoint"
BEGIN
    SELECT RAISE(ABORT, 'AuditCheckpoint is append-only: DELETE refused');
END;
