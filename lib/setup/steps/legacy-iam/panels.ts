import type { StepPanel } from "../types";

// The panels of the legacy checklist, loaded only by the page (see identity-center/panels.ts for why they live apart).
export const legacyConnectRequirementsPanel: StepPanel = () => import("@/components/setup/step-panels").then((m) => m.LegacyConnectRequirementsPanel);
export const legacyMetadataDownloadPanel: StepPanel = () => import("@/components/setup/step-panels").then((m) => m.FederationMetadataDownloadPanel);
export const roleManagerKeyRotationPanel: StepPanel = () => import("@/components/setup/role-manager-key-panel").then((m) => m.RoleManagerKeyRotationPanel);
