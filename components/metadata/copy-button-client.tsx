"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/forms/field";

type CopyState = "idle" | "copied" | "manual";

const COPIED_FOR_MS = 2_000;

/**
 * Copies a value the admin pastes into a console. The Clipboard API exists only in secure contexts (https or
 * localhost); elsewhere, or when the browser refuses, the value is shown selected in a read-only field instead.
 */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<CopyState>("idle");
  const fallbackRef = useRef<HTMLInputElement>(null);
  const fallbackId = useId();

  useEffect(() => {
    if (state === "copied") {
      const timer = window.setTimeout(() => setState("idle"), COPIED_FOR_MS);
      return () => window.clearTimeout(timer);
    }
    if (state === "manual") {
      fallbackRef.current?.focus();
      fallbackRef.current?.select();
    }
  }, [state]);

  async function copy() {
    if (!window.isSecureContext || typeof navigator.clipboard?.writeText !== "function") {
      setState("manual");
      return;
    }
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("manual");
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => void copy()} aria-label={`Copy ${label}`}>
        {state === "copied" ? (
          <>
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5 text-emerald-600">
              <path
                fillRule="evenodd"
                d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z"
                clipRule="evenodd"
              />
            </svg>
            Copied
          </>
        ) : (
          "Copy"
        )}
      </Button>
      <span className="sr-only" role="status" aria-live="polite">
        {state === "copied" ? `${label} copied to the clipboard` : ""}
      </span>
      {state === "manual" ? (
        <span className="inline-flex min-w-64 flex-1 flex-col gap-1">
          <label htmlFor={fallbackId} className="text-xs text-slate-600">
            This browser does not allow copying here. {label} is selected: press Ctrl+C (⌘C on a Mac).
          </label>
          <input
            id={fallbackId}
            ref={fallbackRef}
            readOnly
            value={value}
            className={`${inputClass} font-mono text-xs`}
            onFocus={(event) => event.currentTarget.select()}
          />
        </span>
      ) : null}
    </span>
  );
}
