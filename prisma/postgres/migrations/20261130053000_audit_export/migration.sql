-- DropIndex
DROP INDEX "AuditEvent_actor_seq_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_actor_seq_at_idx" ON "AuditEvent"("actor", "seq", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");


-- Signed checkpoints are append-only too: refuse any change to a written one (hand-written, Prisma has no trigger syntax).
CREATE FUNCTION "AuditCheckpoint_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditCheckpoint is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditCheckpoint_refuse_update_delete" BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
    FOR EACH ROW EXECUTE FUNCTION "AuditCheckpoint_refuse_change"();

CREATE TRIGGER "AuditCheckpoint_refuse_truncate" BEFORE TRUNCATE ON "AuditCheckpoint"
    FOR EACH STATEMENT EXECUTE FUNCTION "AuditCheckpoint_refuse_change"();
