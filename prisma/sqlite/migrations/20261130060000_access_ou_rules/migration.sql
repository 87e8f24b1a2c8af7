-- CreateTable
CREATE TABLE "AccessOuRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ouId" TEXT NOT NULL,
    "ouPath" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "permissionSetArn" TEXT NOT NULL,
    "permissionSetName" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AccessOuRule_ouId_groupId_permissionSetArn_key" ON "AccessOuRule"("ouId", "groupId", "permissionSetArn");
