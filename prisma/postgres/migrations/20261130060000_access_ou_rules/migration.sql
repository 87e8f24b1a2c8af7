-- CreateTable
CREATE TABLE "AccessOuRule" (
    "id" TEXT NOT NULL,
    "ouId" TEXT NOT NULL,
    "ouPath" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "permissionSetArn" TEXT NOT NULL,
    "permissionSetName" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessOuRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessOuRule_ouId_groupId_permissionSetArn_key" ON "AccessOuRule"("ouId", "groupId", "permissionSetArn");
