import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CyclePoint } from "@/lib/provisioning/status";
import { CycleChart, niceStep } from "./cycle-chart";

const cycle = (n: number, over: Partial<CyclePoint> = {}): CyclePoint => ({
  cycleId: `c${n}`,
  began: new Date(Date.parse("2026-11-30T08:00:00Z") + n * 40 * 60_000).toISOString(),
  ended: null,
  state: "Succeeded",
  imported: 12,
  exported: 3,
  escrowed: n % 2,
  kind: "incremental",
  ...over,
});

describe("CycleChart", () => {
  it("steps its count axis by 1, 2 or 5 times a power of ten", () => {
    expect([3, 12, 40, 99, 100_000].map(niceStep)).toEqual([1, 5, 10, 50, 50_000]);
  });

  it("has labelled axes, a legend, and the initial cycle told apart and cut off when it dwarfs the rest", () => {
    const html = renderToStaticMarkup(<CycleChart cycles={[cycle(0, { kind: "initial", imported: 100_000 }), ...Array.from({ length: 5 }, (_, i) => cycle(i + 1))]} />);
    expect(html).toContain("entries per cycle");
    expect(html).toContain("cycle start (UTC, hour:minute)");
    // The count axis fits the incremental cycles (max 12: ticks 0, 5, 10, 15), the initial one is written out.
    expect(html).toMatch(/>15<\/text>/);
    expect(html).toContain(">100,000</text>");
    expect(html).toContain('data-kind="initial"');
    expect(html).toContain(">initial</text>");
    expect(html).toContain("incremental cycle (changes only)");
    expect(html).toContain("08:40");
    expect(html).not.toContain("style=");
  });

  it("draws an initial cycle to scale when it does not dwarf the rest, and dates the time axis over days", () => {
    const html = renderToStaticMarkup(<CycleChart cycles={[cycle(0, { kind: "initial", imported: 800 }), cycle(60, { imported: 500 })]} />);
    expect(html).toContain(">800</text>");
    expect(html).not.toContain("cut off");
    expect(html).toContain("month-day");
    expect(html).toContain("11-30 08:00");
  });
});
