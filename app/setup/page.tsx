import Link from "next/link";
import { notFound } from "next/navigation";
import { AreaPage } from "@/components/shell/area-states";
import { AddLegacyFederation } from "@/components/setup/add-legacy-federation-client";
import { FederationScope } from "@/components/setup/federation-scope-client";
import { FederationsList } from "@/components/setup/federations-list";
import { ChecklistProgress } from "@/components/setup/checklist-progress";
import { ModeChoice } from "@/components/setup/mode-choice-client";
import { RunAutomatedSteps } from "@/components/setup/run-automated-client";
import { SetupLive } from "@/components/setup/setup-live-client";
import { consoleValuesFrom } from "@/components/setup/console-values";
import { StepActions, type StepActionsProps } from "@/components/setup/step-actions-client";
import { StepCard } from "@/components/setup/step-card";
import { StepScreens } from "@/components/setup/step-screens";
import { env, isSandboxMode } from "@/lib/config/env";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { FEDERATION_MODE_INFO, FEDERATION_MODES, stepModule } from "@/lib/setup/checklists";
import { planFrom } from "@/lib/setup/run-all";
import { getEntraConnection } from "@/lib/settings/connections";
import { DEFAULT_FEDERATION, loadChecklist, type ChecklistStep } from "@/lib/setup/store";
import { DEFAULT_MEMBER_ROLE } from "@/lib/aws/account-clients";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { federationExists, listFederations } from "@/lib/setup/federations";
import type { StepPageView } from "@/lib/setup/steps/types";
import { SANDBOX } from "@/sandbox/fixtures";
import {
  addLegacyFederationAction,
  chooseFederationModeAction,
  previewAutomatedStepsAction,
  previewSetupStepAction,
  probeSetupStepAction,
  runAutomatedStepsAction,
  runSetupStepAction,
  verifySetupStepAction,
} from "./actions";

export const metadata = { title: "Setup" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess("setup.view");
  if (access.state !== "allowed") return <AreaPage href="/setup" access={access} />;
  // Which federation's checklist: `?federation=` (absent: the first one); an id the portal does not have is not found.
  const selected = federationFromSearchParam((await searchParams).federation);
  if (!selected.ok || !(await federationExists(db(), selected.id))) notFound();
  const federationId = selected.id;
  const [checklist, federations] = await Promise.all([loadChecklist(db(), federationId), listFederations(db())]);
  const canRun = can(access.session.role, "setup.run");
  const canVerify = can(access.session.role, "setup.verify");
  const sandbox = isSandboxMode();
  const entraConnection = sandbox ? null : await getEntraConnection(db());
  const values = consoleValuesFrom(
    checklist.facts,
    sandbox ? { tenantId: SANDBOX.entra.tenantId, tenantDomain: SANDBOX.entra.tenantDomain } : { tenantId: entraConnection?.tenantId },
  );
  const view: StepPageView = { facts: checklist.facts, sandbox, sandboxUrl: env().SANDBOX_URL };
  // The step to do next: the first one not done whose prerequisites are.
  const current = checklist.steps.find((s) => s.state.status !== "done" && s.blockedBy.length === 0)?.id;
  const byId = new Map(checklist.steps.map((s) => [s.id, s]));

  // Every card is drawn the same way from its step's module: labels, input form, panels and screens are declared there.
  const card = async (step: ChecklistStep) => {
    const definition = stepModule(step.id, checklist.mode);
    if (!definition) return <StepCard key={step.id} step={step} waitingFor={[]} />;
    const actions: StepActionsProps = {
      step: step.id,
      canRun,
      canVerify,
      runAction: runSetupStepAction,
      verifyAction: verifySetupStepAction,
      previewAction: definition.run && step.how !== "manual" ? previewSetupStepAction : undefined,
      blocked: step.blockedBy.length > 0,
      // A step with nothing to run (a console step, the preflight) is watched for while its card is the open one.
      watch: !definition.run && step.id === current && step.state.status !== "done",
      probeAction: probeSetupStepAction,
      runLabel: definition.run ? definition.labels.run : step.how === "manual" ? definition.labels.check : undefined,
    };
    const panels = await Promise.all(definition.panels.map((load) => load()));
    return (
      <StepCard
        key={step.id}
        step={step}
        waitingFor={step.blockedBy.map((id) => `${byId.get(id)?.number ?? "?"}. ${byId.get(id)?.title ?? id}`)}
        actions={definition.view ? await definition.view.render(actions, view) : <StepActions {...actions} />}
        extra={panels.length ? panels.map((Panel, index) => <Panel key={index} view={view} />) : null}
        screens={<StepScreens ids={definition.screens} values={values} open={step.id === current} />}
      />
    );
  };
  const cards = await Promise.all(checklist.steps.map(card));

  // What "Run automated steps" would run, from the stored states only (its preview is read by the panel, a POST).
  const plan = planFrom(checklist, sandbox);

  const target = checklist.facts.legacyTarget;
  // The list shows once there is a choice to make between apps: a legacy first federation, several, or an Identity Center
  // federation past its mode choice (a legacy app may be added beside it, folded away).
  const besideIdentityCenter = federations.every((f) => f.mode !== "legacy-iam");
  const showFederations = federations.length > 1 || checklist.mode === "legacy-iam" || (checklist.mode === "identity-center" && !checklist.modeOpen);
  return (
    <AreaPage href="/setup" access={access}>
      {showFederations ? (
        <FederationsList federations={federations} current={federationId}>
          {canRun ? (
            <AddLegacyFederation action={addLegacyFederationAction} defaultRole={DEFAULT_MEMBER_ROLE} besideIdentityCenter={besideIdentityCenter} />
          ) : null}
        </FederationsList>
      ) : null}
      {target ? (
        <p className="mb-4 text-sm text-slate-700" data-testid="federation-target">
          This is the legacy app for AWS account <strong className="font-mono">{target.accountId}</strong> (instance #{target.instance}): it signs users in to
          that account&apos;s roles and imports them with a role-manager key made in that account
          {target.accountId === checklist.facts.preflight?.aws?.account ? "" : `, reached through ${target.assumeRoleName}`}.
        </p>
      ) : (
        <ModeChoice
          options={FEDERATION_MODES.map((mode) => ({ mode, ...FEDERATION_MODE_INFO[mode] }))}
          current={checklist.mode}
          open={checklist.modeOpen}
          canChoose={canRun}
          action={chooseFederationModeAction}
        />
      )}
      {checklist.mode === "legacy-iam" ? (
        <p className="text-sm text-slate-700">
          A way out of this mode:{" "}
          <Link href="/setup/moving-to-identity-center" className="font-medium text-blue-800 underline">
            Moving to IAM Identity Center
          </Link>{" "}
          proposes the permission sets and account assignments the imported roles and role assignments would become.
        </p>
      ) : null}
      <FederationScope federationId={federationId === DEFAULT_FEDERATION ? null : federationId}>
        <SetupLive>
          <ChecklistProgress
            steps={checklist.steps.map((s) => ({ id: s.id, number: s.number, title: s.title, status: s.state.status }))}
            done={checklist.done}
            total={checklist.total}
          />
          <div className="space-y-5">
            <RunAutomatedSteps plan={plan} canRun={canRun} previewAction={previewAutomatedStepsAction} runAction={runAutomatedStepsAction} />
            {cards}
          </div>
        </SetupLive>
      </FederationScope>
    </AreaPage>
  );
}
