import Link from "next/link";
import { switchSandboxRole } from "@/app/actions";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import type { Session } from "@/lib/auth/session";
import { AREAS } from "./areas";
import { EnvironmentBadge } from "./environment-badge";
import { Nav } from "./nav-client";
import { RoleSwitcher } from "./role-switcher-client";

export function AppHeader({ mode, session }: { mode: "sandbox" | "live"; session: Session | null }) {
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
            {mode === "sandbox" ? (
              <RoleSwitcher key={session.role} role={session.role} action={switchSandboxRole} />
            ) : (
              <span className="rounded bg-white/10 px-2 py-0.5 text-xs">{ROLE_LABELS[session.role]}</span>
            )}
            <span className="hidden text-slate-300 md:inline" title={session.email}>
              {session.name}
            </span>
          </div>
        ) : null}
      </div>
    </header>
  );
}
