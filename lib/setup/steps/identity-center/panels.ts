import type { StepPanel } from "../types";

// The panels several steps show, loaded only by the page. Kept apart from shared.ts: step modules use these while
// they load, and shared.ts reaches the checklist (through step-ref), which loads the step modules.
export const connectRequirementsPanel: StepPanel = () => import("@/components/setup/step-panels").then((m) => m.ConnectRequirementsPanel);
export const federationMetadataDownloadPanel: StepPanel = () => import("@/components/setup/step-panels").then((m) => m.FederationMetadataDownloadPanel);
export const sandboxConsolePanel: StepPanel = () => import("@/components/setup/step-panels").then((m) => m.SandboxAwsConsolePanel);
export const identitySourceInventoryPanel: StepPanel = () => import("@/components/setup/identity-source-inventory").then((m) => m.IdentitySourceInventoryPanel);
