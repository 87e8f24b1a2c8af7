import type { ReactNode } from "react";
import { AreaPage } from "@/components/shell/area-states";
import { ChecklistProgress } from "@/components/setup/checklist-progress";
import { StepActions } from "@/components/setup/step-actions-client";
import { ConnectRequirements } from "@/components/setup/connect-requirements";
import { consoleValuesFrom } from "@/components/setup/console-values";
import { StepCard } from "@/components/setup/step-card";
import { StepScreens } from "@/components/setup/step-screens";
import { DownloadButton } from "@/components/metadata/download-button-client";
import {
  AwsMetadataStepInput,
  MappingsStepInput,
  PermissionSetsStepInput,
  ProveUserStepInput,
  ScimStepInput,
  ScopeStepInput,
} from "@/components/setup/step-inputs-client";
import { env, isSandboxMode } from "@/lib/config/env";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { SETUP_STEPS } from "@/lib/setup/implementations";
import { getEntraConnection } from "@/lib/settings/connections";
import { SANDBOX } from "@/sandbox/fixtures";
import { loadChecklist, type ChecklistStep } from "@/lib/setup/store";
import { DEFAULT_PERMISSION_SETS } from "@/lib/setup/steps";
import { previewSetupStepAction, runSetupStepAction, verifySetupStepAction } from "./actions";

export const metadata = { title: "Setup" };

const RUN_LABELS: Partial<Record<ChecklistStep["id"], string>> = {
  "aws-metadata": "Use this metadata",
  "scim-endpoint": "Check and save the token",
  "permission-sets": "Create and provision permission sets",
  mappings: "Apply and check the mappings",
  "scope-assignments": "Assign them",
  "prove-user": "Provision on demand",
  "gallery-app": "Create or adopt the app",
};

export default async function SetupPage() {
  const access = await pageAccess("setup.view");
  if (access.state !== "allowed") return <AreaPage href="/setup" access={access} />;
  const checklist = await loadChecklist(db());
  const canRun = can(access.session.role, "setup.run");
  const canVerify = can(access.session.role, "setup.verify");
  const sandbox = isSandboxMode();
  const entraConnection = sandbox ? null : await getEntraConnection(db());
  const values = consoleValuesFrom(
    checklist.facts,
    sandbox ? { tenantId: SANDBOX.entra.tenantId, tenantDomain: SANDBOX.entra.tenantDomain } : { tenantId: entraConnection?.tenantId },
  );
  // The step to do next: the first one not done whose prerequisites are.
  const current = checklist.steps.find((s) => s.state.status !== "done" && s.blockedBy.length === 0)?.id;
  const idp = checklist.facts.idpMetadata;
  const metadataDownload = idp ? (
    <DownloadButton fileName={idp.fileName} text={idp.xml} mimeType="application/xml">
      Download Federation Metadata XML
    </DownloadButton>
  ) : null;
  // In sandbox mode the "AWS console" of the manual steps is the sandbox's own console page.
  const sandboxConsole = sandbox ? (
    <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-900 ring-1 ring-amber-200">
      Sandbox: do this on the{" "}
      <a className="font-medium underline" href={`${env().SANDBOX_URL}/_sandbox/aws/console`} target="_blank" rel="noreferrer">
        sandbox AWS console
      </a>
      .
    </p>
  ) : null;
  const extraFor = (step: ChecklistStep): ReactNode => {
    if (step.id === "connect")
      return (
        <ConnectRequirements
          instanceArn={checklist.facts.instance?.instanceArn}
          identityStoreId={checklist.facts.instance?.identityStoreId}
          missingGraph={checklist.facts.preflight?.entra?.missing ?? []}
          missingAws={checklist.facts.preflight?.aws?.missing ?? []}
        />
      );
    if (step.id === "federation-metadata" || step.id === "idp-metadata-upload") return metadataDownload;
    if (step.side === "AWS" && step.how !== "automated" && step.id !== "permission-sets") return sandboxConsole;
    return null;
  };

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
      previewAction: implementation.run && step.how !== "manual" ? previewSetupStepAction : undefined,
      blocked: step.blockedBy.length > 0,
      runLabel: implementation.run ? (RUN_LABELS[step.id] ?? "Run this step") : step.how === "manual" ? "I did it, check now" : undefined,
    };
    switch (step.id) {
      case "aws-metadata":
        return <AwsMetadataStepInput {...common} />;
      case "scim-endpoint":
        return <ScimStepInput {...common} />;
      case "permission-sets":
        return <PermissionSetsStepInput {...common} defaults={DEFAULT_PERMISSION_SETS} />;
      case "mappings":
        return <MappingsStepInput {...common} groupSync={checklist.facts.schema?.groupSync ?? null} />;
      case "scope-assignments":
        return <ScopeStepInput {...common} suggestion={sandbox ? "Project Admins\nProject Users\nProject Readers" : ""} />;
      case "prove-user":
        return <ProveUserStepInput {...common} suggestion={sandbox ? "jane.doe@contoso-sandbox.onmicrosoft.com" : ""} />;
      default:
        return <StepActions {...common} />;
    }
  };

  return (
    <AreaPage href="/setup" access={access}>
      <ChecklistProgress
        steps={checklist.steps.map((s) => ({ id: s.id, number: s.number, title: s.title, status: s.state.status }))}
        done={checklist.done}
        total={checklist.total}
      />
      <div className="space-y-5">
        {checklist.steps.map((step) => (
          <StepCard
            key={step.id}
            step={step}
            actions={actionsFor(step)}
            extra={extraFor(step)}
            screens={<StepScreens step={step.number} values={values} open={step.id === current} />}
          />
        ))}
      </div>
    </AreaPage>
  );
}
