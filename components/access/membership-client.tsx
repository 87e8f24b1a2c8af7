"use client";

import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action = (previous: ActionResult<{ outcome: string }> | null, form: FormData) => Promise<ActionResult<{ outcome: string }>>;

function Result({ state }: { state: ActionResult<{ outcome: string }> | null }) {
  if (!state) return null;
  return state.ok ? <Notice tone="good">{state.message}</Notice> : <Notice tone="bad" title={state.formError} />;
}

/** Admin: add a user (by AWS user name) to a group. The server refuses SCIM-owned groups and protected principals. */
export function AddMemberForm({ groupId, groupName, action }: { groupId: string; groupName: string; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="mt-2 space-y-2" aria-label={`Add a user to ${groupName}`}>
      <input type="hidden" name="groupId" value={groupId} />
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block text-xs text-slate-600">User name in AWS</span>
          <input name="userName" required className="mt-0.5 w-72 rounded-md border border-slate-300 px-2 py-1 text-sm" aria-label={`User name to add to ${groupName}`} />
        </label>
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? "Adding…" : "Add to group"}
        </Button>
      </div>
      <Result state={state} />
    </form>
  );
}

/** Admin: remove one membership (confirmed in the same click: the button names who and what). */
export function RemoveMemberButton({ membershipId, userName, groupName, action }: { membershipId: string; userName: string; groupName: string; action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  return (
    <form onSubmit={onSubmit} className="inline">
      <input type="hidden" name="membershipId" value={membershipId} />
      <input type="hidden" name="confirm" value="yes" />
      <Button type="submit" variant="secondary" disabled={isPending} aria-label={`Remove ${userName} from ${groupName}`} className="px-2 py-0.5 text-xs">
        {isPending ? "Removing…" : "Remove"}
      </Button>
      <Result state={state} />
    </form>
  );
}

/** In place of "Remove" for a protected group or user: a disabled button that says why (no portal action changes them). */
export function ProtectedMemberNote({ userName, groupName, reason }: { userName: string; groupName: string; reason: string }) {
  const id = `protected-${groupName}-${userName}`.replace(/[^\w-]/g, "-");
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" disabled aria-describedby={id} aria-label={`Remove ${userName} from ${groupName}`} className="px-2 py-0.5 text-xs">
        Remove
      </Button>
      <span id={id} className="text-xs text-amber-900" data-testid="protected-reason">
        Cannot be removed here: {reason} (Protected principals).
      </span>
    </span>
  );
}
