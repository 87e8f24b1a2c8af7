import type { ReactNode } from "react";
import { cn } from "./cn";

export function Card({
  title,
  description,
  children,
  className,
  footer,
}: {
  title?: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  footer?: ReactNode;
}) {
  return (
    <section className={cn("rounded-xl border border-slate-200 bg-white shadow-sm", className)}>
      {title ? (
        <header className="border-b border-slate-100 px-5 py-4">
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
        </header>
      ) : null}
      <div className="px-5 py-4">{children}</div>
      {footer ? <footer className="rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">{footer}</footer> : null}
    </section>
  );
}
