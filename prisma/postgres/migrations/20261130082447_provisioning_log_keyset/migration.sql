-- DropIndex
DROP INDEX "ProvisioningLogEntry_federationId_action_activityDateTime_idx";

-- DropIndex
DROP INDEX "ProvisioningLogEntry_federationId_activityDateTime_idx";

-- DropIndex
DROP INDEX "ProvisioningLogEntry_federationId_status_activityDateTime_idx";

-- AlterTable
-- "C" collation: byte order, so the prefix filter's range (userKey >= 'x' AND userKey < 'x' || U+10FFFF) uses the
-- index and means "starts with" whatever the database's default collation is.
ALTER TABLE "ProvisioningLogEntry" ADD COLUMN     "userKey" TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE "ProvisioningLogEntry" SET "userKey" = lower(coalesce(nullif("targetName", ''), "sourceName", ''));

-- AlterTable
ALTER TABLE "ProvisioningSnapshot" ADD COLUMN     "countImportedDeltas" INTEGER;

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_activityDateTime_id_idx" ON "ProvisioningLogEntry"("federationId", "activityDateTime", "id");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_userKey_activityDateTime__idx" ON "ProvisioningLogEntry"("federationId", "userKey", "activityDateTime", "id");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_status_activityDateTime_i_idx" ON "ProvisioningLogEntry"("federationId", "status", "activityDateTime", "id");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_federationId_action_activityDateTime_i_idx" ON "ProvisioningLogEntry"("federationId", "action", "activityDateTime", "id");

