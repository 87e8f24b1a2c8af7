import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { usersNeedingAttention } from "@/lib/setup/attention";
import type { ChecklistStep } from "@/lib/setup/store";
import { StepCard } from "./step-card";

const step = (evidence: Record<string, unknown> | null, status: ChecklistStep["state"]["status"] = "done"): ChecklistStep => ({
  id: "scope-assignments",
  number: 11,
  side: "Entra",
  title: "Scope: only assigned users and groups; assign them",
  guide: "…",
  how: "input",
  verifiedBy: "…",
  requires: [],
  blockedBy: [],
  state: { status, attempts: 1, evidence, error: null, requestIds: [], doneBy: "a@x", doneAt: new Date(0), verifiedAt: new Date(0), attempt: null, lastCheck: null },
});

describe("StepCard", () => {
  // Bug: a step whose check found 7 problem users showed plain "Done" in green.
  it("shows a step done with problems in amber, with what needs attention", () => {
    const problems = [
      { userPrincipalName: "mia@x", issues: ["No first name (givenName): AWS refuses users without name.givenName."] },
      { userPrincipalName: "guest@x", issues: ["A guest"] },
    ];
    const html = renderToStaticMarkup(<StepCard step={step({ assigned: ["Group A"], ...usersNeedingAttention(problems) })} waitingFor={[]} />);
    expect(html).toContain(">Done<");
    expect(html).toContain("2 users need attention");
    expect(html).toContain("Done — 2 users need attention");
    expect(html).toContain("mia@x: No first name (givenName)");
    expect(html).toContain("border-amber-300");
    expect(html).not.toContain("border-emerald-200");
    expect(html).not.toContain(">needsAttention<");
  });

  it("shows a step done without problems as plain done", () => {
    const html = renderToStaticMarkup(<StepCard step={step({ assigned: ["Group A"], ...usersNeedingAttention([]) })} waitingFor={[]} />);
    expect(html).toContain("border-emerald-200");
    expect(html).not.toContain("need attention");
  });

  it("names the steps it waits for", () => {
    const html = renderToStaticMarkup(<StepCard step={step(null, "not-started")} waitingFor={["9. Provisioning: Automatic"]} />);
    expect(html).toContain("Waiting for 9. Provisioning: Automatic.");
  });
});
