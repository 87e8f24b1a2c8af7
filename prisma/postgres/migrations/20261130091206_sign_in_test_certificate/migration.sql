-- AlterTable
ALTER TABLE "SignInTest" ADD COLUMN     "certificateThumbprint" TEXT;

