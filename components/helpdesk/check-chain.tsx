import type { Check, CheckStatus, RemedyBy } from "@/lib/helpdesk/types";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

const STATUS: Record<CheckStatus, { tone: Tone; label: string; dot: string; line: string }> = {
  pass: { tone: "good", label: "OK", dot: "bg-emerald-500 ring-emerald-100", line: "border-emerald-200" },
  warn: { tone: "warn", label: "Check", dot: "bg-amber-400 ring-amber-100", line: "border-amber-200" },
  fail: { tone: "bad", label: "Problem", dot: "bg-red-600 ring-red-100", line: "border-red-200" },
  skip: { tone: "neutral", label: "Not checked", dot: "bg-slate-300 ring-slate-100", line: "border-slate-200" },
};

const WHO: Record<RemedyBy, string> = { admin: "an admin", helpdesk: "helpdesk", user: "the user" };

/** The diagnosis as a vertical chain: one line per check, coloured, with its evidence and (when not green) cause and remedy. */
export function CheckChain({ checks, label = "Checks" }: { checks: Check[]; label?: string }) {
  return (
    <ol className="relative space-y-0" aria-label={label}>
      {checks.map((check, index) => {
        const s = STATUS[check.status];
        return (
          <li key={check.id} className="relative flex gap-4 pb-5" data-testid={`check-${check.id}`} data-status={check.status}>
            <div className="flex flex-col items-center">
              <span className={cn("mt-1 h-3.5 w-3.5 shrink-0 rounded-full ring-4", s.dot)} aria-hidden />
              {index < checks.length - 1 ? <span className={cn("mt-1 w-px flex-1 border-l-2", s.line)} aria-hidden /> : null}
            </div>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <h3 className="text-sm font-semibold text-slate-900">{check.title}</h3>
                <Badge tone={s.tone}>{s.label}</Badge>
              </div>
              <ul className="mt-1 space-y-0.5 text-sm text-slate-600">
                {check.evidence.map((line) => (
                  <li key={line} className="break-words">
                    {line}
                  </li>
                ))}
              </ul>
              {check.status !== "pass" && (check.cause || check.remedy) ? (
                <div className={cn("mt-2 rounded-md px-3 py-2 text-sm", check.status === "fail" ? "bg-red-50 text-red-900" : "bg-amber-50 text-amber-900")}>
                  {check.cause ? (
                    <p>
                      <span className="font-semibold">Why: </span>
                      {check.cause}
                    </p>
                  ) : null}
                  {check.remedy ? (
                    <p className="mt-1" data-testid={`remedy-${check.id}`}>
                      <span className="font-semibold">Fix{check.remedyBy ? ` (${WHO[check.remedyBy]})` : ""}: </span>
                      {check.remedy}
                    </p>
                  ) : null}
                </div>
              ) : null}
              {check.link ? (
                <Link href={check.link.href} className="mt-1 inline-block text-sm font-medium text-sky-700 underline hover:text-sky-900" data-testid={`link-${check.id}`}>
                  {check.link.label}
                </Link>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
