-- AlterTable
ALTER TABLE "SetupStep" ADD COLUMN     "attemptBy" TEXT,
ADD COLUMN     "attemptCreated" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "attemptId" TEXT,
ADD COLUMN     "attemptStartedAt" TIMESTAMP(3),
ADD COLUMN     "checkMessage" TEXT,
ADD COLUMN     "checkResult" TEXT,
ADD COLUMN     "checkedAt" TIMESTAMP(3),
ADD COLUMN     "checkedBy" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

