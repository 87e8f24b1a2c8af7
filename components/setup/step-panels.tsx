import type { StepPageView } from "@/lib/setup/steps/types";
import { DownloadButton } from "../metadata/download-button-client";
import { ConnectRequirements } from "./connect-requirements";

/** What to grant the portal's Graph app and AWS principal, with what the last preflight found missing. */
export function ConnectRequirementsPanel({ view }: { view: StepPageView }) {
  const { facts } = view;
  return (
    <ConnectRequirements
      instanceArn={facts.instance?.instanceArn}
      identityStoreId={facts.instance?.identityStoreId}
      missingGraph={facts.preflight?.entra?.missing ?? []}
      missingAws={facts.preflight?.aws?.missing ?? []}
    />
  );
}

/** The legacy per-account mode's connect step: the same, with the claims policy permissions and the legacy IAM statements. */
export function LegacyConnectRequirementsPanel({ view }: { view: StepPageView }) {
  const { facts } = view;
  return <ConnectRequirements legacy missingGraph={facts.preflight?.entra?.missing ?? []} missingAws={facts.preflight?.aws?.missing ?? []} />;
}

/** Entra's federation metadata, once the checklist has fetched it, for the AWS console upload. */
export function FederationMetadataDownloadPanel({ view }: { view: StepPageView }) {
  const idp = view.facts.idpMetadata;
  if (!idp) return null;
  return (
    <DownloadButton fileName={idp.fileName} text={idp.xml} mimeType="application/xml">
      Download Federation Metadata XML
    </DownloadButton>
  );
}

/** In sandbox mode the "AWS console" of the manual steps is the sandbox's own console page. */
export function SandboxAwsConsolePanel({ view }: { view: StepPageView }) {
  if (!view.sandbox) return null;
  return (
    <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-900 ring-1 ring-amber-200">
      Sandbox: do this on the{" "}
      <a className="font-medium underline" href={`${view.sandboxUrl}/_sandbox/aws/console`} target="_blank" rel="noreferrer">
        sandbox AWS console
      </a>
      .
    </p>
  );
}
