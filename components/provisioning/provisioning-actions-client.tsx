"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { ProvisionOnDemandResult } from "@/lib/entra/provision-on-demand";
import { ConfirmBlock } from "@/components/forms/confirm-block";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { useAdoptEarlyChoice } from "@/components/forms/use-adopt-early-choice";
import { Button } from "@/components/ui/button";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

interface UserChoice {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
}

interface GroupChoice {
  id: string;
  displayName: string;
}

type OnDemandData = ProvisionOnDemandResult;

/** Start or pause: a button that first says what will happen, then asks for confirmation. */
function ControlForm<T>({ federationId, action, label, preview }: { federationId: string; action: Action<T>; label: string; preview: string }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-2">
      {confirming ? (
        <form onSubmit={(e) => (onSubmit(e), setConfirming(false))}>
          <input type="hidden" name="federationId" value={federationId} />
          <ConfirmBlock confirmLabel={`Confirm: ${label.toLowerCase()}`} isPending={isPending} onCancel={() => setConfirming(false)}>
            {preview}
          </ConfirmBlock>
        </form>
      ) : (
        <Button type="button" variant="secondary" disabled={isPending} onClick={() => setConfirming(true)}>
          {isPending ? "Working…" : label}
        </Button>
      )}
      <FormStatus listFieldErrors state={state} />
    </div>
  );
}

function RestartForm<T>({ federationId, action, scopes }: { federationId: string; action: Action<T>; scopes: { scope: string; explanation: string }[] }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const [chosen, setChosen] = useState<string[]>(["QuarantineState", "Watermark", "Escrows"]);
  const [confirming, setConfirming] = useState(false);
  return (
    <form onSubmit={(e) => (onSubmit(e), setConfirming(false))} className="space-y-3">
      <input type="hidden" name="federationId" value={federationId} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Reset scope</legend>
        {scopes.map(({ scope, explanation }) => (
          <label key={scope} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              className="mt-1"
              checked={chosen.includes(scope)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, scope] : c.filter((s) => s !== scope)))}
            />
            <span>
              <span className="font-medium">{scope}</span> — <span className="text-slate-600">{explanation}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {confirming ? (
        <ConfirmBlock confirmLabel="Confirm: restart" isPending={isPending} disabled={chosen.length === 0} onCancel={() => setConfirming(false)}>
          Restart provisioning with <strong>{chosen.join(", ") || "no scope"}</strong>. The next cycle{" "}
          {chosen.includes("Watermark") || chosen.includes("Full") ? "re-evaluates every user and group (an initial cycle, slower)" : "continues incrementally"}.
        </ConfirmBlock>
      ) : (
        <Button type="button" variant="secondary" disabled={isPending || chosen.length === 0} onClick={() => setConfirming(true)}>
          {isPending ? "Working…" : "Restart…"}
        </Button>
      )}
      <FormStatus listFieldErrors state={state} />
    </form>
  );
}

interface Choice {
  id: string;
  label: string;
  detail: string | null;
}

