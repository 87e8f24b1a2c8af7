"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

/** Which federation's checklist the Setup page shows (null: the first one, whose requests stay as they were). */
const FederationContext = createContext<string | null>(null);

export function FederationScope({ federationId, children }: { federationId: string | null; children: ReactNode }) {
  return <FederationContext.Provider value={federationId}>{children}</FederationContext.Provider>;
}

export const useFederationId = () => useContext(FederationContext);

/**
 * The action with the page's federation in its form data: every setup action takes it as validated input (and
 * checks it names a federation the portal has), so the cards, the automated run and the watchers act on the
 * checklist the page shows.
 */
export function useFederationAction<P, R>(action: (previous: P, form: FormData) => Promise<R>): (previous: P, form: FormData) => Promise<R>;
export function useFederationAction<P, R>(
  action: ((previous: P, form: FormData) => Promise<R>) | undefined,
): ((previous: P, form: FormData) => Promise<R>) | undefined;
export function useFederationAction<P, R>(action: ((previous: P, form: FormData) => Promise<R>) | undefined) {
  const federationId = useContext(FederationContext);
  return useMemo(() => {
    if (!action || !federationId) return action;
    return (previous: P, form: FormData) => {
      form.set("federation", federationId);
      return action(previous, form);
    };
  }, [action, federationId]);
}
