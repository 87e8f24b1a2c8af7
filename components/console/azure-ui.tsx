import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Glyph } from "./glyph";

// Fluent UI (the Azure portal's design language) look-alikes. They are pictures: spans, never real controls.

export function AzButton({
  variant = "default",
  disabled = false,
  children,
  className,
}: {
  variant?: "primary" | "default";
  disabled?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center justify-center gap-1 rounded-sm border px-3 py-[3px] font-semibold whitespace-nowrap",
        disabled
          ? "border-[#f3f2f1] bg-[#f3f2f1] text-[#a19f9d]"
          : variant === "primary"
            ? "border-[#0078d4] bg-[#0078d4] text-white"
            : "border-[#8a8886] bg-white text-[#323130]",
        className,
      )}
    >
      {children}
    </span>
  );
}

/** A labelled field: label (with the red asterisk when required) above the input. */
export function AzField({
  label,
  required = false,
  info = false,
  description,
  children,
  className,
}: {
  label: ReactNode;
  required?: boolean;
  info?: boolean;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mb-2.5 min-w-0", className)}>
      <div className="mb-0.5 flex items-center gap-1 font-semibold text-[#323130]">
        {label}
        {required ? <span className="text-[#a4262c]">*</span> : null}
        {info ? <Glyph name="info" className="size-3 text-[#605e5c]" /> : null}
      </div>
      {description ? <div className="mb-1 text-[10.5px] text-[#605e5c]">{description}</div> : null}
      {children}
    </div>
  );
}

export function AzInput({
  children,
  copy = false,
  check = false,
  placeholder = false,
  className,
}: {
  children?: ReactNode;
  copy?: boolean;
  check?: boolean;
  placeholder?: boolean;
  className?: string;
}) {
  return (
    <span className={cn("flex min-h-6 w-full items-center gap-1.5 rounded-sm border border-[#8a8886] bg-white px-2 py-0.5", className)}>
      <span className={cn("min-w-0 flex-1 break-all", placeholder && "text-[#605e5c]")}>{children}</span>
      {check ? <Glyph name="check" className="size-3 text-[#107c10]" /> : null}
      {copy ? <Glyph name="copy" className="size-3 text-[#0078d4]" /> : null}
    </span>
  );
}

export function AzDropdown({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span className={cn("flex min-h-6 w-full items-center gap-1.5 rounded-sm border border-[#8a8886] bg-white px-2 py-0.5", className)}>
      <span className="min-w-0 flex-1 truncate">{children}</span>
      <Glyph name="chevronDown" className="size-3 text-[#605e5c]" />
    </span>
  );
}

