"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { ConfirmBlock } from "@/components/forms/confirm-block";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { TaskProgress } from "./task-progress-client";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

function Stage({ n, title, done, current, children }: { n: number; title: string; done: boolean; current: boolean; children: ReactNode }) {
  return (
    <li className="relative pl-10" data-testid={`rotation-stage-${n}`} data-state={done ? "done" : current ? "current" : "later"}>
      <span
        aria-hidden="true"
        className={cn(
          "absolute top-0 left-0 grid size-7 place-items-center rounded-full text-xs font-semibold ring-2",
          done ? "bg-emerald-600 text-white ring-emerald-600" : current ? "bg-white text-sky-700 ring-sky-600" : "bg-white text-slate-400 ring-slate-300",
        )}
      >
        {done ? "✓" : n}
      </span>
      <h3 className={cn("text-sm font-semibold", done ? "text-emerald-800" : current ? "text-slate-900" : "text-slate-500")}>{title}</h3>
      {current || !done ? <div className="mt-2 space-y-3">{children}</div> : null}
    </li>
  );
}

/**
 * The guided SCIM token rotation: generate in AWS (picture) → paste → the portal checks it, switches Entra to
 * it and lifts a quarantine → delete the old token in AWS (picture) → confirm only the new one works.
 */
export function TokenRotation<R, C>({
  federationId,
  oldTokenPending,
  rotate,
  retire,
  generateScreen,
  deleteScreen,
}: {
  federationId: string;
  oldTokenPending: boolean;
  rotate: Action<R>;
  retire: Action<C>;
  generateScreen: ReactNode;
  deleteScreen: ReactNode;
}) {
  const rotation = useActionForm(rotate);
  const retirement = useActionForm(retire);
  const [confirming, setConfirming] = useState(false);
  // "Start over with a new token": the paste form again while an old token is pending (e.g. the wrong token was
  // deleted in AWS). It stays open until a paste made after the click succeeds.
  const [restart, setRestart] = useState<{ from: typeof rotation.state } | null>(null);
  const restarting = restart !== null && (rotation.state === restart.from || rotation.state?.ok !== true);
  const retired = retirement.state?.ok === true && !restarting;
  const switched = (oldTokenPending || rotation.state?.ok === true) && !restarting;
  return (
    <div className="space-y-4">
      <ol className="space-y-6">
        <Stage n={1} title="Generate a new access token in the AWS console" done={switched} current={!switched}>
          <p className="text-sm text-slate-700">
            IAM Identity Center → Settings → Automatic provisioning → <strong>Manage access tokens</strong> → <strong>Generate token</strong>. AWS allows two
            tokens at a time, so the current one keeps working meanwhile. Copy the new token: AWS shows it only once.
          </p>
          {generateScreen}
        </Stage>
        <Stage n={2} title="Paste it here: the portal checks it, then switches Entra to it" done={switched} current={!switched}>
          <form
            onSubmit={(e) => {
              rotation.onSubmit(e);
              setConfirming(false);
            }}
            className="space-y-2"
            aria-label="Rotate the SCIM access token"
          >
            <input type="hidden" name="federationId" value={federationId} />
            <label className="flex flex-col text-sm">
              <span className="font-medium text-slate-800">New access token</span>
              <input
                name="token"
                type="password"
                autoComplete="off"
                spellCheck={false}
                required
                className="mt-1 w-full max-w-xl rounded-md px-2 py-1.5 font-mono ring-1 ring-slate-300"
                placeholder="paste the token from the AWS console"
              />
            </label>
            {confirming ? (
              <ConfirmBlock
                confirmLabel="Confirm: switch to the new token"
                pendingLabel="Checking and switching…"
                isPending={rotation.isPending}
                onCancel={() => setConfirming(false)}
              >
                The portal will call the SCIM endpoint with the new token, run Entra&apos;s Test Connection with it, then save it as Entra&apos;s Secret Token and
                test again. If the job is quarantined it is restarted. If AWS or Entra refuses the token, nothing is changed.
              </ConfirmBlock>
            ) : (
              <Button type="button" variant="secondary" onClick={() => setConfirming(true)} disabled={rotation.isPending}>
                Check and use this token…
              </Button>
            )}
          </form>
          {rotation.isPending ? <TaskProgress federationId={federationId} /> : null}
          {rotation.state?.ok && !restarting ? null : <FormStatus listFieldErrors state={restarting && rotation.state === restart?.from ? null : rotation.state} />}
          {restarting ? (
            <Button type="button" variant="secondary" onClick={() => setRestart(null)}>
              Back: keep the token the portal uses now
            </Button>
          ) : null}
        </Stage>
        <Stage n={3} title="Delete the old token in the AWS console" done={retired} current={switched && !retired}>
          {rotation.state?.ok ? <FormStatus listFieldErrors state={rotation.state} /> : null}
          <p className="text-sm text-slate-700">Select the older token (the one not marked in use) and choose Delete. Until then both tokens work.</p>
          {deleteScreen}
        </Stage>
        <Stage n={4} title="Confirm that only the new token works" done={retired} current={switched && !retired}>
          <form onSubmit={retirement.onSubmit} className="space-y-2">
            <input type="hidden" name="federationId" value={federationId} />
            <Button type="submit" variant="secondary" disabled={!switched || retirement.isPending}>
              {retirement.isPending ? "Checking both tokens…" : "Check: old token refused, new token accepted"}
            </Button>
          </form>
          {retired ? null : <FormStatus listFieldErrors state={retirement.state} />}
        </Stage>
      </ol>
      {retired ? <FormStatus listFieldErrors state={retirement.state} /> : null}
      {switched && !retired ? (
        <div className="rounded-md bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200" data-testid="rotation-start-over">
          <p>Deleted the wrong token in AWS, or need a different one? Generate another token in the AWS console and paste it: the portal switches Entra to it and keeps the token AWS still accepts as the one to delete.</p>
          <Button
            type="button"
            variant="secondary"
            className="mt-2"
            onClick={() => {
              setConfirming(false);
              setRestart({ from: rotation.state });
            }}
          >
            Start over with a new token…
          </Button>
        </div>
      ) : null}
    </div>
  );
}
