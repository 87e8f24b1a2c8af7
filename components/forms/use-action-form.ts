"use client";

import { startTransition, useActionState, useCallback, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * What the form says when the server stopped answering mid-action (restarted, killed, network gone): the action
 * may have changed something before it stopped, so the form never claims that nothing was changed.
 */
export const CONNECTION_LOST =
  "The portal stopped answering while this was running, so it may already have changed something. Reload the page to see where it stands: a setup step that was cut off shows as interrupted, with what it had created.";

/** Next.js signals redirects and not-found from an action by throwing; those are not failures. */
const isFrameworkSignal = (error: unknown) =>
  typeof error === "object" && error !== null && typeof (error as { digest?: unknown }).digest === "string" && (error as { digest: string }).digest.startsWith("NEXT_");

/** The action's result, or — when the call itself failed — a failure the form shows instead of the page crashing. */
export async function settle<T>(action: Action<T>, previous: ActionResult<T> | null, form: FormData): Promise<ActionResult<T>> {
  try {
    return await action(previous, form);
  } catch (error) {
    if (isFrameworkSignal(error)) throw error;
    return { ok: false, formError: CONNECTION_LOST };
  }
}

/**
 * useActionState for forms that must keep what the user typed. React resets a form after its
 * `action` runs, which would wipe the inputs (and radio choices) beside their field errors; submitting
 * through onSubmit inside a transition keeps them.
 */
export function useActionForm<T>(action: Action<T>) {
  const [state, dispatch, isPending] = useActionState((previous: ActionResult<T> | null, form: FormData) => settle(action, previous, form), null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  /** Submits without a form event: for work that starts by itself (a checked file, both fields pasted, evidence found). */
  const submit = useCallback((data: FormData) => startTransition(() => dispatch(data)), [dispatch]);
  return { state, isPending, onSubmit, submit };
}
