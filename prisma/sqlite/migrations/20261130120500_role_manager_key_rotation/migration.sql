-- AlterTable
ALTER TABLE "Federation" ADD COLUMN "roleManagerKeyRotation" TEXT;
ALTER TABLE "Federation" ADD COLUMN "roleManagerKeyRotationLeaseUntil" DATETIME;
