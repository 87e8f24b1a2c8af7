"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { watchSignInTestAction } from "@/app/setup/actions";
import type { SignInWatch } from "@/lib/setup/watch-sign-in-test";
import { inputClass } from "../forms/field";
import { useFederationAction } from "./federation-scope-client";
import { StepActions, type StepActionsProps } from "./step-actions-client";

/** How often the open card asks for the evidence; the server shares each log read between watchers for about as long. */
const POLL_MS = 5_000;

function watchLine(watch: SignInWatch | null): { tone: string; text: string } | null {
  if (!watch || watch.state === "none") return null;
  if (watch.state === "watching")
    return {
      tone: "text-sky-800",
      text: `Watching for ${watch.userPrincipalName}'s sign-in since ${watch.since.replace("T", " ").slice(0, 16)} UTC…${watch.note ? ` ${watch.note}` : ""}`,
    };
  if (watch.state === "expired") return { tone: "text-slate-600", text: `No sign-in by ${watch.userPrincipalName} within 30 minutes: start the test again.` };
  const tone = watch.status === "pass" ? "text-emerald-800" : watch.status === "fail" ? "text-red-800" : "text-amber-800";
  return { tone, text: `${watch.userPrincipalName}: ${watch.words}` };
}

/**
 * The Test sign-in card of either checklist: pick a user, start the test (the portal notes the time), open the access
 * portal (Identity Center) or the app's My Apps launch link (legacy) in a new
 * tab and sign in as them there — no credential passes through the portal. While the card is open it watches the
 * evidence; when an attempt shows, it asks the step to record it, and the page re-renders green or red.
 */
export function TestSignInStepInput({
  users,
  startUrl,
  startLabel = "the AWS access portal",
  ...props
}: StepActionsProps & { users: string[]; startUrl: string | null; startLabel?: string }) {
  const [upn, setUpn] = useState(users[0] ?? "");
  const [watch, setWatch] = useState<SignInWatch | null>(null);
  const router = useRouter();
  const settling = useRef<string | null>(null);
  const { canRun, step } = props;
  const runAction = useFederationAction(props.runAction);
  const watchAction = useFederationAction(watchSignInTestAction);

  useEffect(() => {
    if (!canRun) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (stopped) return;
      if (document.visibilityState === "visible") {
        const result = await watchAction(null, new FormData()).catch(() => null);
        if (stopped) return;
        if (result?.ok) {
          const next = result.data;
          setWatch(next);
          // An attempt appeared: the step records it (an audited run) once, then the page shows the outcome.
          if (next.state === "seen" && settling.current !== next.watchId) {
            settling.current = next.watchId;
            const form = new FormData();
            form.set("step", step);
            form.set("payload", JSON.stringify({ watchId: next.watchId }));
            await runAction(null, form).catch(() => null);
            router.refresh();
          }
        }
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [canRun, runAction, watchAction, step, router]);

  const line = watchLine(watch);
  const listId = `${step}-users`;
  return (
    <StepActions {...props} payload={canRun ? (upn.trim() ? JSON.stringify({ userPrincipalName: upn.trim() }) : null) : undefined}>
      {(errors) => (
        <div className="space-y-2">
          {canRun ? (
            <label className="block text-sm">
              <span className="font-medium text-slate-800">User in scope</span>
              <input
                className={`${inputClass} mt-1 text-xs`}
                value={upn}
                list={listId}
                onChange={(e) => setUpn(e.target.value)}
                placeholder="someone@contoso.com"
                aria-invalid={errors.userPrincipalName?.length ? true : undefined}
              />
              <datalist id={listId}>
                {users.map((u) => (
                  <option key={u} value={u} />
                ))}
              </datalist>
              {errors.userPrincipalName?.length ? <span className="mt-1 block text-xs font-medium text-red-700">{errors.userPrincipalName.join("; ")}</span> : null}
            </label>
          ) : null}
          {startUrl ? (
            <p className="text-xs text-slate-700">
              After starting, open{" "}
              <a className="font-medium text-sky-700 underline" href={startUrl} target="_blank" rel="noopener noreferrer" data-testid="test-sign-in-start-url">
                {startLabel}
              </a>{" "}
              in a new tab and sign in as that user (in live mode: a private window, or ask them). Their password never passes through this portal.
            </p>
          ) : null}
          {line ? (
            <p role="status" aria-live="polite" className={`text-xs ${line.tone}`} data-testid="test-sign-in-watch">
              {line.text}
            </p>
          ) : null}
        </div>
      )}
    </StepActions>
  );
}
