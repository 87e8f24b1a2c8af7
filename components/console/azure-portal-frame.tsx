import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Glyph, type GlyphName } from "./glyph";

/** The left menu of an enterprise application blade, as the Azure portal shows it today. */
const ENTERPRISE_APP_MENU: { section?: string; items: { label: string; icon: GlyphName }[] }[] = [
  {
    items: [
      { label: "Overview", icon: "app" },
      { label: "Deployment Plan", icon: "file" },
      { label: "Diagnose and solve problems", icon: "gear" },
    ],
  },
  {
    section: "Manage",
    items: [
      { label: "Properties", icon: "grid" },
      { label: "Owners", icon: "user" },
      { label: "Roles and administrators", icon: "users" },
      { label: "Users and groups", icon: "users" },
      { label: "Single sign-on", icon: "refresh" },
      { label: "Provisioning", icon: "upload" },
      { label: "Self-service", icon: "user" },
      { label: "Custom security attributes", icon: "key" },
    ],
  },
  {
    section: "Security",
    items: [
      { label: "Conditional Access", icon: "shield" },
      { label: "Permissions", icon: "key" },
    ],
  },
  {
    section: "Activity",
    items: [
      { label: "Sign-in logs", icon: "file" },
      { label: "Provisioning logs", icon: "file" },
      { label: "Audit logs", icon: "file" },
    ],
  },
];

export type EnterpriseAppMenuItem =
  "Overview" | "Properties" | "Users and groups" | "Single sign-on" | "Provisioning" | "Conditional Access" | "Permissions" | "Provisioning logs";

export interface AzureToolbarItem {
  label: string;
  icon: GlyphName;
  disabled?: boolean;
  /** Wraps the item, e.g. in a Highlight. */
  wrap?: (item: ReactNode) => ReactNode;
}

/**
 * A drawing of an Azure portal blade: the top bar, breadcrumb, blade title with the app icon, the enterprise
 * app's left menu and the content. It is a picture: one `role="img"` with a description, nothing focusable.
 */
