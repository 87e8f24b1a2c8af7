"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { RoleManagerRotationStatus, RotationPhase } from "@/lib/setup/rotate-role-manager-key";
import { ConfirmBlock } from "@/components/forms/confirm-block";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { TaskProgress } from "@/components/provisioning/task-progress-client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** What the page knows of the rotation (from the database; no secret): the server's status, a type only here. */
export type RotationView = Omit<RoleManagerRotationStatus, "available">;

const ORDER = ["creating", "created", "validated", "switched", "deactivated", "deleted"] as const satisfies readonly RotationPhase[];
const reached = (phase: RotationView["phase"], atLeast: (typeof ORDER)[number]) => phase !== null && ORDER.indexOf(phase) >= ORDER.indexOf(atLeast);

const STAGES = [
  { title: "Create a second access key in IAM", done: "created", detail: "IAM allows two keys per user, so the current key keeps working meanwhile." },
  { title: "Test it with Entra's Test Connection", done: "validated", detail: "Entra signs iam:ListRoles with the new key; nothing is saved yet." },
  { title: "Switch Entra and the portal to it", done: "switched", detail: "Saved as the role import's credentials (other settings kept) and stored encrypted; the old key is kept until it is deleted." },
  { title: "Deactivate, test, then delete the old key", done: "deleted", detail: "Deactivated first (reversible), Test Connection with the saved key, then deleted in IAM." },
  { title: "Confirm with Test Connection on the saved credentials", done: null, detail: "The rotation ends when Entra's saved key passes." },
] as const;

function Stage({ n, title, detail, state }: { n: number; title: string; detail: string; state: "done" | "current" | "later" }) {
  return (
    <li className="relative pl-10" data-testid={`key-rotation-stage-${n}`} data-state={state}>
      <span
        aria-hidden="true"
        className={cn(
          "absolute top-0 left-0 grid size-7 place-items-center rounded-full text-xs font-semibold ring-2",
          state === "done" ? "bg-emerald-600 text-white ring-emerald-600" : state === "current" ? "bg-white text-sky-700 ring-sky-600" : "bg-white text-slate-500 ring-slate-300",
        )}
      >
        {state === "done" ? "✓" : n}
      </span>
      <p className={cn("text-sm font-semibold", state === "done" ? "text-emerald-800" : state === "current" ? "text-slate-900" : "text-slate-600")}>{title}</p>
      <p className="text-xs text-slate-600">{detail}</p>
    </li>
  );
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "an unknown date");

/**
 * The guided rotation of the role-manager access key: five stages as a progress picture, one button for the next
 * thing to do (each asks for confirmation first), and the offer to delete a second key IAM already has.
 */
