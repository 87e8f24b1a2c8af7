import type { CyclePoint } from "@/lib/provisioning/status";

/** Recent cycles as bars: entries processed (imported) and errors (escrowed). Hand-drawn SVG, no library. */
export function CycleChart({ cycles }: { cycles: CyclePoint[] }) {
  if (!cycles.length) return <p className="text-sm text-slate-600">No cycle has finished yet.</p>;
  const width = 640;
  const height = 160;
  const pad = { left: 32, bottom: 20, top: 8 };
  const max = Math.max(1, ...cycles.map((c) => Math.max(c.imported, c.escrowed)));
  const slot = (width - pad.left) / cycles.length;
  const bar = Math.max(2, Math.min(14, slot / 3));
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.bottom - pad.top);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Last ${cycles.length} cycles: entries processed and errors`} className="h-40 w-full">
        <line x1={pad.left} x2={width} y1={height - pad.bottom} y2={height - pad.bottom} className="stroke-slate-300" />
        <text x={pad.left - 4} y={pad.top + 8} textAnchor="end" className="fill-slate-500 text-[10px]">
          {max}
        </text>
        <text x={pad.left - 4} y={height - pad.bottom} textAnchor="end" className="fill-slate-500 text-[10px]">
          0
        </text>
        {cycles.map((c, i) => {
          const x = pad.left + i * slot + slot / 2;
          return (
            <g key={c.cycleId}>
              <title>{`${c.began ? new Date(c.began).toISOString().replace("T", " ").slice(0, 16) + " UTC" : c.cycleId}: ${c.imported} processed, ${c.exported} exported, ${c.escrowed} errors (${c.state ?? "?"})`}</title>
              <rect x={x - bar} y={y(c.imported)} width={bar} height={height - pad.bottom - y(c.imported)} className="fill-sky-600" />
              <rect x={x} y={y(c.escrowed)} width={bar} height={height - pad.bottom - y(c.escrowed)} className={c.state === "Failed" ? "fill-red-600" : "fill-amber-500"} />
              {c.state === "Failed" ? <circle cx={x} cy={height - pad.bottom + 8} r={3} className="fill-red-600" /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-sm bg-sky-600" /> entries processed
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-sm bg-amber-500" /> errors (escrowed)
        </span>
        <span className="inline-flex items-center gap-1">
          <span aria-hidden className="size-2.5 rounded-full bg-red-600" /> cycle failed
        </span>
      </figcaption>
    </figure>
  );
}
