import Link from "next/link";
import { AreaPage } from "@/components/shell/area-states";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainStatus } from "@/components/audit/chain-status";
import { AuditExport } from "@/components/audit/export-client";
import { SearchTallies } from "@/components/audit/search-tallies";
import { VerifyIntegrity } from "@/components/audit/verify-client";
import { lastVerification } from "@/lib/audit/integrity";
import { auditQueryString, listAuditEvents, parseAuditQuery } from "@/lib/audit/list";
import { listSearchTallies } from "@/lib/audit/search-tally";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db, provider } from "@/lib/db";
import { exportAuditEvents, verifyAuditIntegrity } from "./actions";

export const metadata = { title: "Audit" };

const pageLink = "rounded-md px-3 py-1.5 ring-1 ring-slate-300 hover:bg-white";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess("audit.view");
  if (access.state !== "allowed") return <AreaPage href="/audit" access={access} />;
  const { filter, cursor } = parseAuditQuery(await searchParams);
  const mayVerify = can(access.session.role, "audit.verify");
  // Verifying walks the whole chain, so it runs only when asked for (a POST); a page view shows the stored result.
  // Searches are tallied, not events: shown below the events for the same actor and days (and under the helpdesk family).
  const showSearches = !filter.family || filter.family === "helpdesk";
  const [page, verification, searches] = await Promise.all([
    listAuditEvents(db(), { filter, cursor, pageSize: 25, insensitive: provider() === "postgres" }),
    lastVerification(db()),
    showSearches ? listSearchTallies(db(), { actor: filter.actor, from: filter.from, to: filter.to, limit: 24 }) : Promise.resolve([]),
  ]);
  const filtered = Object.keys(filter).length > 0;
  return (
    <AreaPage
      href="/audit"
      access={access}
      actions={
        <div className="flex flex-wrap items-start justify-end gap-3">
          <Link className={pageLink} href="/audit/configuration">
            Configuration history
          </Link>
          <ChainStatus report={verification} />
          {mayVerify ? <VerifyIntegrity action={verifyAuditIntegrity} /> : null}
          <AuditExport filter={filter} action={exportAuditEvents} />
        </div>
      }
    >
      <AuditFilters filter={filter} />
      <AuditTable events={page.events} filtered={filtered} />
      <nav aria-label="Audit pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          {page.total.toLocaleString("en")} {filtered ? "matching " : ""}event{page.total === 1 ? "" : "s"}
        </span>
        <span className="flex gap-2">
          {page.newer !== undefined ? (
            <>
              <Link className={pageLink} href={`/audit${auditQueryString(filter)}`}>
                Newest
              </Link>
              <Link className={pageLink} href={`/audit${auditQueryString(filter, { after: page.newer })}`}>
                Newer events
              </Link>
            </>
          ) : null}
          {page.older !== undefined ? (
            <Link className={pageLink} href={`/audit${auditQueryString(filter, { before: page.older })}`}>
              Older events
            </Link>
          ) : null}
        </span>
      </nav>
      {showSearches ? <SearchTallies tallies={searches} filtered={Boolean(filter.actor || filter.from || filter.to)} /> : null}
    </AreaPage>
  );
}
