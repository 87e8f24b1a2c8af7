import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { federationQuery } from "@/lib/setup/federation-id";
import type { FederationSummary } from "@/lib/setup/federations";

/**
 * With several federations, a page (the status page, the helpdesk) shows one at a time: a link per app, the shown one
 * marked, with its soonest expiry's level.
 */
export function FederationSwitcher({ federations, current, basePath = "/provisioning" }: { federations: FederationSummary[]; current: string; basePath?: string }) {
  return (
    <nav aria-label="Federations" className="flex flex-wrap gap-2" data-testid="federation-switcher">
      {federations.map((f) => {
        const soonest = f.expiry[0];
        const label = `${f.appName ?? (f.mode === "legacy-iam" ? "AWS Single-Account Access" : "IAM Identity Center")}${f.instance && f.instance > 1 ? ` #${f.instance}` : ""}${f.importAccount ? ` · ${f.importAccount}` : ""}`;
        const tone =
          !soonest || soonest.level === "ok"
            ? "bg-emerald-500"
            : soonest.level === "notice"
              ? "bg-amber-500"
              : soonest.level === "warning"
                ? "bg-orange-500"
                : "bg-red-600";
        return (
          <Link
            key={f.id}
            href={`${basePath}${federationQuery(f.id)}`}
            // An open status page updates itself from events; prefetching the other apps' pages would re-fetch it.
            prefetch={false}
            aria-current={f.id === current ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-full px-3 py-1 text-sm ring-1",
              f.id === current ? "bg-sky-100 font-medium text-sky-950 ring-sky-300" : "bg-white text-slate-800 ring-slate-200 hover:ring-slate-400",
            )}
          >
            <span aria-hidden="true" className={cn("size-2 rounded-full", tone)} />
            {label}
            {soonest && soonest.level !== "ok" ? <span className="sr-only">: a credential expires within {soonest.daysLeft} days</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
