import { cn } from "./cn";

/**
 * The filled part of a bar (progress, time left), `percent` wide. Drawn as an SVG rectangle whose width is an
 * attribute, because the Content-Security-Policy refuses inline `style="width: …"` attributes (style-src without
 * 'unsafe-inline': https://www.w3.org/TR/CSP3/#directive-style-src-attr). `fillClass` colours it (`fill-…`).
 * The caller's container gives the height and the track, and says what the bar means to assistive technology.
 */
export function BarFill({ percent, fillClass, className }: { percent: number; fillClass: string; className?: string }) {
  const width = Math.max(0, Math.min(100, Number.isFinite(percent) ? Math.round(percent * 10) / 10 : 0));
  return (
    <svg className={cn("block h-full w-full", className)} aria-hidden="true" focusable="false" data-percent={width}>
      <rect width={`${width}%`} height="100%" className={fillClass} />
    </svg>
  );
}
