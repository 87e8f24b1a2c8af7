import { describe, expect, it } from "vitest";
import { formatAgo, formatDuration, formatRelative, formatUtc } from "./format";

const now = new Date("2026-01-01T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

describe("provisioning page formatters", () => {
  it("writes UTC times, and 'never' for none", () => {
    expect(formatUtc("2026-01-01T10:00:00Z")).toBe("1 Jan 2026, 10:00:00 UTC");
    expect(formatUtc(null)).toBe("never");
  });

  it("writes durations in seconds, minutes or hours", () => {
    expect(formatDuration(at(0), at(45))).toBe("45 s");
    expect(formatDuration(at(0), at(600))).toBe("10 min");
    expect(formatDuration(at(0), at(7200))).toBe("2.0 h");
    expect(formatDuration(null, at(5))).toBe("");
  });

  it("says a cycle 40 s away in seconds, not as 'in about 1 min'", () => {
    expect(formatRelative(at(40), now)).toBe("in about 40 s");
    expect(formatRelative(at(2400), now)).toBe("in about 40 min");
    expect(formatRelative(at(-180), now)).toBe("3 min ago");
    expect(formatRelative(at(2), now)).toBe("now");
  });

  it("says how long ago the poller read the job", () => {
    expect(formatAgo(at(-20), now)).toBe("20 s ago");
    expect(formatAgo(at(-600), now)).toBe("10 min ago");
    expect(formatAgo(at(-7200), now)).toBe(`at ${formatUtc(at(-7200))}`);
  });
});
