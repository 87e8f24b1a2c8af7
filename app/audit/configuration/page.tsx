import Link from "next/link";
import { notFound } from "next/navigation";
import { FederationSwitcher } from "@/components/provisioning/federation-switcher";
import { FieldChanges } from "@/components/audit/field-changes";
import { HistoryExport } from "@/components/history/export-form";
import { RecordButton } from "@/components/history/record-button";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { latestDrift, type DriftReport } from "@/lib/history/drift";
import { compareAsOf, listSnapshots, snapshotAsOf, type ConfigurationVersion } from "@/lib/history/store";
import { configurationSections, inputValueOf, parseInstant, utcLabel } from "@/lib/history/view";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";
import { federationFromSearchParam } from "@/lib/setup/federation-id";
import { federationExists, listFederations } from "@/lib/setup/federations";
import { checkDriftNow, exportConfigurationSnapshots, exportConfigurationTerraform, takeSnapshotNow } from "./actions";

export const metadata = { title: "Audit — configuration history" };
export const dynamic = "force-dynamic";

const field = "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";
const label = "block text-xs font-medium text-slate-700";
const card = "mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm";
const submit = "rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-sky-800";
const TRIGGER_LABEL = { change: "after a portal change", scheduled: "daily record", manual: "taken on demand" } as const;

/** A version's reason, unless it only repeats its trigger's label ("taken on demand" twice). */
const reasonBeyondTrigger = (v: { trigger: string; reason: string | null }) =>
  v.reason && v.reason !== TRIGGER_LABEL[v.trigger as keyof typeof TRIGGER_LABEL] ? v.reason : "";

