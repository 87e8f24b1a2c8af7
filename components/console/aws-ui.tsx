import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Glyph, type GlyphName } from "./glyph";

// Cloudscape (the AWS console's design system) look-alikes. They are pictures: spans, never real controls.

export function AwsButton({
  variant = "normal",
  icon,
  iconRight,
  disabled = false,
  children,
  className,
}: {
  variant?: "primary" | "normal" | "link";
  icon?: GlyphName;
  iconRight?: GlyphName;
  disabled?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full border-2 px-3 py-[3px] text-[11.5px] font-bold whitespace-nowrap",
        disabled
          ? "border-[#e9ebed] bg-white text-[#6b7685]"
          : variant === "primary"
            ? "border-[#ff9900] bg-[#ff9900] text-[#000716]"
            : variant === "link"
              ? "border-transparent text-[#0972d3]"
              : "border-[#0972d3] bg-white text-[#0972d3]",
        className,
      )}
    >
      {icon ? <Glyph name={icon} className="size-3" /> : null}
      {children}
      {iconRight ? <Glyph name={iconRight} className="size-3" /> : null}
    </span>
  );
}

export function AwsContainer({
  title,
  counter,
  info = false,
  description,
  actions,
  children,
  className,
  flush = false,
}: {
  title?: ReactNode;
  counter?: string;
  info?: boolean;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** No inner padding (tables). */
  flush?: boolean;
}) {
  return (
    <div className={cn("mb-3 rounded-2xl bg-white shadow-[0_1px_4px_rgba(0,7,22,0.12)] ring-1 ring-[#e9ebed]", className)}>
      {title ? (
        <div className="flex flex-wrap items-start gap-2 px-4 pt-3 pb-1">
          <div className="min-w-0">
            <div className="text-[13.5px] font-bold">
              {title}
              {counter ? <span className="font-normal text-[#5f6b7a]"> ({counter})</span> : null}
              {info ? <span className="ml-2 text-[11px] text-[#0972d3]">Info</span> : null}
            </div>
            {description ? <div className="mt-0.5 text-[11px] text-[#5f6b7a]">{description}</div> : null}
          </div>
          {actions ? <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
      ) : null}
      {children !== undefined ? <div className={flush ? "pt-1 pb-2" : "px-4 pt-2 pb-3"}>{children}</div> : null}
    </div>
  );
}

/** A label above its value (Cloudscape key-value pairs and form fields). */
export function AwsField({ label, description, children, className }: { label: ReactNode; description?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={cn("mb-2.5 min-w-0", className)}>
      <div className="font-bold text-[#000716]">{label}</div>
      {description ? <div className="text-[10.5px] text-[#5f6b7a]">{description}</div> : null}
      <div className="mt-0.5 break-all">{children}</div>
    </div>
  );
}

export function AwsInput({ children, placeholder = false, className }: { children?: ReactNode; placeholder?: boolean; className?: string }) {
  return (
    <span
      className={cn(
        "flex min-h-6 w-full items-center rounded-lg border-2 border-[#7d8998] bg-white px-2 py-0.5 break-all",
        placeholder && "text-[#5f6b7a] italic",
        className,
      )}
    >
      {children}
    </span>
  );
}

/** A value with the copy-to-clipboard icon Cloudscape puts before copyable values. */
export function AwsCopyValue({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex max-w-full items-start gap-1.5 break-all">
      <Glyph name="copy" className="mt-0.5 size-3 text-[#0972d3]" />
      <span className="min-w-0">{children}</span>
    </span>
  );
}

export function AwsRadio({ checked, label, description, className }: { checked: boolean; label: ReactNode; description?: ReactNode; className?: string }) {
  return (
    <span className={cn("flex items-start gap-2", className)}>
      <span
        className={cn(
          "mt-0.5 grid size-3.5 shrink-0 place-items-center rounded-full border-2",
          checked ? "border-[#0972d3] bg-white" : "border-[#7d8998] bg-white",
        )}
      >
        {checked ? <span className="size-1.5 rounded-full bg-[#0972d3]" /> : null}
      </span>
      <span className="min-w-0">
        <span className="block">{label}</span>
        {description ? <span className="block text-[10.5px] text-[#5f6b7a]">{description}</span> : null}
      </span>
    </span>
  );
}

/** A radio tile (Cloudscape tiles): bordered card, blue when selected. */
export function AwsTile({ checked, label, description, className }: { checked: boolean; label: ReactNode; description?: ReactNode; className?: string }) {
  return (
    <span className={cn("block rounded-xl border-2 p-2.5", checked ? "border-[#0972d3] bg-[#f2f8fd]" : "border-[#b6bec9] bg-white", className)}>
      <AwsRadio checked={checked} label={<span className="font-bold">{label}</span>} description={description} />
    </span>
  );
}

export function AwsCheckbox({ checked, label, className }: { checked: boolean; label?: ReactNode; className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <span
        className={cn(
          "grid size-3.5 shrink-0 place-items-center rounded-[4px] border-2",
          checked ? "border-[#0972d3] bg-[#0972d3] text-white" : "border-[#7d8998] bg-white",
        )}
      >
        {checked ? <Glyph name="check" className="size-2.5" /> : null}
      </span>
      {label}
    </span>
  );
}

export function AwsTabs({ tabs, active }: { tabs: ReactNode[]; active: number }) {
  return (
    <div className="mb-3 flex flex-wrap gap-0 border-b border-[#e9ebed]">
      {tabs.map((tab, index) => (
        <span
          key={index}
          className={cn("border-b-[3px] px-3 py-1.5 font-bold", index === active ? "border-[#0972d3] text-[#0972d3]" : "border-transparent text-[#414d5c]")}
        >
          {tab}
        </span>
      ))}
    </div>
  );
}

export function AwsTable({
  columns,
  rows,
  selectable = false,
}: {
  columns: string[];
  rows: { key: string; cells: ReactNode[]; selected?: boolean; wrap?: (row: ReactNode) => ReactNode }[];
  selectable?: boolean;
}) {
  return (
    <div>
      <div className="flex border-b border-[#e9ebed] px-4 py-1.5 font-bold text-[#414d5c]">
        {selectable ? <span className="w-6 shrink-0" /> : null}
        {columns.map((column) => (
          <span key={column} className="min-w-0 flex-1 truncate pr-2">
            {column}
          </span>
        ))}
      </div>
      {rows.length === 0 ? <div className="px-4 py-4 text-center text-[#5f6b7a]">No items</div> : null}
      {rows.map((row) => {
        const line = (
          <div className={cn("flex items-center border-b border-[#e9ebed] px-4 py-1.5", row.selected && "bg-[#f2f8fd]")}>
            {selectable ? (
              <span className="w-6 shrink-0">
                <AwsCheckbox checked={row.selected ?? false} />
              </span>
            ) : null}
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

export function AwsAlert({
  type = "info",
  title,
  children,
  className,
}: {
  type?: "info" | "warning" | "success";
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  const tone = {
    info: { box: "border-[#0972d3] bg-[#f2f8fd]", icon: "text-[#0972d3]", glyph: "info" as const },
    warning: { box: "border-[#8d6605] bg-[#fffce9]", icon: "text-[#8d6605]", glyph: "warning" as const },
    success: { box: "border-[#037f0c] bg-[#f2fcf3]", icon: "text-[#037f0c]", glyph: "check" as const },
  }[type];
  return (
    <div className={cn("mb-3 flex gap-2 rounded-xl border-2 px-3 py-2", tone.box, className)}>
      <Glyph name={tone.glyph} className={cn("mt-0.5", tone.icon)} />
      <div className="min-w-0">
        {title ? <div className="font-bold">{title}</div> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}

export function AwsStatus({ type, children }: { type: "success" | "pending" | "stopped"; children: ReactNode }) {
  return (
    <span className={cn("inline-flex items-center gap-1", type === "success" ? "text-[#037f0c]" : type === "pending" ? "text-[#5f6b7a]" : "text-[#5f6b7a]")}>
      <Glyph name={type === "success" ? "check" : type === "pending" ? "refresh" : "stop"} className="size-3" />
      {children}
    </span>
  );
}

/** The steps list on the left of a Cloudscape wizard. */
export function AwsWizardSteps({ steps, current }: { steps: string[]; current: number }) {
  return (
    <div className="hidden w-40 shrink-0 pr-4 @2xl:block">
      {steps.map((step, index) => (
        <div key={step} className="mb-2 border-b border-[#e9ebed] pb-2">
          <div className="text-[10.5px] text-[#5f6b7a]">Step {index + 1}</div>
          <div className={cn(index === current ? "font-bold text-[#000716]" : index < current ? "text-[#0972d3]" : "text-[#8d99a8]")}>{step}</div>
        </div>
      ))}
    </div>
  );
}

/** A Cloudscape modal, drawn inside the frame's overlay. */
export function AwsModal({ title, children, footer }: { title: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="w-full max-w-md rounded-2xl bg-white shadow-[0_4px_20px_rgba(0,7,22,0.3)]">
      <div className="flex items-start gap-2 border-b border-[#e9ebed] px-4 py-2.5">
        <span className="text-[13.5px] font-bold">{title}</span>
        <Glyph name="close" className="mt-0.5 ml-auto text-[#414d5c]" />
      </div>
      <div className="px-4 py-3">{children}</div>
      {footer ? <div className="flex justify-end gap-2 border-t border-[#e9ebed] px-4 py-2.5">{footer}</div> : null}
    </div>
  );
}

/** The buttons at the bottom right of a wizard page. */
export function AwsActions({ children }: { children: ReactNode }) {
  return <div className="mt-1 flex flex-wrap items-center justify-end gap-2">{children}</div>;
}
