import type { ActionResult } from "@/lib/actions/result";
import { Notice } from "../ui/notice";

/**
 * The outcome of an action under its form. Forms that show field errors beside their fields leave `listFieldErrors`
 * off; forms with no visible field for an error (hidden inputs, a single paste box) list them here.
 */
export function FormStatus({ state, listFieldErrors = false }: { state: ActionResult<unknown> | null; listFieldErrors?: boolean }) {
  if (!state) return null;
  if (state.ok) return state.message ? <Notice tone={state.tone ?? "good"}>{state.message}</Notice> : null;
  const fields = listFieldErrors ? Object.values(state.fieldErrors ?? {}).flat() : [];
  if (!fields.length) return state.formError ? <Notice tone="bad">{state.formError}</Notice> : null;
  return (
    <Notice tone="bad" title={state.formError}>
      <ul className="list-disc pl-5">
        {fields.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
    </Notice>
  );
}

export const fieldErrors = (state: ActionResult | null, name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
