import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/access", label: "Account assignments" },
  { href: "/access/groups", label: "Group memberships" },
  { href: "/access/effective", label: "Effective access" },
  { href: "/access/permission-sets", label: "Permission sets" },
  { href: "/access/rules", label: "OU rules" },
  { href: "/access/protected", label: "Protected principals" },
] as const;

export type AccessTab = (typeof TABS)[number]["href"];

/** The Access area's sub-pages. */
export function AccessNav({ current }: { current: AccessTab }) {
  return (
    <nav aria-label="Access views" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            tab.href === current ? "border-sky-600 text-sky-800" : "border-transparent text-slate-600 hover:text-slate-900",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** A problem reading AWS, in words. */
export function AccessUnavailable({ message }: { message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p className="font-semibold">The Access area could not read AWS.</p>
      <p className="mt-1">{message}</p>
    </div>
  );
}

