import Link from "next/link";
import { BarFill } from "@/components/ui/bar-fill";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { ExpiryItem, ExpiryLevel } from "@/lib/provisioning/expiry";
import { federationQuery } from "@/lib/setup/federation-id";
import type { FederationSummary } from "@/lib/setup/federations";

const LEVEL_TEXT: Record<ExpiryLevel, string> = {
  ok: "bg-emerald-100 text-emerald-900",
  notice: "bg-amber-100 text-amber-950",
  warning: "bg-orange-200 text-orange-950",
  urgent: "bg-red-700 text-white",
  expired: "bg-red-800 text-white",
};

function ExpiryChip({ item, none, due = "left" }: { item: ExpiryItem | undefined; none: string; due?: "left" | "rotation" }) {
  if (!item) return <span className="text-xs text-slate-600">{none}</span>;
  return (
    <span className={cn("inline-block rounded px-1.5 py-0.5 text-xs font-medium tabular-nums", LEVEL_TEXT[item.level])} data-level={item.level}>
      {due === "rotation"
        ? item.daysLeft < 0
          ? `rotation overdue by ${-item.daysLeft} days`
          : `rotate within ${item.daysLeft} days`
        : item.daysLeft < 0
          ? `expired ${-item.daysLeft} days ago`
          : `${item.daysLeft} days left`}
    </span>
  );
}

/**
 * Every federation together: its mode, app and instance, AWS accounts, progress, and the two dates that stop it
 * (the signing certificate's expiry and, for legacy apps, the role-manager key's rotation), coloured by level.
 */
export function FederationsList({ federations, current, children }: { federations: FederationSummary[]; current: string; children?: React.ReactNode }) {
  return (
    <Card
      title="Federations"
      description="The first federation is IAM Identity Center or a legacy app; every further AWS account gets its own legacy app (one app per account)."
      className="mb-6"
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="federations">
          <thead className="text-xs tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                App
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Mode
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                AWS accounts
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Progress
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Signing certificate
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Role-manager key
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {federations.map((f) => {
              const selected = f.id === current;
              const percent = f.total ? (f.done / f.total) * 100 : 0;
              const label = `${f.appName ?? (f.mode === "legacy-iam" ? "AWS Single-Account Access" : "IAM Identity Center")}${f.instance && f.instance > 1 ? ` #${f.instance}` : ""}`;
              return (
                <tr key={f.id} data-testid={`federation-${f.id}`} className={selected ? "bg-sky-50" : undefined}>
                  <td className="py-2 pr-3">
                    <Link href={`/setup${federationQuery(f.id)}`} prefetch={false} aria-current={selected ? "page" : undefined} className="font-medium text-sky-800 underline">
                      {label}
                    </Link>
                    {f.appName ? null : <span className="ml-1 text-xs text-slate-600">(app not created yet)</span>}
                  </td>
                  <td className="py-2 pr-3 text-slate-700">{f.mode === "legacy-iam" ? "Legacy per-account" : "IAM Identity Center"}</td>
                  <td className="py-2 pr-3 font-mono text-xs text-slate-800">{f.accounts.length ? f.accounts.join(", ") : "—"}</td>
                  <td className="py-2 pr-3">
                    <span className="text-xs text-slate-700 tabular-nums">
                      {f.done} of {f.total}
                    </span>
                    <div
                      role="progressbar"
                      aria-label={`${label}: steps done`}
                      aria-valuemin={0}
                      aria-valuemax={f.total}
                      aria-valuenow={f.done}
                      className="mt-1 h-1.5 w-24 overflow-hidden rounded-full bg-slate-200"
                    >
                      <BarFill percent={percent} fillClass={f.done === f.total ? "fill-emerald-500" : "fill-sky-500"} />
                    </div>
                  </td>
                  <td className="py-2 pr-3">
                    <ExpiryChip item={f.expiry.find((i) => i.kind === "signing-certificate")} none="not yet" />
                  </td>
                  <td className="py-2 pr-3">
                    {f.mode === "legacy-iam" ? (
                      <ExpiryChip item={f.expiry.find((i) => i.kind === "role-manager-key")} none="not yet" due="rotation" />
                    ) : (
                      <span className="text-xs text-slate-600">not used</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {children}
    </Card>
  );
}
