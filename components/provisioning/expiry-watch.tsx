import Link from "next/link";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EXPIRY_THRESHOLDS, type ExpiryItem, type ExpiryLevel } from "@/lib/provisioning/expiry";
import { BarFill } from "@/components/ui/bar-fill";

const BAR: Record<ExpiryLevel, string> = { ok: "fill-emerald-500", notice: "fill-amber-400", warning: "fill-orange-500", urgent: "fill-red-600", expired: "fill-red-700" };
const TEXT: Record<ExpiryLevel, string> = { ok: "text-emerald-700", notice: "text-amber-700", warning: "text-orange-700", urgent: "text-red-700", expired: "text-red-800" };
const WORDS: Record<ExpiryLevel, string> = {
  ok: "fine",
  notice: `under ${EXPIRY_THRESHOLDS.notice} days: plan the renewal`,
  warning: `under ${EXPIRY_THRESHOLDS.warning} days: renew now`,
  urgent: `under ${EXPIRY_THRESHOLDS.urgent} days: renew today`,
  expired: "expired",
};
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const YEAR_DAYS = 365;

/** Days left of each credential as a number and a bar that empties over the year, coloured by threshold. */
const RENEW_ACTION: Record<ExpiryItem["kind"], string> = {
  "scim-token": "Rotate the token",
  "signing-certificate": "Roll over the certificate",
  "role-manager-key": "Rotate the key",
};

export function ExpiryWatch({ items, canRenew }: { items: ExpiryItem[]; canRenew: boolean }) {
  return (
    <Card title="Expiry watch" description="The two credentials that stop federation without warning when they run out. Warnings start 60 days before, again at 30 and 7.">
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing to watch yet: the signing certificate and the SCIM token appear once Setup has created them.</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" id="expiry">
          {items.map((item) => (
            <li key={item.kind} className="rounded-lg p-4 ring-1 ring-slate-200" data-testid={`expiry-${item.kind}`} data-level={item.level}>
              <p className="text-sm font-medium text-slate-800">{item.label}</p>
              <p className={cn("mt-1 text-3xl font-semibold tabular-nums", TEXT[item.level])}>
                {item.daysLeft < 0 ? "expired" : `${item.daysLeft} days`}
                <span className="ml-2 text-sm font-normal">{item.daysLeft < 0 ? `${-item.daysLeft} days ago` : "left"}</span>
              </p>
              <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
                <BarFill percent={(item.daysLeft / YEAR_DAYS) * 100} fillClass={BAR[item.level]} />
              </div>
              <p className="mt-2 text-xs text-slate-600">
                Expires {day.format(new Date(item.expiresAt))} · {WORDS[item.level]}
              </p>
              <p className="mt-1 text-xs text-slate-500">{item.consequence}</p>
              {canRenew ? (
                <Link href={item.renewHref} className="mt-2 inline-block text-sm font-medium text-sky-700 underline">
                  {RENEW_ACTION[item.kind]}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
