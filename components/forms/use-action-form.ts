"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * useActionState for forms that must keep what the user typed. React resets a form after its
 * `action` runs, which would wipe the inputs (and radio choices) beside their field errors; submitting
 * through onSubmit inside a transition keeps them.
 */
export function useActionForm<T>(action: Action<T>) {
  const [state, dispatch, isPending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, isPending, onSubmit };
}
