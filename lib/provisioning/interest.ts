import "server-only";

/** How many open status pages listen in this process; the poller polls fast while any does. */
const globalForInterest = globalThis as unknown as { identityBridgeProvisioningInterest?: { listeners: number; wake: Set<() => void> } };

function state() {
  return (globalForInterest.identityBridgeProvisioningInterest ??= { listeners: 0, wake: new Set() });
}

export const listenerCount = () => state().listeners;

/** A page started listening: count it and wake an idle poller so it does not wait out its back-off. */
export function addListener(): () => void {
  const s = state();
  s.listeners++;
  for (const wake of s.wake) wake();
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    s.listeners = Math.max(0, s.listeners - 1);
  };
}

export function onInterest(wake: () => void): () => void {
  state().wake.add(wake);
  return () => state().wake.delete(wake);
}