export function AzCheckbox({ checked, label, disabled = false }: { checked: boolean; label?: ReactNode; disabled?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-1.5", disabled && "text-[#a19f9d]")}>
      <span
        className={cn(
          "grid size-3.5 shrink-0 place-items-center rounded-[2px] border",
          checked ? (disabled ? "border-[#c8c6c4] bg-[#c8c6c4] text-white" : "border-[#0078d4] bg-[#0078d4] text-white") : "border-[#605e5c] bg-white",
        )}
      >
        {checked ? <Glyph name="check" className="size-2.5" /> : null}
      </span>
      {label}
    </span>
  );
}

export function AzRadio({ checked, label }: { checked: boolean; label: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={cn("grid size-3.5 shrink-0 place-items-center rounded-full border", checked ? "border-[#0078d4]" : "border-[#605e5c]")}>
        {checked ? <span className="size-2 rounded-full bg-[#0078d4]" /> : null}
      </span>
      {label}
    </span>
  );
}

/** The portal's two-state pill toggle (e.g. Provisioning Status On | Off, Enabled Yes | No). */
export function AzSegmented({ options, value }: { options: [string, string]; value: string }) {
  return (
    <span className="inline-flex overflow-hidden rounded-sm border border-[#8a8886]">
      {options.map((option) => (
        <span key={option} className={cn("px-3 py-[2px]", option === value ? "bg-[#0078d4] text-white" : "bg-white text-[#323130]")}>
          {option}
        </span>
      ))}
    </span>
  );
}

/** A numbered card of the "Set up Single Sign-On with SAML" page. */
export function AzSamlCard({
  n,
  title,
  edit,
  children,
  className,
}: {
  n: number;
  title: ReactNode;
  edit?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mb-3 flex gap-2.5", className)}>
      <span className="grid size-5 shrink-0 place-items-center rounded-full bg-[#0078d4] text-[10px] font-semibold text-white">{n}</span>
      <div className="min-w-0 flex-1 rounded-sm border border-[#c8c6c4] bg-white">
        <div className="flex items-center gap-2 border-b border-[#edebe9] px-3 py-1.5">
          <span className="text-[13px] font-semibold text-[#201f1e]">{title}</span>
          <span className="ml-auto">{edit}</span>
        </div>
        <div className="px-3 py-2">{children}</div>
      </div>
    </div>
  );
}

/** The pencil + "Edit" link at the top right of a SAML card. */
export function AzEdit() {
  return (
    <span className="inline-flex items-center gap-1 text-[#0078d4]">
      <Glyph name="pencil" className="size-3" />
      Edit
    </span>
  );
}

/** Label / value rows inside a SAML card. */
export function AzPairs({ rows }: { rows: { label: ReactNode; value: ReactNode; wrap?: (row: ReactNode) => ReactNode }[] }) {
  return (
    <div className="grid gap-y-1">
      {rows.map((row, index) => {
        const line = (
          <div className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-3 @xl:grid-cols-[minmax(0,12rem)_minmax(0,1fr)]">
            <span className="text-[#323130]">{row.label}</span>
            <span className="min-w-0 break-all text-[#201f1e]">{row.value}</span>
          </div>
        );
        return <div key={index}>{row.wrap ? row.wrap(line) : line}</div>;
      })}
    </div>
  );
}

/** A collapsible section header of the older single-page provisioning blade ("∨ Admin Credentials"). */
export function AzSection({ title, open, children }: { title: string; open: boolean; children?: ReactNode }) {
  return (
    <div className="mb-2">
      <div className="flex items-center gap-1.5 border-b border-[#edebe9] py-1 text-[13px] font-semibold text-[#201f1e]">
        <Glyph name={open ? "chevronDown" : "chevronRight"} className="size-3" />
        {title}
      </div>
      {open && children !== undefined ? <div className="pt-2 pl-4">{children}</div> : null}
    </div>
  );
}

export function AzTable({
  columns,
  rows,
  className,
}: {
  columns: string[];
  rows: { key: string; cells: ReactNode[]; wrap?: (row: ReactNode) => ReactNode; selected?: boolean }[];
  className?: string;
}) {
  return (
    <div className={className}>
      <div className="flex border-b border-[#edebe9] py-1 font-semibold text-[#323130]">
        {columns.map((column) => (
          <span key={column} className="min-w-0 flex-1 truncate pr-2">
            {column}
          </span>
        ))}
      </div>
      {rows.map((row) => {
        const line = (
          <div className={cn("flex items-center border-b border-[#f3f2f1] py-1", row.selected && "bg-[#deecf9]")}>
            {row.cells.map((cell, index) => (
              <span key={index} className="min-w-0 flex-1 truncate pr-2">
                {cell}
              </span>
            ))}
          </div>
        );
        return <div key={row.key}>{row.wrap ? row.wrap(line) : line}</div>;
      })}
    </div>
  );
}

export function AzMessage({
  type = "info",
  children,
  className,
}: {
  type?: "info" | "warning" | "success" | "error";
  children: ReactNode;
  className?: string;
}) {
  const tone = {
    info: { box: "bg-[#f3f2f1]", icon: "text-[#605e5c]", glyph: "info" as const },
    warning: { box: "bg-[#fff4ce]", icon: "text-[#797775]", glyph: "warning" as const },
    success: { box: "bg-[#dff6dd]", icon: "text-[#107c10]", glyph: "check" as const },
    error: { box: "bg-[#fde7e9]", icon: "text-[#a80000]", glyph: "warning" as const },
  }[type];
  return (
    <div className={cn("mb-2.5 flex items-start gap-2 px-2.5 py-1.5", tone.box, className)}>
      <Glyph name={tone.glyph} className={cn("mt-0.5 size-3", tone.icon)} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}

export function AzLink({ children }: { children: ReactNode }) {
  return <span className="text-[#0078d4]">{children}</span>;
}
