"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

interface Choice {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  isGuest: boolean;
  isEnabled: boolean;
}

type Search = (previous: ActionResult<{ users: Choice[]; hasMore: boolean; page: number }> | null, input: FormData) => Promise<ActionResult<{ users: Choice[]; hasMore: boolean; page: number }>>;
type Diagnose = (previous: ActionResult<{ shortId: string }> | null, input: FormData) => Promise<ActionResult<{ shortId: string }>>;

/** Type-ahead against Graph (debounced), then one click runs the check and opens its shareable page. */
export function UserSearch({ federationId, search, diagnose }: { federationId: string; search: Search; diagnose: Diagnose }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const [found, runSearch, searching] = useActionState(search, null);
  const [diagnosed, runDiagnose, diagnosing] = useActionState(diagnose, null);
  const [chosen, setChosen] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);

  // Whatever was typed before the page became interactive still counts (the input is uncontrolled for that reason).
  useEffect(() => {
    const typed = input.current?.value ?? "";
    if (typed) setQuery(typed);
  }, []);

  useEffect(() => {
    clearTimeout(timer.current);
    const q = query.trim().replace(/\s+/g, " ");
    if (q.length < 2) return;
    timer.current = setTimeout(() => {
      const form = new FormData();
      form.set("query", q);
      form.set("page", String(page));
      startTransition(() => runSearch(form));
    }, 250);
    return () => clearTimeout(timer.current);
  }, [query, page, runSearch]);

  useEffect(() => {
    if (diagnosed?.ok) router.push(`/helpdesk/d/${diagnosed.data.shortId}`);
  }, [diagnosed, router]);

  const check = (key: string, userPrincipalName?: string) => {
    setChosen(userPrincipalName ?? key);
    const form = new FormData();
    form.set("key", key);
    form.set("federationId", federationId);
    if (userPrincipalName) form.set("userPrincipalName", userPrincipalName);
    startTransition(() => runDiagnose(form));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = query.trim();
    if (q) check(q, q.includes("@") ? q : undefined);
  };
  const users = found?.ok && query.trim().length >= 2 ? found.data.users : [];

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} role="search" className="flex flex-wrap items-end gap-2">
        <label className="min-w-72 flex-1 text-sm">
          <span className="block font-medium text-slate-800">User</span>
          <input
            ref={input}
            name="query"
            defaultValue=""
            onChange={(e) => (setQuery(e.target.value), setPage(1))}
            placeholder="UPN, e-mail or name, e.g. jane.doe or Jane Doe"
            autoComplete="off"
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-sky-600 focus:outline-none"
          />
        </label>
        <Button type="submit" disabled={diagnosing || !query.trim()}>
          {diagnosing ? "Checking…" : "Check"}
        </Button>
      </form>
      {searching ? <p className="text-sm text-slate-500">Searching…</p> : null}
      {found && !found.ok ? <Notice tone="bad" title={found.formError} /> : null}
      {diagnosed && !diagnosed.ok ? <Notice tone="bad" title={diagnosed.formError} /> : null}
      {found?.ok && query.trim().length >= 2 && !users.length && !searching ? <p className="text-sm text-slate-600">No user starts with “{query.trim()}”. Press Check to look it up exactly.</p> : null}
      {users.length ? (
        <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" aria-label="Matching users">
          {users.map((u) => (
            <li key={u.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <div className="min-w-0">
                <p className="text-sm font-medium text-slate-900">
                  {u.displayName ?? u.userPrincipalName} {u.isGuest ? <Badge tone="warn">Guest</Badge> : null} {!u.isEnabled ? <Badge tone="bad">Disabled</Badge> : null}
                </p>
                <p className="truncate text-xs text-slate-600">
                  {u.userPrincipalName}
                  {u.mail && u.mail.toLowerCase() !== u.userPrincipalName.toLowerCase() ? ` · ${u.mail}` : ""}
                </p>
              </div>
              <Button type="button" variant="secondary" disabled={diagnosing} onClick={() => check(u.id, u.userPrincipalName)} aria-label={`Check ${u.userPrincipalName}`}>
                {diagnosing && chosen === u.userPrincipalName ? "Checking…" : "Check"}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {found?.ok && found.data.hasMore && users.length ? (
        <Button type="button" variant="ghost" onClick={() => setPage((p) => p + 1)} disabled={searching}>
          Show more
        </Button>
      ) : null}
    </div>
  );
}
