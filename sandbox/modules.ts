import { createAwsModule } from "./aws";
import type { SandboxModule } from "./core/types";
import { createEntraModule } from "./entra";

/**
 * Every emulator mounted in the sandbox cloud. The AWS half (sandbox/aws) and the Entra half
 * (sandbox/entra) each add one module here; they share the one server, clock and fault knobs.
 */
export function createSandboxModules(): SandboxModule[] {
  return [createAwsModule(), createEntraModule()];
}
