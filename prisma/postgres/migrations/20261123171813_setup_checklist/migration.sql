-- CreateTable
CREATE TABLE "Federation" (
    "id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "scimToken" TEXT,
    "scimTokenCreatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Federation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SetupStep" (
    "federationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'not-started',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "evidence" TEXT,
    "error" TEXT,
    "requestIds" TEXT NOT NULL DEFAULT '[]',
    "doneBy" TEXT,
    "doneAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SetupStep_pkey" PRIMARY KEY ("federationId","step")
);

-- AddForeignKey
ALTER TABLE "SetupStep" ADD CONSTRAINT "SetupStep_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

