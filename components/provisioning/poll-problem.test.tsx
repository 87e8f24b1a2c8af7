import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PollProblem } from "./poll-problem";

const lost = { checkedAt: "2026-11-30T10:00:00.000Z", error: "Microsoft Entra could not find what this step asked for.", errorKind: "not-found", errorSince: "2026-11-30T09:00:00.000Z" };

describe("PollProblem", () => {
  it("says nothing while the poller reads the job", () => {
    expect(renderToStaticMarkup(<PollProblem poll={{ ...lost, error: null, errorKind: null, errorSince: null }} />)).toBe("");
  });

  it("names the steps that bring back a lost job, for the kind of job it is", () => {
    const provisioning = renderToStaticMarkup(<PollProblem poll={lost} />);
    expect(provisioning).toContain("its provisioning job no longer exists");
    expect(provisioning).toMatch(/step \d+ \(Provisioning: Automatic/);
    const roleImport = renderToStaticMarkup(<PollProblem poll={lost} job="role-import" />);
    expect(roleImport).toContain("its role-import job no longer exists");
    expect(roleImport).not.toMatch(/Provisioning: Automatic|Identity Center/);
    expect(roleImport).toMatch(/step \d+ \([^)]*role import/i);
  });
});
