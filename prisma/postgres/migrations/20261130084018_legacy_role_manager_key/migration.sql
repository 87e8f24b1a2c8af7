-- AlterTable
ALTER TABLE "Federation" ADD COLUMN     "roleManagerKey" TEXT,
ADD COLUMN     "roleManagerKeyCreatedAt" TIMESTAMP(3);

