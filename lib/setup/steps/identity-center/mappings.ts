import "server-only";
import { z } from "zod";
import { readProvisioningSchema, setGroupSync } from "../../../entra/provisioning-schema";
import { StepError } from "../../context";
import { defineStep, stepInputView } from "../types";
import { jobOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const mappingsInput = z.object({ groupSync: z.boolean().optional() }).optional();

const onOff = (value: boolean) => (value ? "on" : "off");

export const mappings = defineStep<z.infer<typeof mappingsInput>>({
  id: "mappings",
  side: "Entra",
  title: stepTitle("identity-center", "mappings"),
  guide:
    "Provisioning → Mappings. The userPrincipalName → userName mapping is the matching attribute and cannot be removed, so every user's UPN must be the name AWS knows them by. Optionally turn off group provisioning.",
  how: "automated",
  // The users are linted where they come into scope: in the assignment step, once someone is assigned.
  verifiedBy: "The job's schema shows userPrincipalName as the matching source for userName.",
  requires: ["provisioning-credentials"],
  input: mappingsInput,
  async run(context, input) {
    if (input?.groupSync === undefined) return { evidence: {} };
    await setGroupSync(await context.entra(), jobOf(context), input.groupSync);
    return { evidence: { groupSync: onOff(input.groupSync) } };
  },
  async verify(context) {
    const { schema } = await readProvisioningSchema(await context.entra(), jobOf(context));
    const source = schema.userMapping?.userNameSource ?? null;
    if (source !== "userPrincipalName")
      throw new StepError(
        `AWS userName is fed from ${source ?? "nothing"}, not userPrincipalName. AWS finds users only by userName, so restore the default mapping.`,
      );
    return {
      facts: { schema: { matchingSource: "userPrincipalName", matchingTarget: "userName", groupSync: schema.groupSyncEnabled } },
      evidence: { mapping: "userPrincipalName → userName (matching)", groupSync: onOff(schema.groupSyncEnabled) },
    };
  },
  async preview(context, input) {
    const { schema } = await readProvisioningSchema(await context.entra(), jobOf(context));
    const source = schema.userMapping?.userNameSource ?? null;
    const wanted = input?.groupSync;
    return {
      changes: [
        wanted === undefined || wanted === schema.groupSyncEnabled
          ? `Group provisioning: kept (${onOff(schema.groupSyncEnabled)}).`
          : `Group provisioning: ${onOff(schema.groupSyncEnabled)} → ${onOff(wanted)}`,
        source === "userPrincipalName"
          ? "userPrincipalName → userName (matching): kept; it is only read."
          : `userName is fed from ${source ?? "nothing"}: not changed by this step; the check will fail until the default mapping is restored in Entra.`,
      ],
    };
  },
  labels: { run: "Apply and check the mappings" },
  view: stepInputView(
    () => import("@/components/setup/step-inputs-client").then((m) => m.MappingsStepInput),
    (view) => ({ groupSync: view.facts.schema?.groupSync ?? null }),
  ),
  panels: [],
  screens: ["entra-provisioning-mappings", "entra-user-attribute-mapping", "entra-email-claim"],
});
