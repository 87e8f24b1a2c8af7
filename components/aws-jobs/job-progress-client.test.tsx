import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { JobProgress } from "./job-progress-client";

const view = {
  jobId: "j1",
  title: "Setup: 150 account assignments",
  status: "running" as const,
  total: 150,
  done: 60,
  failed: 2,
  inFlight: 10,
  failures: [{ label: "create-assignment Project Users in 111122223333", error: "AWS reported the operation failed: no reason given" }],
  createdAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:01:05.000Z",
};

describe("JobProgress", () => {
  it("shows done/total, failures and elapsed time on a <progress> bar, with no inline style (CSP)", () => {
    const html = renderToStaticMarkup(<JobProgress source={{ kind: "account-access" }} initial={view} label="Assignments" />);
    expect(html).toMatch(/<progress[^>]*max="150"[^>]*value="62"/);
    expect(html).toContain("60 of 150 done");
    expect(html).toContain("10 in AWS");
    expect(html).toContain("2 failed");
    expect(html).toContain("1 min 5 s");
    expect(html).toContain("no reason given");
    expect(html).not.toMatch(/style=/);
  });

  it("draws nothing until the first progress arrives", () => {
    expect(renderToStaticMarkup(<JobProgress source={{ job: "j1" }} />)).toBe("");
  });
});
