import "server-only";
import { getProvisioningJob } from "../../../entra/provisioning-job";
import { startProvisioningJob } from "../../../entra/provisioning-job-control";
import { StepError } from "../../context";
import { defineStep } from "../types";
import { jobOf } from "./shared";
import { stepTitle } from "../../step-catalog";

export const startProvisioning = defineStep({
  id: "start-provisioning",
  side: "Entra",
  title: stepTitle("identity-center", "start-provisioning"),
  guide: "Provisioning → Start provisioning. Cycles then run about every 40 minutes.",
  how: "automated",
  verifiedBy: "The synchronization job's status moves from not run to running.",
  requires: ["mappings", "scope-assignments"],
  input: null,
  async run(context) {
    const result = await startProvisioningJob(await context.entra(), jobOf(context));
    return { evidence: { changed: result.changed } };
  },
  async verify(context) {
    const { job } = await getProvisioningJob(await context.entra(), jobOf(context));
    if (job.status.code === "NotRun" || job.status.code === "NotConfigured" || job.status.code === "Paused" || job.schedule.state !== "Active")
      throw new StepError(
        `The provisioning job is ${job.status.code === "Paused" || job.schedule.state === "Paused" ? "paused" : "not started"}. Run this step to start it.`,
      );
    return { evidence: { status: job.status.code, schedule: job.schedule.state, interval: job.schedule.interval ?? "PT40M" } };
  },
  async preview(context) {
    const { job } = await getProvisioningJob(await context.entra(), jobOf(context));
    const running = job.schedule.state === "Active" && job.status.code !== "NotRun" && job.status.code !== "NotConfigured" && job.status.code !== "Paused";
    return {
      changes: running
        ? [`No change: the provisioning job is already running (status ${job.status.code}, schedule ${job.schedule.state}).`]
        : [`Provisioning job: status ${job.status.code}, schedule ${job.schedule.state} → started (schedule Active; the first cycle begins).`],
    };
  },
  labels: { run: "Run this step" },
  view: null,
  panels: [],
  screens: ["entra-provisioning-overview"],
});
