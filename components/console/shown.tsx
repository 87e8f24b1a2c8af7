import { cn } from "@/components/ui/cn";
import type { Shown } from "./values";

/** A value filled in by the portal, or a greyed placeholder shaped like it while it is not known yet. */
export function V({ s, className }: { s: Shown; className?: string }) {
  return s.known ? (
    <span data-value className={className}>
      {s.text}
    </span>
  ) : (
    <span data-placeholder className={cn("text-slate-400 italic", className)}>
      {s.text}
    </span>
  );
}
