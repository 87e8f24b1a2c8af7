-- A diagnosis link shows what is stored; "Re-run now" keeps its latest run here, beside the first copy in "report".
ALTER TABLE "Diagnosis" ADD COLUMN "latestReport" TEXT;
ALTER TABLE "Diagnosis" ADD COLUMN "latestAt" DATETIME;
ALTER TABLE "Diagnosis" ADD COLUMN "latestBy" TEXT;
