import { Suspense } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { createAwsClients, resolveAwsTarget } from "@/lib/aws/clients";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db";
import { problemLine, toProblem } from "@/lib/problems/problem";
import { getAwsConnection } from "@/lib/settings/connections";
import { readIdentitySourceInventory, type IdentitySourceInventory, type InventoryEntry, type InventoryOrigin, type SwitchEffect } from "@/lib/setup/identity-source-inventory";
import type { StepPageView } from "@/lib/setup/steps/types";

const ORIGIN: Record<InventoryOrigin, string> = { scim: "SCIM provisioning", console: "AWS console", "control-tower": "AWS Control Tower" };
const EFFECT: Record<SwitchEffect, { label: string; tone: Tone }> = {
  kept: { label: "Kept", tone: "good" },
  "moves-to-entra": { label: "Moves to Entra sign-in", tone: "warn" },
  "stops-working": { label: "Stops working", tone: "bad" },
};

function Rows({ entries }: { entries: InventoryEntry[] }) {
  return entries.map((e) => (
    <tr key={`${e.kind}-${e.id}`} className="align-top" data-testid="inventory-row" data-effect={e.effect} data-origin={e.origin}>
      <td className="py-1 pr-3 font-mono text-xs">{e.name}</td>
      <td className="py-1 pr-3 text-xs">{e.kind === "user" ? "User" : "Group"}</td>
      <td className="py-1 pr-3 text-xs">{ORIGIN[e.origin]}</td>
      <td className="py-1 pr-3">
        <Badge tone={EFFECT[e.effect].tone}>{EFFECT[e.effect].label}</Badge>
      </td>
      <td className="py-1 text-xs text-slate-700">{e.explanation}</td>
    </tr>
  ));
}

export function InventoryTable({ inventory }: { inventory: IdentitySourceInventory }) {
  const { users, groups, counts } = inventory;
  if (!users.length && !groups.length) return <p className="text-xs text-slate-600">The identity store is empty: the switch affects no existing user or group.</p>;
  return (
    <div>
      <p className="text-xs text-slate-700">
        {users.length} users and {groups.length} groups today. After the switch: <strong>{counts["stops-working"]} users stop working</strong>,{" "}
        {counts["moves-to-entra"]} move to Entra sign-in, the rest are kept with their account access.
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="pr-3 font-medium">Name</th>
              <th className="pr-3 font-medium">Kind</th>
              <th className="pr-3 font-medium">Made by</th>
              <th className="pr-3 font-medium">After the switch</th>
              <th className="font-medium">What to know</th>
            </tr>
          </thead>
          <tbody>
            <Rows entries={[...users.filter((u) => u.effect === "stops-working"), ...users.filter((u) => u.effect !== "stops-working")]} />
            <Rows entries={groups} />
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Reads the identity store when the page renders (a read: ListUsers, ListGroups, DescribeOrganization). */
async function LiveInventory({ identityStoreId }: { identityStoreId: string }) {
  const database = db();
  let inventory: IdentitySourceInventory;
  const clients = createAwsClients(resolveAwsTarget(await getAwsConnection(database), env()));
  try {
    inventory = await readIdentitySourceInventory(clients, identityStoreId);
  } catch (error) {
    const problem = toProblem(error);
    return <p className="text-xs text-red-700">Could not read the identity store: {problem ? problemLine(problem) : "unexpected error"}</p>;
  } finally {
    clients.destroy();
  }
  return <InventoryTable inventory={inventory} />;
}

/**
 * Step aws-metadata: before the identity source becomes Entra, what is already in the identity store and what the
 * switch does to each user and group. Collapsed once the step is done.
 */
export function IdentitySourceInventoryPanel({ view }: { view: StepPageView }) {
  const instance = view.facts.instance;
  if (!instance) return null;
  return (
    <details className="rounded-md p-2 text-sm ring-1 ring-slate-200" open={!view.facts.spMetadata} data-testid="identity-source-inventory">
      <summary className="cursor-pointer text-xs font-medium text-slate-800">Before you switch: existing users and groups, and what the switch does to each</summary>
      <div className="mt-2">
        <Suspense fallback={<p className="text-xs text-slate-500">Reading the identity store…</p>}>
          <LiveInventory identityStoreId={instance.identityStoreId} />
        </Suspense>
      </div>
    </details>
  );
}
