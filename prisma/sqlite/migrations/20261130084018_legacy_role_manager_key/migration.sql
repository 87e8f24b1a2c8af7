-- AlterTable
ALTER TABLE "Federation" ADD COLUMN "roleManagerKey" TEXT;
ALTER TABLE "Federation" ADD COLUMN "roleManagerKeyCreatedAt" DATETIME;

