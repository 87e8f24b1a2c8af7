import type { CyclePoint } from "@/lib/provisioning/status";

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 56, right: 12, top: 20, bottom: 48 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
/** An initial cycle more than this many times the largest incremental one is drawn cut off, with its value written on it. */
const BREAK_RATIO = 4;

/** 1, 2 or 5 times a power of ten: the step of about four ticks up to `max`. */
export function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power);
}

const utc = (iso: string, withDate: boolean) => (withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16));

/**
 * Recent cycles as bars over their start time: entries processed and errors (escrowed) per cycle, with a count
 * axis, a time axis (UTC; the date too when the cycles span more than a day), a legend, and the initial cycle
 * (the whole scope read once) told apart from incremental ones. Hand-drawn SVG with Tailwind classes, like the
 * portal's other figures (no style attributes under the CSP).
 */
export function CycleChart({ cycles }: { cycles: CyclePoint[] }) {
  if (!cycles.length) return <p className="text-sm text-slate-600">No cycle has finished yet.</p>;
  const incremental = cycles.filter((c) => c.kind !== "initial");
  const initialMax = Math.max(0, ...cycles.filter((c) => c.kind === "initial").map((c) => Math.max(c.imported, c.escrowed)));
  const restMax = Math.max(1, ...incremental.map((c) => Math.max(c.imported, c.escrowed)));
  // A 100,000-user initial cycle beside cycles of a few changes would flatten them all: cut it off instead.
  const broken = incremental.length > 0 && initialMax > BREAK_RATIO * restMax;
  const top = broken ? restMax : Math.max(restMax, initialMax);
  const step = niceStep(top);
  const axisMax = Math.ceil(top / step) * step;
  const ticks = Array.from({ length: axisMax / step + 1 }, (_, i) => i * step);
  const y = (v: number) => PAD.top + PLOT_H - (Math.min(v, axisMax) / axisMax) * PLOT_H;
  const slot = PLOT_W / cycles.length;
  const bar = Math.max(2, Math.min(16, slot / 3));
  const times = cycles.map((c) => c.began).filter((t): t is string => Boolean(t));
  const spansDays = times.length > 1 && times.at(-1)!.slice(0, 10) !== times[0]!.slice(0, 10);
  const labelEvery = Math.max(1, Math.ceil(cycles.length / (spansDays ? 6 : 8)));
  const baseline = PAD.top + PLOT_H;
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Last ${cycles.length} cycles: entries processed and errors per cycle`} className="h-56 w-full" data-testid="cycle-chart">
        {/* Count axis: gridlines and labels. */}
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? "stroke-slate-400" : "stroke-slate-200"} />
            <text x={PAD.left - 6} y={y(v) + 3} textAnchor="end" className="fill-slate-600 text-[10px]">
              {v.toLocaleString("en")}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={baseline} className="stroke-slate-400" />
        <text transform={`translate(12 ${PAD.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle" className="fill-slate-700 text-[10px]">
          entries per cycle
        </text>
        <text x={PAD.left + PLOT_W / 2} y={HEIGHT - 6} textAnchor="middle" className="fill-slate-700 text-[10px]">
          cycle start (UTC{spansDays ? ", month-day hour:minute" : ", hour:minute"})
        </text>
        {cycles.map((c, i) => {
          const x = PAD.left + i * slot + slot / 2;
          const initial = c.kind === "initial";
          const cut = broken && initial && c.imported > axisMax;
          return (
            <g key={c.cycleId} data-kind={c.kind}>
              <title>{`${initial ? "Initial cycle" : "Cycle"} ${c.began ? utc(c.began, true) + " UTC" : c.cycleId}: ${c.imported.toLocaleString("en")} processed, ${c.exported.toLocaleString("en")} sent to AWS, ${c.escrowed.toLocaleString("en")} errors (${c.state ?? "running"})`}</title>
              <rect x={x - bar} y={y(c.imported)} width={bar} height={baseline - y(c.imported)} className={initial ? "fill-indigo-700" : "fill-sky-500"} />
              <rect x={x} y={y(c.escrowed)} width={bar} height={baseline - y(c.escrowed)} className={c.state === "Failed" ? "fill-red-600" : "fill-amber-500"} />
              {cut ? (
                <>
                  <line x1={x - bar - 2} x2={x + 2} y1={PAD.top + 6} y2={PAD.top + 2} className="stroke-white stroke-2" />
                  <text x={x - bar / 2} y={PAD.top - 6} textAnchor="middle" className="fill-indigo-700 text-[10px] font-medium">
                    {c.imported.toLocaleString("en")}
                  </text>
                </>
              ) : null}
              {initial ? (
                <text x={x} y={baseline + 26} textAnchor="middle" className="fill-indigo-700 text-[9px] font-medium">
                  initial
                </text>
              ) : null}
              {c.state === "Failed" ? <circle cx={x} cy={baseline + 34} r={3} className="fill-red-600" /> : null}
              {c.began && (i % labelEvery === 0 || i === cycles.length - 1) ? (
                <>
                  <line x1={x} x2={x} y1={baseline} y2={baseline + 4} className="stroke-slate-400" />
                  <text x={x} y={baseline + 15} textAnchor="middle" className="fill-slate-600 text-[10px]">
                    {utc(c.began, spansDays)}
                  </text>
                </>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-sm bg-indigo-700" /> entries processed, initial cycle (the whole scope)
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-sm bg-sky-500" /> entries processed, incremental cycle (changes only)
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-sm bg-amber-500" /> errors (escrowed, retried next cycle)
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-full bg-red-600" /> cycle failed
        </span>
        {broken ? <span>The initial cycle&apos;s bar is cut off to keep the others readable; its count is written above it.</span> : null}
      </figcaption>
    </figure>
  );
}
