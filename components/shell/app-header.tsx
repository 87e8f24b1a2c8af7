import Link from "next/link";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import type { Session } from "@/lib/auth/session";
import type { ExpiryItem } from "@/lib/provisioning/expiry";
import { DEFAULT_FEDERATION } from "@/lib/setup/federation-id";
import { AREAS } from "./areas";
import { EnvironmentBadge } from "./environment-badge";
import { Nav } from "./nav-client";

const EXPIRY_TONE: Record<ExpiryItem["level"], string> = {
  ok: "",
  notice: "bg-amber-100 text-amber-950",
  warning: "bg-orange-200 text-orange-950",
  urgent: "bg-red-600 text-white",
  expired: "bg-red-800 text-white",
};

const RENEW_LINK: Record<ExpiryItem["kind"], string> = {
  "scim-token": "Rotate it now",
  "signing-certificate": "Roll it over now",
  "role-manager-key": "Rotate it now",
};

/** One line per credential inside 60 days, linking to where it is renewed (or to the watch, for read-only roles). */
export function ExpiryBanner({ items, canRenew }: { items: ExpiryItem[]; canRenew: boolean }) {
  return (
    <div role="status" aria-label="Expiring credentials">
      {items.map((item) => {
        // With several apps, each line names the one whose credential it is.
        const label = item.appLabel ? `${item.label} of ${item.appLabel}` : item.label;
        return (
          <p
            key={`${item.federationId}-${item.kind}`}
            className={`px-4 py-1.5 text-center text-sm font-medium ${EXPIRY_TONE[item.level]}`}
            data-testid={item.federationId === DEFAULT_FEDERATION ? `header-expiry-${item.kind}` : `header-expiry-${item.kind}-${item.federationId}`}
            data-level={item.level}
          >
            {item.daysLeft < 0
              ? `The ${label} expired ${-item.daysLeft} days ago.`
              : `The ${label} expires in ${item.daysLeft} day${item.daysLeft === 1 ? "" : "s"}.`}{" "}
            <Link href={canRenew ? item.renewHref : "/provisioning#expiry"} className="underline">
              {canRenew ? RENEW_LINK[item.kind] : "See the expiry watch"}
            </Link>
          </p>
        );
      })}
    </div>
  );
}

export function AppHeader({ mode, session, expiring = [] }: { mode: "sandbox" | "live"; session: Session | null; expiring?: ExpiryItem[] }) {
  const items = AREAS.filter((area) => can(session?.role, area.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <header className="bg-slate-900 text-white shadow">
      {mode === "sandbox" ? (
        <div className="bg-amber-400 px-4 py-1 text-center text-xs font-medium text-amber-950">
          Sandbox mode: the portal talks to the built-in sandbox cloud, not to a real tenant or AWS account.
        </div>
      ) : null}
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="grid size-7 place-items-center rounded-md bg-gradient-to-br from-[var(--color-entra)] to-[var(--color-aws)] text-xs font-bold"
          >
            IB
          </span>
          Identity Bridge
        </Link>
        <EnvironmentBadge mode={mode} />
        <div className="flex-1">{items.length ? <Nav items={items} /> : null}</div>
        {session ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="text-right leading-tight">
              <span className="block text-slate-100" data-testid="signed-in-user" title={session.email}>
                {session.name}
              </span>
              <span className="block text-xs text-slate-400">{ROLE_LABELS[session.role]}</span>
            </span>
            <form method="post" action="/auth/sign-out">
              <button type="submit" className="rounded-md px-2.5 py-1.5 text-xs font-medium text-slate-200 ring-1 ring-white/20 hover:bg-white/10">
                Sign out
              </button>
            </form>
          </div>
        ) : null}
      </div>
      {session && expiring.length ? <ExpiryBanner items={expiring} canRenew={can(session.role, "provisioning.operate")} /> : null}
    </header>
  );
}