export function AzurePortalFrame({
  label,
  caption,
  tenantDomain,
  breadcrumb,
  title,
  section,
  subtitle,
  icon,
  menu,
  toolbar,
  panel,
  children,
  className,
}: {
  /** What the screen shows, for assistive technology. */
  label: string;
  caption?: ReactNode;
  tenantDomain?: string;
  breadcrumb: ReactNode[];
  /** The blade title (an app's display name, or a page name). */
  title: ReactNode;
  /** The part after the "|" in the title, e.g. "Single sign-on". */
  section?: string;
  subtitle?: string;
  icon?: ReactNode;
  /** The enterprise app menu with this item selected; none for full-width pages. */
  menu?: EnterpriseAppMenuItem;
  toolbar?: AzureToolbarItem[];
  /** A context pane drawn over the right of the blade (Azure's fly-out panes). */
  panel?: { title: string; subtitle?: string; toolbar?: AzureToolbarItem[]; children: ReactNode; footer?: ReactNode };
  children: ReactNode;
  className?: string;
}) {
  return (
    <figure className={cn("@container m-0", className)}>
      <div
        role="img"
        aria-label={label}
        className="relative overflow-hidden rounded-md border border-slate-300 bg-white font-[Segoe_UI,system-ui,-apple-system,sans-serif] text-[11.5px] leading-snug text-[#323130] shadow-sm select-none"
      >
        <div className="flex h-8 items-center gap-3 bg-[#0f4f8c] px-2.5 text-white">
          <Glyph name="menu" className="size-4" />
          <span className="text-[13px] font-semibold whitespace-nowrap">Microsoft Azure</span>
          <span className="mx-auto hidden h-[22px] w-full max-w-72 min-w-0 items-center gap-1.5 rounded-sm border border-white/40 bg-white/10 px-2 text-white/90 @md:flex">
            <Glyph name="search" className="size-3" />
            <span className="truncate">Search resources, services, and docs (G+/)</span>
          </span>
          <span className="ml-auto flex items-center gap-2.5 text-white/90 @md:ml-0">
            <Glyph name="terminal" className="hidden @lg:block" />
            <Glyph name="bell" />
            <Glyph name="gear" />
            <Glyph name="question" className="hidden @lg:block" />
          </span>
          <span className="hidden text-right leading-tight @lg:block">
            <span className="block text-[10px]">admin@{tenantDomain ?? "contoso.onmicrosoft.com"}</span>
            <span className="block text-[8.5px] tracking-wide text-white/80 uppercase">Default directory</span>
          </span>
          <span className="grid size-5 place-items-center rounded-full bg-white/90 text-[9px] font-bold text-[#0f4f8c]">A</span>
        </div>

        <div className="grid">
          <div className="[grid-area:1/1]">
            <div className="truncate px-4 pt-2 text-[10.5px] text-[#0078d4]">
              {breadcrumb.map((crumb, index) => (
                <span key={index}>
                  {index > 0 ? <span className="mx-1 text-slate-500">&gt;</span> : null}
                  {crumb}
                </span>
              ))}
            </div>

            <div className="flex items-start gap-2 px-4 pt-1 pb-2">
              {icon}
              <div className="min-w-0">
                <div className="truncate text-[17px] font-semibold text-[#201f1e]">
                  {title}
                  {section ? <span className="font-normal text-[#323130]"> | {section}</span> : null}
                </div>
                {subtitle ? <div className="text-[10.5px] text-[#605e5c]">{subtitle}</div> : null}
              </div>
              <span className="ml-auto flex items-center gap-3 pt-1 text-[#605e5c]">
                <Glyph name="ellipsis" />
                <Glyph name="close" />
              </span>
            </div>

            <div className="flex min-h-40 border-t border-[#edebe9]">
              {menu ? (
                <div className="hidden w-40 shrink-0 border-r border-[#edebe9] py-1.5 @xl:block">
                  <div className="mx-2 mb-1.5 flex items-center gap-1.5 rounded-sm border border-[#8a8886] px-1.5 py-0.5 text-[#605e5c]">
                    <Glyph name="search" className="size-3" />
                    Search
                  </div>
                  {ENTERPRISE_APP_MENU.map((group, groupIndex) => (
                    <div key={group.section ?? groupIndex}>
                      {group.section ? <div className="mt-1.5 px-2.5 py-0.5 text-[10.5px] font-semibold text-[#323130]">{group.section}</div> : null}
                      {group.items.map((item) => (
                        <div
                          key={item.label}
                          className={cn(
                            "flex items-center gap-1.5 truncate px-2.5 py-[3px]",
                            item.label === menu ? "bg-[#edebe9] font-semibold text-[#201f1e]" : "text-[#323130]",
                          )}
                        >
                          <Glyph name={item.icon} className="size-3 text-[#0078d4]" />
                          <span className="truncate">{item.label}</span>
                        </div>
                      ))}
                    </div>
                  ))}
                </div>
              ) : null}
              <div className="@container min-w-0 flex-1">
                {toolbar ? <AzureToolbar items={toolbar} /> : null}
                <div className="p-3.5">{children}</div>
              </div>
            </div>
          </div>

          {panel ? (
            <>
              <div aria-hidden className="bg-white/55 [grid-area:1/1]" />
              <div className="relative z-20 flex w-[88%] flex-col justify-self-end border-l border-[#c8c6c4] bg-white shadow-[-8px_0_24px_rgba(0,0,0,0.18)] [grid-area:1/1] @xl:w-[62%]">
                <div className="flex items-start gap-2 px-4 pt-3 pb-2">
                  <div className="min-w-0">
                    <div className="truncate text-[16px] font-semibold text-[#201f1e]">{panel.title}</div>
                    {panel.subtitle ? <div className="text-[10.5px] text-[#605e5c]">{panel.subtitle}</div> : null}
                  </div>
                  <Glyph name="close" className="mt-1 ml-auto text-[#605e5c]" />
                </div>
                {panel.toolbar ? <AzureToolbar items={panel.toolbar} /> : null}
                <div className="@container flex-1 px-4 py-3">{panel.children}</div>
                {panel.footer ? <div className="flex gap-2 border-t border-[#edebe9] px-4 py-2.5">{panel.footer}</div> : null}
              </div>
            </>
          ) : null}
        </div>
      </div>
      {caption ? <figcaption className="mt-1.5 text-xs text-slate-600">{caption}</figcaption> : null}
    </figure>
  );
}

function AzureToolbar({ items }: { items: AzureToolbarItem[] }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-[#edebe9] px-3.5 py-1.5">
      {items.map((item) => {
        const node = (
          <span className={cn("inline-flex items-center gap-1.5 whitespace-nowrap", item.disabled ? "text-[#a19f9d]" : "text-[#323130]")}>
            <Glyph name={item.icon} className={cn("size-3.5", item.disabled ? "text-[#a19f9d]" : "text-[#0078d4]")} />
            {item.label}
          </span>
        );
        return <span key={item.label}>{item.wrap ? item.wrap(node) : node}</span>;
      })}
    </div>
  );
}
