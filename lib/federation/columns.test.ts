import { describe, expect, it } from "vitest";
import { toProvisioningJob } from "../entra/provisioning-job";
import { diagnosisReportColumn, federationFactsColumn, helpdeskPolicyColumn, snapshotStatusColumn, stepRequestIdsColumn } from "./columns";
import { CorruptColumnError } from "./json-column";

describe("JSON column codecs", () => {
  it("round-trips the federation's facts", () => {
    const facts = {
      instance: { instanceArn: "arn:aws:sso:::instance/ssoins-1", identityStoreId: "d-1", region: "eu-west-1" },
      assignments: { principals: [{ id: "g1", type: "Group" as const, displayName: "Project Users" }] },
    };
    expect(federationFactsColumn.decode(federationFactsColumn.encode(facts))).toEqual(facts);
    expect(federationFactsColumn.decode("{}")).toEqual({});
  });

  it("a row that is not JSON fails with an error naming the column", () => {
    expect(() => federationFactsColumn.decode("{not json")).toThrow(CorruptColumnError);
    expect(() => federationFactsColumn.decode("{not json")).toThrow(/Federation\.facts/);
  });

  it("a row of the wrong shape names the column and where it is wrong", () => {
    const error = (() => {
      try {
        federationFactsColumn.decode(JSON.stringify({ instance: { instanceArn: 5 } }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CorruptColumnError);
    expect(error).toMatchObject({ column: "Federation.facts" });
    expect((error as Error).message).toMatch(/instance\.instanceArn/);
    expect(() => stepRequestIdsColumn.decode('[1, 2]')).toThrow(/SetupStep\.requestIds/);
  });

  it("refuses to write a value that does not match", () => {
    expect(() => stepRequestIdsColumn.encode([1] as unknown as string[])).toThrow(/refused to write/);
  });

  it("the snapshot column accepts exactly what the job parser produces", () => {
    const job = toProvisioningJob({
      id: "aws.1",
      templateId: "aws",
      schedule: { interval: "PT40M", state: "Active" },
      status: { code: "Active", lastExecution: { state: "Succeeded", countExported: 3, activityIdentifier: "c1" }, quarantine: null },
    });
    expect(snapshotStatusColumn.decode(snapshotStatusColumn.encode(job))).toEqual(job);
    // The poller compares the stored text to know whether the job changed: encoding must not reorder anything.
    expect(snapshotStatusColumn.encode(job)).toBe(JSON.stringify(job));
  });

  it("a stored helpdesk policy missing a field takes the default", () => {
    expect(helpdeskPolicyColumn.decode("{}")).toEqual({ helpdeskMayProvisionOnDemand: false });
    expect(helpdeskPolicyColumn.decode('{"helpdeskMayProvisionOnDemand":true}')).toEqual({ helpdeskMayProvisionOnDemand: true });
  });

  it("a diagnosis report is checked down to what the pages branch on", () => {
    expect(() => diagnosisReportColumn.decode('{"outcome":"diagnosed"}')).toThrow(/Diagnosis\.report/);
    const report = { outcome: "diagnosed", headline: { tone: "good", text: "ok" }, checks: [], problems: [], extra: 1 };
    expect(diagnosisReportColumn.decode(JSON.stringify(report))).toEqual(report);
  });
});
