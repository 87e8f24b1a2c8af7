import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { db } from "@/lib/db";
import { latestDrift } from "@/lib/history/drift";
import { utcLabel } from "@/lib/history/view";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";

/** On the provisioning status page: the newest drift check, when it found fields changed outside the portal. */
export async function DriftNotice({ federationId, canOpen }: { federationId: string; canOpen: boolean }) {
  const drift = await latestDrift(db(), federationId);
  if (!drift || drift.error || drift.changes.length === 0) return null;
  const sides = [...new Set(drift.changes.map((c) => (c.side === "aws" ? "AWS" : "Entra")))].join(" and ");
  return (
    <Notice tone="warn" title={`Configuration drift: ${drift.changes.length} field${drift.changes.length === 1 ? "" : "s"} changed outside the portal`}>
      In {sides}, found at {utcLabel(drift.checkedAt)}
      {drift.baselineAt ? `, changed after ${utcLabel(drift.baselineAt)}` : ""}.{" "}
      {canOpen ? (
        <Link
          href={`/audit/configuration${federationId === DEFAULT_FEDERATION ? "" : `?federation=${encodeURIComponent(federationId)}`}#drift`}
          className="font-medium underline"
        >
          See what drifted
        </Link>
      ) : (
        "An admin or auditor can see which fields in Audit → Configuration history."
      )}
    </Notice>
  );
}
