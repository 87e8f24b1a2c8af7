import { describe, expect, it } from "vitest";
import { toProvisioningJob, type ProvisioningJob } from "../entra/provisioning-job";
import { cycleCadence, describeJobHealth, durationMs, explainQuarantine, intervalWords, nextCycleEta, cycleKind } from "./job-state";

const exec = (over: Record<string, unknown> = {}) => ({
  activityIdentifier: "c1",
  state: "Succeeded",
  timeBegan: "2026-01-01T10:00:00Z",
  timeEnded: "2026-01-01T10:01:00Z",
  countEscrowed: 0,
  countExported: 3,
  countImported: 5,
  ...over,
});

function job(status: Record<string, unknown>, schedule: Record<string, unknown> = { state: "Active", interval: "PT40M" }): ProvisioningJob {
  return toProvisioningJob({ id: "j", templateId: "aWSSingleSignon", schedule, status: { code: "Active", ...status } });
}

describe("describeJobHealth", () => {
  const cases: [string, ProvisioningJob, string, string][] = [
    ["no credentials", job({ code: "NotConfigured" }, { state: "Disabled" }), "disabled", "neutral"],
    ["schedule disabled", job({ code: "NotRun" }, { state: "Disabled" }), "disabled", "neutral"],
    ["never ran", job({ code: "NotRun" }), "not-run", "info"],
    ["succeeded", job({ lastExecution: exec() }), "healthy", "good"],
    ["entry-level errors", job({ lastExecution: exec({ state: "EntryLevelErrors", countEscrowed: 2 }) }), "warnings", "warn"],
    ["failed once", job({ lastExecution: exec({ state: "Failed" }), countSuccessiveCompleteFailures: 1 }), "warnings", "warn"],
    ["paused", job({ code: "Paused", lastExecution: exec() }, { state: "Paused" }), "paused", "neutral"],
    [
      "quarantined",
      job({ code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException" }, lastExecution: exec({ state: "Failed" }) }),
      "quarantined",
      "bad",
    ],
    [
      "running",
      job({ lastExecution: exec(), progress: [{ completedUnits: 2, totalUnits: 9, units: "Entries", progressObservationDateTime: "2026-01-01T10:41:00Z" }] }),
      "running",
      "info",
    ],
    [
      "stale progress from a cycle that failed midway",
      job({
        lastExecution: exec({ state: "Failed" }),
        countSuccessiveCompleteFailures: 1,
        progress: [{ completedUnits: 2, totalUnits: 9, progressObservationDateTime: "2026-01-01T10:00:30Z" }],
      }),
      "warnings",
      "warn",
    ],
  ];
  for (const [name, input, health, tone] of cases)
    it(name, () => {
      expect(describeJobHealth(input)).toMatchObject({ health, tone });
    });

  it("quarantine wins over a paused schedule and a good last cycle", () => {
    expect(describeJobHealth(job({ code: "Quarantine", quarantine: { reason: "TooManyDeletes" }, lastExecution: exec() }, { state: "Paused" })).health).toBe(
      "quarantined",
    );
    expect(describeJobHealth(job({ code: "Quarantine", quarantine: { reason: "TooManyDeletes" }, lastExecution: exec() })).summary).toMatch(
      /accidental-deletion threshold/,
    );
  });
});

describe("explainQuarantine", () => {
  it("names the SCIM token when AWS refused the credentials, whatever the reason code", () => {
    const e = explainQuarantine({
      reason: "EncounteredQuarantineException",
      error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", message: "", tenantActionable: true },
    });
    expect(e.title).toMatch(/SCIM access token/);
    expect(e.fix).toMatch(/new access token/);
  });
  it("explains escrow thresholds, too many deletes and unknown reasons", () => {
    expect(explainQuarantine({ reason: "EncounteredEscrowProportionThreshold", error: null }).fix).toMatch(/Escrows/);
    expect(explainQuarantine({ reason: "TooManyDeletes", error: null }).fix).toMatch(/Force deletes/);
    // Issue 13: a tripped accidental-deletion threshold says how many were held, against which threshold, and the two ways out.
    const held = explainQuarantine({ reason: "TooManyDeletes", error: { code: "TooManyDeletes", message: "", tenantActionable: true } }, null, {
      threshold: { enabled: true, value: 25 },
      held: 40,
    });
    expect(held.meaning).toMatch(/40 users and groups/);
    expect(held.meaning).toMatch(/threshold of 25/);
    expect(held.meaning).toMatch(/deleted nothing/);
    expect(held.fix).toMatch(/Allow deletes/);
    expect(held.fix).toMatch(/undo what removed them/);
    expect(explainQuarantine({ reason: "SomethingNew", error: null }).meaning).toContain("SomethingNew");
  });
});

describe("next cycle", () => {
  it("reads ISO durations", () => {
    expect(durationMs("PT40M")).toBe(40 * 60_000);
    expect(durationMs("P1DT1H")).toBe(25 * 3_600_000);
    expect(durationMs("PT")).toBeNull();
    expect(durationMs("40 minutes")).toBeNull();
  });
  it("is the last start plus the interval, 'now' when overdue, the quarantine retry when quarantined, none when paused", () => {
    const j = job({ lastExecution: exec() });
    expect(nextCycleEta(j, new Date("2026-01-01T10:05:00Z"))?.toISOString()).toBe("2026-01-01T10:40:00.000Z");
    expect(nextCycleEta(j, new Date("2026-01-01T12:00:00Z"))?.toISOString()).toBe("2026-01-01T12:00:00.000Z");
    const q = job({ code: "Quarantine", quarantine: { reason: "Unknown", nextAttempt: "2026-01-02T10:00:00Z" }, lastExecution: exec() });
    expect(nextCycleEta(q)?.toISOString()).toBe("2026-01-02T10:00:00.000Z");
    expect(nextCycleEta(job({ code: "Paused", lastExecution: exec() }, { state: "Paused" }))).toBeNull();
  });
  it("follows the job's own interval, and makes no estimate when the schedule has none", () => {
    const fast = job({ lastExecution: exec() }, { state: "Active", interval: "PT40S" });
    expect(nextCycleEta(fast, new Date("2026-01-01T10:00:10Z"))?.toISOString()).toBe("2026-01-01T10:00:40.000Z");
    expect(nextCycleEta(job({ lastExecution: exec() }, { state: "Active" }), new Date("2026-01-01T10:00:10Z"))).toBeNull();
  });
});

describe("cycleCadence", () => {
  it("says the job's interval in words, and no number when it is unknown", () => {
    expect(cycleCadence("PT40M")).toBe("about every 40 minutes");
    expect(cycleCadence("PT40S")).toBe("about every 40 seconds");
    expect(cycleCadence("PT1H30M")).toBe("about every 1 hour 30 minutes");
    expect(intervalWords("P1D")).toBe("1 day");
    expect(cycleCadence(null)).toBe("on the job's schedule");
    expect(cycleCadence("soon")).toBe("on the job's schedule");
  });
});

describe("cycleKind", () => {
  it("calls a cycle that imported objects but no deltas initial, one that imported deltas incremental", () => {
    expect(cycleKind({ countImported: 75, countImportedDeltas: 0 })).toBe("initial");
    expect(cycleKind({ countImported: 3, countImportedDeltas: 3 })).toBe("incremental");
    expect(cycleKind({ countImported: 0, countImportedDeltas: 0 })).toBe("incremental");
    expect(cycleKind({ countImported: 75, countImportedDeltas: null })).toBe("unknown");
    expect(cycleKind(null)).toBe("unknown");
  });
});

describe("explainQuarantine, a legacy app's role-import job", () => {
  const quarantine = (code: string) => ({
    reason: "EncounteredQuarantineException",
    error: { code, message: `AWS refused the role import: ${code}`, tenantActionable: true },
  });
  it("names the role-manager key, not a SCIM token, when AWS refuses the key", () => {
    for (const code of ["InvalidClientTokenId", "SignatureDoesNotMatch"]) {
      const why = explainQuarantine(quarantine(code), null, {}, "role-import");
      expect(why.title).toBe("AWS refused the role-manager access key");
      expect(why.fix).toMatch(/^Rotate the key from the role import card in Setup step \d+ \(/);
      expect(`${why.title} ${why.meaning} ${why.fix}`).not.toMatch(/SCIM/);
    }
    // The same error on a provisioning job is the SCIM token's.
    expect(explainQuarantine(quarantine("InvalidClientTokenId")).title).toBe("AWS refused the SCIM access token");
  });

  it("tells a denied iam:ListRoles (the policy was removed) from a refused key", () => {
    const why = explainQuarantine(quarantine("AccessDenied"), null, {}, "role-import");
    expect(why.title).toBe("AWS denied the role manager iam:ListRoles");
    expect(why.fix).toContain("puts the role manager's policy back");
  });
});