export function RoleManagerKeyRotation<A, B, C>({
  federationId,
  rotation,
  canRun,
  rotate,
  retire,
  deleteOther,
}: {
  federationId: string;
  rotation: RotationView;
  canRun: boolean;
  rotate: Action<A>;
  retire: Action<B>;
  deleteOther: Action<C>;
}) {
  const rotating = useActionForm(rotate);
  const retiring = useActionForm(retire);
  const deleting = useActionForm(deleteOther);
  const [confirming, setConfirming] = useState<"rotate" | "retire" | "delete" | null>(null);
  const { phase } = rotation;
  const switched = reached(phase, "switched");
  const firstOpen = STAGES.findIndex((s) => !(s.done && reached(phase, s.done)));
  const pending = rotating.isPending || retiring.isPending || deleting.isPending;
  return (
    <section aria-label="Rotate the role-manager access key" className="space-y-3 rounded-lg p-4 ring-1 ring-slate-200" id="rotate-role-manager-key" data-phase={phase ?? "none"}>
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Rotate the role-manager access key</h3>
        <p className="text-xs text-slate-600">
          Entra uses {rotation.currentKeyId ?? "no key yet"}
          {rotation.keyCreatedAt ? ` (created ${day(rotation.keyCreatedAt)})` : ""}. AWS advises replacing long-lived keys regularly; the portal does every step and
          checks each one.
          {phase && rotation.startedAt ? ` A rotation started ${day(rotation.startedAt)} by ${rotation.startedBy ?? "someone"} is under way: it resumes where it stopped.` : ""}
        </p>
      </div>
      <ol className="space-y-3">
        {STAGES.map((stage, index) => (
          <Stage
            key={stage.title}
            n={index + 1}
            title={stage.title}
            detail={stage.detail}
            state={stage.done && reached(phase, stage.done) ? "done" : index === firstOpen && phase !== null ? "current" : "later"}
          />
        ))}
      </ol>
      {rotation.blockedBy ? (
        <div className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200" data-testid="key-rotation-blocked">
          <p>
            IAM already has two keys for EntraRoleManager: {rotation.currentKeyId} (Entra uses it; never deleted here) and <strong>{rotation.blockedBy.accessKeyId}</strong>{" "}
            {rotation.blockedBy.fromInterruptedAttempt
              ? "— made by an earlier attempt of this rotation that was cut off before it stored its secret, so nobody can use it."
              : `— created ${day(rotation.blockedBy.createdAt)}, ${rotation.blockedBy.lastUsed ? `last used ${day(rotation.blockedBy.lastUsed)}` : "never used"}, not held by the portal.`}
          </p>
          {canRun ? (
            <form
              onSubmit={(e) => {
                deleting.onSubmit(e);
                setConfirming(null);
              }}
            >
              <input type="hidden" name="federationId" value={federationId} />
              <input type="hidden" name="accessKeyId" value={rotation.blockedBy.accessKeyId} />
              {confirming === "delete" ? (
                <ConfirmBlock tone="warn" confirmLabel={`Confirm: delete ${rotation.blockedBy.accessKeyId}`} pendingLabel="Deleting…" isPending={deleting.isPending} onCancel={() => setConfirming(null)}>
                  The portal deletes {rotation.blockedBy.accessKeyId} in IAM. Anything else signing with it stops working. This cannot be undone.
                </ConfirmBlock>
              ) : (
                <Button type="button" variant="secondary" onClick={() => setConfirming("delete")} disabled={pending}>
                  Delete {rotation.blockedBy.accessKeyId}…
                </Button>
              )}
            </form>
          ) : null}
          <FormStatus listFieldErrors state={deleting.state} />
        </div>
      ) : null}
      {canRun ? (
        switched ? (
          <form
            onSubmit={(e) => {
              retiring.onSubmit(e);
              setConfirming(null);
            }}
            className="space-y-2"
          >
            <input type="hidden" name="federationId" value={federationId} />
            {confirming === "retire" ? (
              <ConfirmBlock tone="warn" confirmLabel="Confirm: retire the old key" pendingLabel="Retiring the old key…" isPending={retiring.isPending} onCancel={() => setConfirming(null)}>
                The portal deactivates the old key {rotation.oldKeyId} in IAM, runs Test Connection with the saved key, deletes the old key, then confirms with Test Connection
                again. If the test fails after the deactivation, the old key is left deactivated (not deleted) so it can be reactivated.
              </ConfirmBlock>
            ) : (
              <Button type="button" onClick={() => setConfirming("retire")} disabled={pending}>
                Retire the old key {rotation.oldKeyId}…
              </Button>
            )}
          </form>
        ) : (
          <form
            onSubmit={(e) => {
              rotating.onSubmit(e);
              setConfirming(null);
            }}
            className="space-y-2"
          >
            <input type="hidden" name="federationId" value={federationId} />
            {confirming === "rotate" ? (
              <ConfirmBlock confirmLabel={phase ? "Confirm: resume the rotation" : "Confirm: rotate the key"} pendingLabel="Rotating…" isPending={rotating.isPending} onCancel={() => setConfirming(null)}>
                {phase === "created" || phase === "validated"
                  ? `The portal adopts the new key ${rotation.newKeyId ?? ""} an earlier attempt stored (no other key is created), tests it and switches Entra to it.`
                  : "The portal creates a second access key for EntraRoleManager, tests it with Entra's Test Connection and, if it passes, switches Entra and the portal to it. If the test fails, Entra keeps the current key."}
              </ConfirmBlock>
            ) : (
              <Button type="button" onClick={() => setConfirming("rotate")} disabled={pending}>
                {phase ? "Resume the rotation…" : "Rotate the key…"}
              </Button>
            )}
          </form>
        )
      ) : null}
      {pending ? <TaskProgress federationId={federationId} /> : null}
      <FormStatus listFieldErrors state={switched ? (retiring.state ?? rotating.state) : rotating.state} />
      {!switched && retiring.state ? <FormStatus listFieldErrors state={retiring.state} /> : null}
    </section>
  );
}
