"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";

/** The server writes activity at most this often anyway (lib/auth/session-store.ts). */
const REPORT_EVERY_MS = 30_000;

/**
 * Tells the server that the person at this browser is active, so the idle timeout restarts: on a client-side
 * navigation, and on a click or key press. Full page loads and server actions count on the server by themselves.
 * A background update (the live status page's passive fetch of what each push changed) reports nothing, so an open
 * page alone does not keep a session alive (https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#idle-timeout).
 */
export function SessionActivity() {
  const pathname = usePathname();
  const last = useRef(0);
  const report = useCallback(() => {
    const now = Date.now();
    if (now - last.current < REPORT_EVERY_MS) return;
    last.current = now;
    void fetch("/auth/activity", { method: "POST", keepalive: true, credentials: "same-origin" }).catch(() => undefined);
  }, []);
  useEffect(() => {
    report();
  }, [pathname, report]);
  useEffect(() => {
    const onInput = () => report();
    window.addEventListener("pointerdown", onInput, { passive: true });
    window.addEventListener("keydown", onInput);
    return () => {
      window.removeEventListener("pointerdown", onInput);
      window.removeEventListener("keydown", onInput);
    };
  }, [report]);
  return null;
}
