import type { ReactNode } from "react";
import { Badge } from "../ui/badge";

/** An area whose feature has not been built: says so plainly and lists what will be here. */
export function NotBuiltYet({ summary, items = [], children }: { summary: string; items?: string[]; children?: ReactNode }) {
  return (
    <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6">
      <div className="flex items-center gap-3">
        <Badge tone="warn">Not built yet</Badge>
        <p className="text-sm text-slate-700">{summary}</p>
      </div>
      {items.length ? (
        <ul className="mt-4 grid gap-2 text-sm text-slate-700 sm:grid-cols-2">
          {items.map((item) => (
            <li key={item} className="flex gap-2">
              <span aria-hidden="true" className="mt-1.5 size-1.5 shrink-0 rounded-full bg-slate-400" />
              {item}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </section>
  );
}
