import Link from "next/link";
import { AreaPage } from "@/components/shell/area-states";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainStatus } from "@/components/audit/chain-status";
import { listAuditEvents } from "@/lib/audit/list";
import { verifyAuditChain } from "@/lib/audit/verify";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

export const metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string; verify?: string }> }) {
  const access = await pageAccess("audit.view");
  if (access.state !== "allowed") return <AreaPage href="/audit" access={access} />;
  const { before, verify } = await searchParams;
  const cursor = before && /^\d+$/.test(before) ? Number(before) : undefined;
  // Verifying walks the whole chain, so it runs when asked for rather than on every page view.
  const mayVerify = can(access.session.role, "audit.verify");
  const [page, chain] = await Promise.all([
    listAuditEvents(db(), { before: cursor, pageSize: 25 }),
    verify === "1" && mayVerify ? verifyAuditChain(db()) : undefined,
  ]);
  const verifyLink = (
    <Link
      className="rounded-md bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50"
      href={`/audit?verify=1${cursor ? `&before=${cursor}` : ""}`}
    >
      Verify integrity
    </Link>
  );
  return (
    <AreaPage href="/audit" access={access} actions={chain ? <ChainStatus report={chain} /> : mayVerify ? verifyLink : null}>
      <AuditTable events={page.events} />
      <nav aria-label="Audit pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
        <span>
          {page.total.toLocaleString("en")} event{page.total === 1 ? "" : "s"} in all
        </span>
        <span className="flex gap-2">
          {cursor !== undefined ? (
            <Link className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-white" href="/audit">
              Newest
            </Link>
          ) : null}
          {page.nextBefore !== undefined ? (
            <Link className="rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-white" href={`/audit?before=${page.nextBefore}`}>
              Older events
            </Link>
          ) : null}
        </span>
      </nav>
    </AreaPage>
  );
}