function OnDemandForm({
  federationId,
  search,
  searchGroups,
  provision,
}: {
  federationId: string;
  search: Action<{ users: UserChoice[] }>;
  searchGroups: Action<{ groups: GroupChoice[] }>;
  provision: Action<OnDemandData>;
}) {
  const [kind, setKind] = useState<"user" | "group">("user");
  const kindRef = useAdoptEarlyChoice(kind, setKind);
  const foundUsers = useActionForm(search);
  const foundGroups = useActionForm(searchGroups);
  const found = kind === "user" ? foundUsers : foundGroups;
  const pushed = useActionForm(provision);
  const [picked, setPicked] = useState<Choice | null>(null);
  const choices: Choice[] =
    kind === "user"
      ? foundUsers.state?.ok
        ? foundUsers.state.data.users.map((u) => ({ id: u.id, label: u.displayName ?? u.userPrincipalName, detail: u.userPrincipalName }))
        : []
      : foundGroups.state?.ok
        ? foundGroups.state.data.groups.map((g) => ({ id: g.id, label: g.displayName, detail: null }))
        : [];
  return (
    <div className="space-y-3">
      <fieldset ref={kindRef} className="flex gap-4 text-sm" aria-label="Provision a user or a group">
        {(["user", "group"] as const).map((k) => (
          <label key={k} className="flex items-center gap-1.5">
            <input
              type="radio"
              name="on-demand-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setPicked(null);
              }}
            />
            {k === "user" ? "A user" : "A group"}
          </label>
        ))}
      </fieldset>
      <form onSubmit={found.onSubmit} className="flex flex-wrap items-end gap-2" role="search">
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-800">{kind === "user" ? "User (name or UPN)" : "Group (start of its name)"}</span>
          <input key={kind} name="query" className="mt-1 w-72 rounded-md px-2 py-1.5 ring-1 ring-slate-300" placeholder={kind === "user" ? "jane.doe@contoso.com" : "Project Users"} />
        </label>
        <Button type="submit" variant="secondary" disabled={found.isPending}>
          {found.isPending ? "Searching…" : "Search"}
        </Button>
      </form>
      {found.state && !found.state.ok ? <FormStatus listFieldErrors state={found.state} /> : null}
      {found.state?.ok && choices.length === 0 ? <p className="text-sm text-slate-600">No {kind} matches.</p> : null}
      {choices.length ? (
        <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" aria-label={kind === "user" ? "Matching users" : "Matching groups"}>
          {choices.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span>
                {c.label} {c.detail ? <span className="text-slate-500">{c.detail}</span> : null}
              </span>
              <Button type="button" variant="ghost" onClick={() => setPicked(c)}>
                Choose
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {picked ? (
        <form onSubmit={pushed.onSubmit}>
          <input type="hidden" name="federationId" value={federationId} />
          <input type="hidden" name={kind === "user" ? "userId" : "groupId"} value={picked.id} />
          <input type="hidden" name="label" value={picked.detail ?? picked.label} />
          <ConfirmBlock confirmLabel="Confirm: provision now" pendingLabel="Provisioning…" isPending={pushed.isPending} onCancel={() => setPicked(null)}>
            {kind === "user" ? (
              <>
                Provision <strong>{picked.detail ?? picked.label}</strong> to AWS now, with the same rules as a cycle (scope, mappings, matching on userName). Only a user
                the job would provision anyway is created or updated.
              </>
            ) : (
              <>
                Provision the group <strong>{picked.label}</strong> to AWS now, if it is assigned to the app: the group is created or updated, and its members that
                are already in AWS are linked to it. Members not yet in AWS follow in the next cycle.
              </>
            )}
          </ConfirmBlock>
        </form>
      ) : null}
      <FormStatus listFieldErrors state={pushed.state} />
      {pushed.state?.ok && pushed.state.data.steps.length ? (
        <ol className="list-decimal space-y-1 pl-5 text-sm" aria-label="Provision on demand steps">
          {pushed.state.data.steps.map((s, i) => (
            <li key={`${s.name}-${i}`}>
              <span className="font-medium">{s.type || s.name}</span>: {s.status} — <span className="text-slate-600">{s.description}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

export function ProvisioningActions<A, B, C>(props: {
  federationId: string;
  start: Action<A>;
  pause: Action<B>;
  restart: Action<C>;
  search: Action<{ users: UserChoice[] }>;
  searchGroups: Action<{ groups: GroupChoice[] }>;
  provision: Action<OnDemandData>;
  scopes: { scope: string; explanation: string }[];
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-900">Start or pause</h3>
        <ControlForm federationId={props.federationId} action={props.start} label="Start" preview="Start provisioning: a paused job resumes where it stopped, and a quarantined one leaves quarantine and retries now. A running job is left alone." />
        <ControlForm federationId={props.federationId} action={props.pause} label="Pause" preview="Pause provisioning: nothing is sent to AWS until it is started again; the job keeps its place." />
      </div>
      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-900">Restart</h3>
        <RestartForm federationId={props.federationId} action={props.restart} scopes={props.scopes} />
      </div>
      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-900">Provision on demand</h3>
        <OnDemandForm federationId={props.federationId} search={props.search} searchGroups={props.searchGroups} provision={props.provision} />
      </div>
    </div>
  );
}
