-- AlterTable
ALTER TABLE "Federation" ADD COLUMN     "roleManagerKeyRotation" TEXT,
ADD COLUMN     "roleManagerKeyRotationLeaseUntil" TIMESTAMP(3);
