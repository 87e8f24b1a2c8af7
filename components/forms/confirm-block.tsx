import type { ReactNode } from "react";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";

/**
 * The second click of an action that first says what it will do: the explanation, "Confirm: …" and Cancel. It sits
 * inside the action's form and adds `confirm=yes`, which the action's schema requires, so the action never runs
 * without this block having been shown. `tone="warn"` for a confirmation that breaks something for a while.
 */
export function ConfirmBlock({
  children,
  confirmLabel,
  pendingLabel,
  isPending,
  disabled = false,
  onCancel,
  tone = "neutral",
}: {
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the action runs; the confirm label otherwise. */
  pendingLabel?: string;
  isPending: boolean;
  disabled?: boolean;
  onCancel: () => void;
  tone?: "neutral" | "warn";
}) {
  return (
    <div className={cn("space-y-2 rounded-lg p-3 ring-1", tone === "warn" ? "bg-amber-50 ring-amber-200" : "bg-slate-50 ring-slate-200")}>
      <input type="hidden" name="confirm" value="yes" />
      <p className="text-sm text-slate-700">{children}</p>
      <div className="flex gap-2">
        <Button type="submit" disabled={isPending || disabled}>
          {isPending && pendingLabel ? pendingLabel : confirmLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
