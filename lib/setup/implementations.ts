import "server-only";
import { registeredSteps, type StepRegistry } from "./registry";

/** Every step of the Identity Center checklist the portal can run or verify, by id, read from the step modules. */
export const SETUP_STEPS: StepRegistry = registeredSteps();
