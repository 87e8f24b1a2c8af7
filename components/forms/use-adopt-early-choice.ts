"use client";

import { useEffect, useRef } from "react";

/**
 * A radio clicked before React hydrated stays checked in the DOM while the state still holds the server's
 * value (so the fields it reveals never appear): adopt the DOM's choice once, on mount.
 */
export function useAdoptEarlyChoice<V extends string>(value: V, onChange: (value: V) => void) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    const picked = ref.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    if (picked && picked.value !== value) onChange(picked.value as V);
    // Once, on mount: later clicks go through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ref;
}
