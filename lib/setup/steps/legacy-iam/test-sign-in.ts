import "server-only";
import { StepError } from "../../context";
import { changesNothing, defineStep } from "../types";

/**
 * Not built yet in the portal: the end-to-end sign-in test (My Apps → Entra's SAML response → AWS's
 * https://signin.aws.amazon.com/saml → AssumeRoleWithSAML) is being built for Identity Center on another branch and
 * will be shared. Until then this step says so, and its check never reports success.
 */
export const testSignIn = defineStep({
  id: "test-sign-in",
  side: "Both",
  title: "Test sign-in (not built yet)",
  guide:
    "Not built yet in the portal. By hand: as an assigned user, open https://myapps.microsoft.com → AWS Single-Account Access → pick the role; AWS's console opens in that role.",
  how: "manual",
  verifiedBy: "Not built yet: the portal cannot run the sign-in for you. The step stays open; test by hand as described.",
  requires: ["role-assignments"],
  input: null,
  verify() {
    return Promise.reject(new StepError("Not built yet: the portal cannot test the sign-in yet. Test it by hand as described on this card."));
  },
  preview: changesNothing("This step changes nothing in either cloud."),
  labels: { check: "Check (not built yet)" },
  view: null,
  panels: [],
  screens: [],
});
