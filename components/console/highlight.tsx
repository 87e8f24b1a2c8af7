import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * Whether the control `name` should carry the attention ring. With no `highlight` prop a screen rings every
 * control of its sequence (numbered in order); naming one narrows it to that control.
 */
export function isHighlighted(current: string | undefined, name: string): boolean {
  return current === undefined || current === name;
}

/** The attention ring around the control to use: a pulsing amber outline and a small numbered marker. */
export function Highlight({
  name,
  n,
  current,
  block = false,
  className,
  children,
}: {
  /** The control's name, as a screen's `highlight` prop names it. */
  name: string;
  /** Its place in the sequence of actions on this screen. */
  n?: number;
  /** The screen's `highlight` prop. */
  current: string | undefined;
  /** Stretch to the full width of the parent (fields, table rows) instead of hugging the control. */
  block?: boolean;
  className?: string;
  children: ReactNode;
}) {
  if (!isHighlighted(current, name)) {
    return block ? <div className={className}>{children}</div> : <span className={className}>{children}</span>;
  }
  const Tag = block ? "div" : "span";
  return (
    <Tag
      data-highlight={name}
      className={cn("relative rounded-[3px] ring-2 ring-amber-400 ring-offset-2 ring-offset-white", block ? "block" : "inline-flex align-middle", className)}
    >
      {children}
      <span aria-hidden className="pointer-events-none absolute -inset-1.5 rounded-md border-2 border-amber-400/80 motion-safe:animate-pulse" />
      {n !== undefined ? (
        <span
          aria-hidden
          data-highlight-marker={n}
          className="absolute -top-2.5 -left-2.5 z-10 grid size-4 place-items-center rounded-full bg-amber-500 text-[9px] leading-none font-bold text-white shadow ring-1 ring-white"
        >
          {n}
        </span>
      ) : null}
    </Tag>
  );
}

/**
 * Rings `children` when `name` is one of the controls this drawing marks (`rings` maps names to their place in
 * the sequence); otherwise draws them plain. Lets one drawing serve several screens that ring different controls.
 */
export function Ring({
  rings,
  name,
  current,
  block = false,
  className,
  children,
}: {
  rings: Partial<Record<string, number>>;
  name: string;
  current: string | undefined;
  block?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const n = rings[name];
  if (n === undefined) return block ? <div className={className}>{children}</div> : <>{children}</>;
  return (
    <Highlight name={name} n={n} current={current} block={block} className={className}>
      {children}
    </Highlight>
  );
}
