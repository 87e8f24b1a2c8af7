import type { ActionResult } from "@/lib/actions/result";
import { Notice } from "../ui/notice";

export function FormStatus({ state }: { state: ActionResult | null }) {
  if (!state) return null;
  if (state.ok) return state.message ? <Notice tone="good">{state.message}</Notice> : null;
  return state.formError ? <Notice tone="bad">{state.formError}</Notice> : null;
}

export const fieldErrors = (state: ActionResult | null, name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
