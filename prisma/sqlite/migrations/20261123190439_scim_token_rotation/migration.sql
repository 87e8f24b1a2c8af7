-- AlterTable
ALTER TABLE "Federation" ADD COLUMN "scimTokenPrevious" TEXT;

