import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { AwsLogo, Glyph } from "./glyph";

type NavEntry = { label: string; indent?: boolean; external?: boolean } | { section: string } | { divider: true };

/** The IAM Identity Center left navigation as the console shows it today. */
const IDENTITY_CENTER_NAV: NavEntry[] = [
  { label: "Dashboard" },
  { label: "Users" },
  { label: "Groups" },
  { label: "Settings" },
  { divider: true },
  { section: "Multi-account permissions" },
  { label: "AWS accounts", indent: true },
  { label: "Permission sets", indent: true },
  { section: "Application assignments" },
  { label: "Applications", indent: true },
  { divider: true },
  { section: "Related consoles" },
  { label: "AWS Organizations", indent: true, external: true },
  { label: "IAM", indent: true, external: true },
];

const IAM_NAV: NavEntry[] = [
  { label: "Dashboard" },
  { section: "Access management" },
  { label: "User groups", indent: true },
  { label: "Users", indent: true },
  { label: "Roles", indent: true },
  { label: "Policies", indent: true },
  { label: "Identity providers", indent: true },
  { label: "Account settings", indent: true },
  { section: "Access reports" },
  { label: "Access Analyzer", indent: true },
  { label: "Credential report", indent: true },
];

const NAVS = {
  "identity-center": { title: "IAM Identity Center", entries: IDENTITY_CENTER_NAV },
  iam: { title: "Identity and Access Management (IAM)", entries: IAM_NAV },
} as const;

export type AwsNav = keyof typeof NAVS;

/**
 * A drawing of an AWS console page: the squid-ink top bar with the AWS mark, the service search box, the
 * region selector and account menu, the service's left navigation, the breadcrumb and the page title. It is a
 * picture: one `role="img"` with a description, nothing focusable.
 */