export default async function ConfigurationHistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await pageAccess("audit.view");
  const title = "Audit — configuration history";
  if (access.state !== "allowed") return <AreaPage href="/audit" access={access} title={title} />;
  const params = await searchParams;
  // Which federation (`?federation=`; absent: the first). An unknown one is not found, never an empty history.
  const selected = federationFromSearchParam(params.federation);
  if (!selected.ok || !(await federationExists(db(), selected.id))) notFound();
  const federation = selected.id;
  // Links and forms keep the federation when it is not the default one.
  const keep = federation === DEFAULT_FEDERATION ? "" : `federation=${encodeURIComponent(federation)}&`;
  const hidden = federation === DEFAULT_FEDERATION ? null : <input type="hidden" name="federation" value={federation} />;
  const at = parseInstant(params.at);
  const from = parseInstant(params.from);
  const to = parseInstant(params.to);
  const database = db();
  const [federations, versions, drift, asOf, comparison] = await Promise.all([
    listFederations(database),
    listSnapshots(database, federation, 20),
    latestDrift(database, federation),
    at ? snapshotAsOf(database, federation, at) : null,
    from && to ? compareAsOf(database, federation, from, to) : null,
  ]);
  const mayRecord = can(access.session.role, "history.record");
  const legacy = federations.find((f) => f.id === federation)?.mode === "legacy-iam";
  const started = federations.filter((f) => f.started || f.id === federation);
  return (
    <AreaPage
      href="/audit"
      access={access}
      title={title}
      actions={
        mayRecord ? (
          <div className="flex flex-wrap items-start justify-end gap-3">
            <RecordButton action={checkDriftNow} label="Check drift now" pendingLabel="Reading both clouds…" federation={federation} />
            <RecordButton action={takeSnapshotNow} label="Take a snapshot now" pendingLabel="Reading both clouds…" federation={federation} />
          </div>
        ) : null
      }
    >
      <nav aria-label="Audit sections" className="mb-4 flex gap-4 text-sm">
        <Link className="text-sky-800 underline" href="/audit">
          Audit log
        </Link>
        <span aria-current="page" className="font-semibold text-slate-900">
          Configuration history
        </span>
      </nav>
      {started.length > 1 ? (
        <div className="mb-4">
          <FederationSwitcher federations={started} current={federation} basePath="/audit/configuration" />
        </div>
      ) : null}
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        {legacy
          ? "A version of the whole federation — the Entra application with its roles, and in each AWS account it reaches the IAM SAML provider, the roles trusting it and the role-manager user's access keys —"
          : "A version of the whole federation — the Entra application and provisioning job, and IAM Identity Center's instance, identity source, permission sets, assignments and groups —"}{" "}
        is recorded from live reads after every change the portal makes, once a day, and when asked. All times are UTC.
      </p>

      <DriftSection drift={drift} />

      <section aria-labelledby="as-of-heading" className={card}>
        <h2 id="as-of-heading" className="text-base font-semibold text-slate-900">
          As of a date and time
        </h2>
        <form method="get" action="/audit/configuration" className="mt-3 flex flex-wrap items-end gap-3">
          {hidden}
          <label className={label}>
            Date and time (UTC)
            <input className={field} type="datetime-local" step="1" name="at" required defaultValue={at ? inputValueOf(at) : undefined} />
          </label>
          <button type="submit" className={submit}>
            Show configuration
          </button>
        </form>
        {at ? <AsOf at={at} version={asOf} federation={federation} /> : null}
      </section>

      <section aria-labelledby="compare-heading" className={card}>
        <h2 id="compare-heading" className="text-base font-semibold text-slate-900">
          Compare two dates
        </h2>
        <form method="get" action="/audit/configuration" className="mt-3 flex flex-wrap items-end gap-3">
          {hidden}
          <label className={label}>
            From (UTC)
            <input className={field} type="datetime-local" step="1" name="from" required defaultValue={from ? inputValueOf(from) : undefined} />
          </label>
          <label className={label}>
            To (UTC)
            <input className={field} type="datetime-local" step="1" name="to" required defaultValue={to ? inputValueOf(to) : undefined} />
          </label>
          <button type="submit" className={submit}>
            Compare
          </button>
        </form>
        {comparison && from && to ? (
          <div className="mt-4">
            {!comparison.from || !comparison.to ? (
              <Notice tone="neutral">Nothing was recorded yet at {utcLabel(!comparison.from ? from : to)}: pick a later time.</Notice>
            ) : comparison.changes.length === 0 ? (
              <Notice tone="good">
                No difference: version #{comparison.from.id} was in force at both times{comparison.from.id === comparison.to.id ? "" : " (the same content)"}.
              </Notice>
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-700">
                  Version #{comparison.from.id} ({utcLabel(comparison.from.takenAt)}) → version #{comparison.to.id} ({utcLabel(comparison.to.takenAt)}):{" "}
                  {comparison.changes.length} field{comparison.changes.length === 1 ? "" : "s"} changed.
                </p>
                <FieldChanges
                  caption="Fields that differ between the two dates"
                  changes={comparison.changes}
                  beforeLabel={`At ${utcLabel(from)}`}
                  afterLabel={`At ${utcLabel(to)}`}
                />
              </>
            )}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="export-heading" className={card}>
        <h2 id="export-heading" className="text-base font-semibold text-slate-900">
          Export versions
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Every version recorded between two dates, as NDJSON: one line per version with its whole configuration and content hash. The export is audited.
        </p>
        <HistoryExport action={exportConfigurationSnapshots} name="Export versions" label="Export versions (NDJSON)" pendingLabel="Exporting…">
          <input type="hidden" name="federation" value={federation} />
          <label className={label}>
            From (UTC)
            <input className={field} type="datetime-local" step="1" name="from" required defaultValue={from ? inputValueOf(from) : undefined} />
          </label>
          <label className={label}>
            To (UTC)
            <input className={field} type="datetime-local" step="1" name="to" required defaultValue={to ? inputValueOf(to) : undefined} />
          </label>
        </HistoryExport>
      </section>

      <section aria-labelledby="versions-heading" className={card}>
        <h2 id="versions-heading" className="text-base font-semibold text-slate-900">
          Recorded versions
        </h2>
        {versions.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            Nothing recorded yet. The first version is taken after the next portal change, by the daily record, or with “Take a snapshot now”.
          </p>
        ) : (
          <ol className="mt-3 divide-y divide-slate-100 text-sm">
            {versions.map((v, i) => {
              const older = versions[i + 1];
              return (
                <li key={v.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
                  <span className="font-medium text-slate-900">#{v.id}</span>
                  <span>{utcLabel(v.takenAt)}</span>
                  <Badge tone={v.trigger === "change" ? "info" : "neutral"}>{TRIGGER_LABEL[v.trigger as keyof typeof TRIGGER_LABEL] ?? v.trigger}</Badge>
                  <span className="text-slate-600">
                    {[reasonBeyondTrigger(v), v.actor].filter(Boolean).join(" · ")}
                    {v.confirmedAt.getTime() !== v.takenAt.getTime() ? ` · still the same at ${utcLabel(v.confirmedAt)}` : ""}
                  </span>
                  <span className="ml-auto flex gap-3">
                    <Link className="text-sky-800 underline" href={`/audit/configuration?${keep}at=${encodeURIComponent(v.takenAt.toISOString())}`}>
                      Show<span className="sr-only"> version #{v.id}</span>
                    </Link>
                    {older ? (
                      <Link
                        className="text-sky-800 underline"
                        href={`/audit/configuration?${keep}from=${encodeURIComponent(older.takenAt.toISOString())}&to=${encodeURIComponent(v.takenAt.toISOString())}`}
                      >
                        Changes since #{older.id}
                      </Link>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </AreaPage>
  );
}

function DriftSection({ drift }: { drift: DriftReport | null }) {
  return (
    <section id="drift" aria-labelledby="drift-heading" className={card}>
      <h2 id="drift-heading" className="text-base font-semibold text-slate-900">
        Drift: live state against the recorded configuration
      </h2>
      {!drift ? (
        <p className="mt-2 text-sm text-slate-600">Not checked yet. It is checked once a day, and with “Check drift now”.</p>
      ) : drift.error ? (
        <Notice tone="warn" className="mt-3" title={`Could not check at ${utcLabel(drift.checkedAt)}`}>
          {drift.error}
        </Notice>
      ) : drift.baselineId === null ? (
        <p className="mt-2 text-sm text-slate-600">Checked at {utcLabel(drift.checkedAt)} with nothing recorded before: live state became the first version.</p>
      ) : drift.changes.length === 0 ? (
        <Notice tone="good" className="mt-3">
          No drift at {utcLabel(drift.checkedAt)}: both clouds match version #{drift.baselineId}.
        </Notice>
      ) : (
        <div className="mt-3">
          <Notice tone="warn" className="mb-3" title={`${drift.changes.length} field${drift.changes.length === 1 ? "" : "s"} changed outside the portal`}>
            Checked at {utcLabel(drift.checkedAt)} ({drift.trigger === "scheduled" ? "daily check" : `by ${drift.actor ?? "someone"}`}) against version #
            {drift.baselineId}.
          </Notice>
          <FieldChanges
            caption="Fields that differ from the recorded configuration"
            changes={drift.changes.map((d) => d.change)}
            beforeLabel="Recorded"
            afterLabel="Live"
            extra={{
              label: "Who and when",
              cell: (_change, i) => {
                const by = drift.changes[i]?.by;
                if (by) return `${by.who}, ${Number.isNaN(Date.parse(by.at)) ? by.at : utcLabel(new Date(by.at))} (${by.source})`;
                const note = drift.changes[i]?.note;
                return `Outside the portal, between ${drift.baselineAt ? utcLabel(drift.baselineAt) : "the last record"} and ${utcLabel(drift.checkedAt)}${note ? `. ${note}` : ""}`;
              },
            }}
          />
        </div>
      )}
    </section>
  );
}

function AsOf({ at, version, federation }: { at: Date; version: ConfigurationVersion | null; federation: string }) {
  if (!version)
    return (
      <Notice tone="neutral" className="mt-4">
        Nothing was recorded yet at {utcLabel(at)}: pick a later time.
      </Notice>
    );
  const sections = configurationSections(version.configuration);
  return (
    <div className="mt-4">
      <p className="mb-3 text-sm text-slate-700" data-testid="as-of-version">
        As of {utcLabel(at)}: version #{version.id}, recorded {utcLabel(version.takenAt)} ({TRIGGER_LABEL[version.trigger]}
        {reasonBeyondTrigger(version) ? `: ${reasonBeyondTrigger(version)}` : ""}
        {version.actor ? `, ${version.actor}` : ""}).
      </p>
      <HistoryExport action={exportConfigurationTerraform} name="Export as Terraform" label="Export as Terraform" pendingLabel="Exporting…">
        <input type="hidden" name="federation" value={federation} />
        <input type="hidden" name="at" value={at.toISOString()} />
        <p className="max-w-xl text-xs text-slate-600">
          This version as Terraform (azuread and aws providers, with import blocks) and, beside it, the Graph JSON of what Terraform cannot express (the
          {version.configuration.legacy ? " role-import job" : " provisioning job"}). Never a secret. The export is audited.
        </p>
      </HistoryExport>
      <div className="grid gap-4 lg:grid-cols-2">
        {sections.map((s) => (
          <section key={s.id} aria-labelledby={`${s.id}-heading`} className="min-w-0 rounded-lg border border-slate-200">
            <h3 id={`${s.id}-heading`} className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm font-semibold text-slate-900">
              {s.title}
            </h3>
            {s.empty ? (
              <p className="px-3 py-2 text-sm text-slate-600">{s.empty}</p>
            ) : (
              <dl className="divide-y divide-slate-100 text-xs">
                {s.rows.map(([name, value]) => (
                  <div key={name} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-2 px-3 py-1.5">
                    <dt className="font-mono [overflow-wrap:anywhere] text-slate-600">{name}</dt>
                    <dd className="font-mono [overflow-wrap:anywhere] text-slate-900">{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
