import "server-only";
import { readServicePrincipal } from "../../../entra/service-principal";
import { setSamlSingleSignOn } from "../../../entra/set-saml-single-sign-on";
import { StepError } from "../../context";
import { defineStep } from "../types";
import { appOf, show } from "./shared";
import { stepTitle } from "../../step-catalog";

export const samlMode = defineStep({
  id: "saml-mode",
  side: "Entra",
  title: stepTitle("identity-center", "saml-mode"),
  guide: "In the enterprise app, open Single sign-on and choose SAML.",
  how: "automated",
  verifiedBy: "The service principal reads back preferredSingleSignOnMode = saml.",
  requires: ["gallery-app"],
  input: null,
  async run(context) {
    const result = await setSamlSingleSignOn(await context.entra(), appOf(context).servicePrincipalId);
    return { evidence: { changed: result.changed, previousMode: result.previousMode ?? "none" } };
  },
  async verify(context) {
    const sp = await readServicePrincipal(await context.entra(), appOf(context).servicePrincipalId);
    if (sp.preferredSingleSignOnMode !== "saml")
      throw new StepError(`Single sign-on mode is "${sp.preferredSingleSignOnMode ?? "not set"}", not SAML. Run this step.`);
    return { evidence: { preferredSingleSignOnMode: "saml" } };
  },
  async preview(context) {
    const sp = await readServicePrincipal(await context.entra(), appOf(context).servicePrincipalId);
    return {
      changes:
        sp.preferredSingleSignOnMode === "saml"
          ? ["No change: SAML is already the single sign-on method."]
          : [`Single sign-on method: ${show(sp.preferredSingleSignOnMode)} → saml`],
    };
  },
  labels: { run: "Run this step" },
  view: null,
  panels: [],
  screens: ["entra-sso-method"],
});
