"use client";

import type { ActionResult } from "@/lib/actions/result";
import type { MigrationProposal } from "@/lib/migration/legacy-to-identity-center";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";

type Proposal = MigrationProposal & { readAt: string };
type Action = (previous: ActionResult<Proposal> | null, form: FormData) => Promise<ActionResult<Proposal>>;

const short = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

function Count({ label, value, tone }: { label: string; value: number; tone: "good" | "warn" | "neutral" }) {
  const colour = tone === "good" ? "border-emerald-200 bg-emerald-50" : tone === "warn" ? "border-amber-200 bg-amber-50" : "border-slate-200 bg-slate-50";
  return (
    <div className={`rounded-lg border px-4 py-3 ${colour}`}>
      <div className="text-2xl font-semibold text-slate-900">{value}</div>
      <div className="text-sm text-slate-700">{label}</div>
    </div>
  );
}

/** Reads live state on demand (a POST) and shows the proposal: counts, permission sets, account assignments, what does not map. */
export function IdentityCenterMove({ action }: { action: Action }) {
  const { state, isPending, onSubmit } = useActionForm(action);
  const proposal = state?.ok ? state.data : null;
  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={isPending}>
          {isPending ? "Reading Entra and IAM…" : proposal ? "Read live state again" : "Read live state and propose"}
        </Button>
        <span className="text-sm text-slate-600">Reads each legacy app&apos;s roles and assignments in Entra and each imported role in IAM. Changes nothing.</span>
        {state && !state.ok ? <FormStatus state={state} /> : null}
      </form>
      {proposal ? (
        <>
          <section aria-label="Summary" className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="move-summary">
            <Count label="imported roles" value={proposal.summary.importedRoles} tone="neutral" />
            <Count label="permission sets proposed" value={proposal.summary.permissionSets} tone="good" />
            <Count label="role assignments" value={proposal.summary.roleAssignments} tone="neutral" />
            <Count label="account assignments proposed" value={proposal.summary.accountAssignments} tone="good" />
            <Count label="not mapped" value={proposal.summary.notMapped} tone={proposal.summary.notMapped ? "warn" : "neutral"} />
          </section>
          <p className="text-sm text-slate-600">Read {proposal.readAt.replace("T", " ").slice(0, 19)} UTC. A proposal only: nothing is created in IAM Identity Center.</p>
          <Card title="Permission sets" description="One per imported role (alike roles of one name in several accounts share one).">
            {proposal.permissionSets.length ? (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-slate-700">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Permission set</th>
                      <th className="py-2 pr-4 font-medium">From role</th>
                      <th className="py-2 pr-4 font-medium">Policies</th>
                      <th className="py-2 pr-4 font-medium">Session</th>
                      <th className="py-2 font-medium">Notes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {proposal.permissionSets.map((p) => (
                      <tr key={p.name} className="border-t border-slate-100 align-top">
                        <td className="py-2 pr-4 font-medium text-slate-900">{p.name}</td>
                        <td className="py-2 pr-4">
                          {p.fromRoles.map((r) => (
                            <div key={r}>
                              {short(r)} <span className="text-slate-600">in {r.split(":")[4]}</span>
                            </div>
                          ))}
                        </td>
                        <td className="py-2 pr-4">
                          {p.managedPolicyArns.map((a) => (
                            <div key={a}>{short(a)}</div>
                          ))}
                          {p.customerManagedPolicies.map((c) => (
                            <div key={`${c.path}${c.name}`}>
                              {c.path}
                              {c.name} <Badge tone="info">customer managed</Badge>
                            </div>
                          ))}
                          {p.inlinePolicy ? (
                            <details>
                              <summary className="cursor-pointer">inline policy</summary>
                              <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-100 p-2 text-xs">{JSON.stringify(JSON.parse(p.inlinePolicy), null, 2)}</pre>
                            </details>
                          ) : null}
                          {p.permissionsBoundaryArn ? <div>boundary: {short(p.permissionsBoundaryArn)}</div> : null}
                        </td>
                        <td className="py-2 pr-4">{p.sessionDuration}</td>
                        <td className="py-2 text-slate-700">
                          {p.notes.map((n) => (
                            <div key={n}>{n}</div>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="text-sm text-slate-600">No imported role maps to a permission set.</p>
            )}
          </Card>
          <Card title="Account assignments" description="Each user or group assigned with a role becomes the permission set in that role's account.">
            {proposal.accountAssignments.length ? (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-slate-700">
                    <tr>
                      <th className="py-2 pr-4 font-medium">Principal</th>
                      <th className="py-2 pr-4 font-medium">Account</th>
                      <th className="py-2 pr-4 font-medium">Permission set</th>
                      <th className="py-2 font-medium">Instead of role</th>
                    </tr>
                  </thead>
                  <tbody>
                    {proposal.accountAssignments.map((a) => (
                      <tr key={`${a.principal.entraId}-${a.accountId}-${a.permissionSet}`} className="border-t border-slate-100 align-top">
                        <td className="py-2 pr-4">
                          <Badge tone="neutral">{a.principal.type === "USER" ? "User" : "Group"}</Badge> {a.principal.displayName}
                          <div className="text-slate-600">{a.principal.becomes}</div>
                        </td>
                        <td className="py-2 pr-4">{a.accountId}</td>
                        <td className="py-2 pr-4 font-medium text-slate-900">{a.permissionSet}</td>
                        <td className="py-2">{short(a.fromRole)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="text-sm text-slate-600">No role assignment maps to an account assignment.</p>
            )}
          </Card>
          {proposal.notMapped.length ? (
            <Notice tone="warn" title="What does not map">
              <ul className="list-disc space-y-1 pl-5" data-testid="not-mapped">
                {proposal.notMapped.map((n) => (
                  <li key={`${n.subject}-${n.reason}`}>
                    <strong>{n.subject}</strong>: {n.reason}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : (
            <Notice tone="good" title="Everything maps">
              Every imported role and role assignment has a proposal.
            </Notice>
          )}
        </>
      ) : null}
    </div>
  );
}