export function AwsConsoleFrame({
  label,
  caption,
  region,
  regionName,
  wrapRegion = (selector) => selector,
  accountId,
  search,
  searchDropdown,
  nav,
  selected,
  breadcrumb,
  title,
  titleInfo = false,
  titleActions,
  overlay,
  children,
  className,
}: {
  label: string;
  caption?: ReactNode;
  /** The region code, e.g. eu-west-1. */
  region: ReactNode;
  /** The region's short name shown in the selector, e.g. Ireland. */
  regionName: ReactNode;
  /** Wraps the region selector, e.g. in a Highlight. */
  wrapRegion?: (selector: ReactNode) => ReactNode;
  accountId: ReactNode;
  /** Text typed into the service search box. */
  search?: ReactNode;
  /** The search results drawn under the search box. */
  searchDropdown?: ReactNode;
  nav?: AwsNav;
  selected?: string;
  breadcrumb?: string[];
  title?: ReactNode;
  titleInfo?: boolean;
  titleActions?: ReactNode;
  /** A modal dialog drawn over the page. */
  overlay?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const navigation = nav ? NAVS[nav] : undefined;
  return (
    <figure className={cn("@container m-0", className)}>
      <div
        role="img"
        aria-label={label}
        className="relative overflow-hidden rounded-md border border-slate-300 bg-[#f2f3f3] font-[Amazon_Ember,Helvetica_Neue,Roboto,Arial,sans-serif] text-[11.5px] leading-snug text-[#000716] shadow-sm select-none"
      >
        <div className="bg-aws-ink flex h-9 items-center gap-2.5 px-3 text-white">
          <AwsLogo className="h-[22px]" />
          <span className="hidden items-center gap-1 text-[12px] font-bold @md:flex">
            <Glyph name="grid" className="size-3" />
            Services
          </span>
          <div className="relative min-w-0 flex-1 @lg:max-w-80">
            <span className="flex h-6 items-center gap-1.5 rounded-lg border border-[#8d99a8] bg-[#0f1b2a] px-2 text-[#b6bec9]">
              <Glyph name="search" className="size-3" />
              {search ? <span className="truncate text-white">{search}</span> : <span className="truncate">Search</span>}
              <span className="ml-auto hidden text-[10px] whitespace-nowrap @md:inline">[Alt+S]</span>
            </span>
            {searchDropdown ? <div className="absolute top-7 left-0 z-20 w-[min(30rem,88cqw)]">{searchDropdown}</div> : null}
          </div>
          <span className="ml-auto flex items-center gap-2.5 text-[#d1d5db]">
            <Glyph name="terminal" className="hidden @lg:block" />
            <Glyph name="bell" className="hidden @md:block" />
            <Glyph name="question" className="hidden @lg:block" />
            <Glyph name="gear" className="hidden @md:block" />
          </span>
          {wrapRegion(
            <span data-region className="flex items-center gap-1 font-bold whitespace-nowrap">
              {regionName}
              <span className="hidden font-normal text-[#b6bec9] @lg:inline">({region})</span>
              <Glyph name="chevronDown" className="size-3" />
            </span>,
          )}
          <span className="hidden items-center gap-1 font-bold whitespace-nowrap @xl:flex">
            admin @ {accountId}
            <Glyph name="chevronDown" className="size-3" />
          </span>
        </div>

        <div className="grid">
          <div className="flex min-h-40 [grid-area:1/1]">
            {navigation ? (
              <div className="hidden w-44 shrink-0 border-r border-[#e9ebed] bg-white py-3 @xl:block">
                <div className="flex items-start gap-2 px-4 pb-2 text-[13px] font-bold">
                  {navigation.title}
                  <Glyph name="close" className="mt-0.5 ml-auto size-3 text-[#414d5c]" />
                </div>
                {navigation.entries.map((entry, index) => {
                  if ("divider" in entry) return <hr key={index} className="mx-4 my-2 border-[#e9ebed]" />;
                  if ("section" in entry)
                    return (
                      <div key={entry.section} className="flex items-center gap-1 px-4 pt-1.5 pb-0.5 font-bold text-[#000716]">
                        <Glyph name="chevronDown" className="size-3" />
                        {entry.section}
                      </div>
                    );
                  return (
                    <div
                      key={entry.label}
                      className={cn(
                        "flex items-center gap-1 py-[3px] pr-3",
                        entry.indent ? "pl-8" : "pl-4",
                        entry.label === selected ? "font-bold text-[#0972d3]" : "text-[#414d5c]",
                      )}
                    >
                      {entry.label}
                      {entry.external ? <Glyph name="external" className="size-2.5" /> : null}
                    </div>
                  );
                })}
              </div>
            ) : null}
            <div className="@container min-w-0 flex-1 px-4 pt-2.5 pb-4">
              {breadcrumb ? (
                <div className="mb-1.5 truncate text-[11px]">
                  {breadcrumb.map((crumb, index) => (
                    <span key={`${crumb}-${index}`}>
                      {index > 0 ? <Glyph name="chevronRight" className="mx-1 inline size-2.5 text-[#5f6b7a]" /> : null}
                      {/* AWS draws links #0972d3 on white; on this grey page that is under 4.5:1, so a darker blue of its palette. */}
                      <span className={index < breadcrumb.length - 1 ? "text-[#0654a5]" : "text-[#5f6b7a]"}>{crumb}</span>
                    </span>
                  ))}
                </div>
              ) : null}
              {title ? (
                <div className="mb-3 flex flex-wrap items-center gap-2">
                  <h3 className="m-0 text-[18px] leading-tight font-bold">{title}</h3>
                  {titleInfo ? <span className="text-[11px] font-bold text-[#0972d3]">Info</span> : null}
                  {titleActions ? <div className="ml-auto flex items-center gap-2">{titleActions}</div> : null}
                </div>
              ) : null}
              {children}
            </div>
          </div>
          {overlay ? (
            <>
              <div aria-hidden className="bg-[#232f3e]/45 [grid-area:1/1]" />
              <div className="flex items-start justify-center p-4 [grid-area:1/1]">{overlay}</div>
            </>
          ) : null}
        </div>
      </div>
      {caption ? <figcaption className="mt-1.5 text-xs text-slate-600">{caption}</figcaption> : null}
    </figure>
  );
}
