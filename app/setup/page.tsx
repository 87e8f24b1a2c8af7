import type { ReactNode } from "react";
import { AreaPage } from "@/components/shell/area-states";
import { ChecklistProgress } from "@/components/setup/checklist-progress";
import { StepActions } from "@/components/setup/step-actions-client";
import { StepCard } from "@/components/setup/step-card";
import { PermissionSetsStepInput, ScimStepInput, XmlStepInput } from "@/components/setup/step-inputs-client";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { SETUP_STEPS } from "@/lib/setup/implementations";
import { loadChecklist, type ChecklistStep } from "@/lib/setup/store";
import { DEFAULT_PERMISSION_SETS } from "@/lib/setup/steps";
import { runSetupStepAction, verifySetupStepAction } from "./actions";

export const metadata = { title: "Setup" };

const RUN_LABELS: Partial<Record<ChecklistStep["id"], string>> = {
  "aws-metadata": "Use this metadata",
  "scim-endpoint": "Check and save the token",
  "permission-sets": "Create and provision permission sets",
};

export default async function SetupPage() {
  const access = await pageAccess("setup.view");
  if (access.state !== "allowed") return <AreaPage href="/setup" access={access} />;
  const checklist = await loadChecklist(db());
  const canRun = can(access.session.role, "setup.run");
  const canVerify = can(access.session.role, "setup.verify");

  const actionsFor = (step: ChecklistStep): ReactNode => {
    const implementation = SETUP_STEPS[step.id];
    if (!implementation) {
      return <p className="text-xs text-amber-800">This step cannot be run or verified from this version of the portal yet.</p>;
    }
    const common = {
      step: step.id,
      canRun,
      canVerify,
      runAction: runSetupStepAction,
      verifyAction: verifySetupStepAction,
      blocked: step.blockedBy.length > 0,
      runLabel: implementation.run ? (RUN_LABELS[step.id] ?? "Run this step") : step.how === "manual" ? "I did it, check now" : undefined,
    };
    switch (step.id) {
      case "aws-metadata":
        return <XmlStepInput {...common} label="AWS service provider metadata (.xml)" />;
      case "scim-endpoint":
        return <ScimStepInput {...common} />;
      case "permission-sets":
        return <PermissionSetsStepInput {...common} defaults={DEFAULT_PERMISSION_SETS} />;
      default:
        return <StepActions {...common} />;
    }
  };

  return (
    <AreaPage href="/setup" access={access}>
      <ChecklistProgress steps={checklist.steps.map((s) => ({ id: s.id, number: s.number, title: s.title, status: s.state.status }))} done={checklist.done} total={checklist.total} />
      <div className="space-y-5">
        {checklist.steps.map((step) => (
          <StepCard key={step.id} step={step} actions={actionsFor(step)} />
        ))}
      </div>
    </AreaPage>
  );
}
