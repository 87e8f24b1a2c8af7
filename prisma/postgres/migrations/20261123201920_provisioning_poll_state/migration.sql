-- CreateTable
CREATE TABLE "ProvisioningPollState" (
    "federationId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "error" TEXT,
    "errorKind" TEXT,
    "errorSince" TIMESTAMP(3),

    CONSTRAINT "ProvisioningPollState_pkey" PRIMARY KEY ("federationId")
);

-- AddForeignKey
ALTER TABLE "ProvisioningPollState" ADD CONSTRAINT "ProvisioningPollState_federationId_fkey" FOREIGN KEY ("federationId") REFERENCES "Federation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

