import type { SearchTallyView } from "@/lib/audit/search-tally";

const hourLabel = (hour: Date) => `${hour.toISOString().replace("T", " ").slice(0, 13)}:00–${String((hour.getUTCHours() + 1) % 24).padStart(2, "0")}:00 UTC`;

/**
 * Directory searches, which are not audit events (one per keystroke would bury the history): per user and UTC
 * hour, how many searches were answered and refused, how many different queries, how many directory entries
 * were shown and how deep "show more" went, with the queries folded away. Someone paging through the directory
 * shows here as an hour with many queries and entries.
 */
export function SearchTallies({ tallies, filtered = false }: { tallies: SearchTallyView[]; filtered?: boolean }) {
  return (
    <section aria-labelledby="search-tallies-heading" className="mt-8">
      <h2 id="search-tallies-heading" className="text-base font-semibold text-slate-900">
        Directory searches, per user and hour
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Helpdesk searches change nothing and run as the user types, so each is not an event above: they are counted here instead. Searches past the
        per-person limit are refused and counted as refused.
      </p>
      {tallies.length === 0 ? (
        <p className="mt-3 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          {filtered ? "No searches in this range or by this actor." : "No searches yet."}
        </p>
      ) : (
        <div className="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="search-tallies">
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Hour</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Searches</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Different queries</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Entries shown</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Deepest page</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Refused</th>
                <th scope="col" className="px-3 py-2 font-medium">Queries</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tallies.map((t) => (
                <tr key={`${t.actor}|${t.action}|${t.hour.toISOString()}`}>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                    <time dateTime={t.hour.toISOString()}>{hourLabel(t.hour)}</time>
                  </td>
                  <td className="px-3 py-2 [overflow-wrap:anywhere] text-slate-800">
                    {t.actor} <span className="text-slate-600">({t.role})</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.searches}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.distinctQueries}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.results}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{t.deepestPage || "—"}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${t.refused ? "font-semibold text-red-800" : ""}`}>{t.refused}</td>
                  <td className="px-3 py-2">
                    {t.queries.length ? (
                      <details className="text-xs text-slate-700">
                        <summary className="cursor-pointer">
                          {t.distinctQueries > t.queries.length ? `first ${t.queries.length} of ${t.distinctQueries}` : `${t.queries.length}`} quer
                          {t.queries.length === 1 ? "y" : "ies"}
                        </summary>
                        <ul className="mt-1 font-mono [overflow-wrap:anywhere]">
                          {t.queries.map((q) => (
                            <li key={q}>{q}</li>
                          ))}
                        </ul>
                      </details>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
