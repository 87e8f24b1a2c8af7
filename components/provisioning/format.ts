/** How the provisioning status page writes times: UTC, with relative phrases for what is near. */

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "1 Jan 2026, 10:00:00 UTC", or "never". */
export const formatUtc = (iso: string | null | undefined): string => (iso ? `${when.format(new Date(iso))} UTC` : "never");

/** How long a cycle took: seconds below 90 s, minutes below 90 min, hours above. Empty when either end is missing. */
export function formatDuration(from: string | null, to: string | null): string {
  if (!from || !to) return "";
  const s = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

/** "in about 12 min", "in about 35 s", "3 min ago" or "now": seconds while under 90 s, as cycles can be that close. */
export function formatRelative(iso: string, now: Date): string {
  const s = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  if (Math.abs(s) < 5) return "now";
  if (Math.abs(s) < 90) return s > 0 ? `in about ${s} s` : `${-s} s ago`;
  const min = Math.round(s / 60);
  return min > 0 ? `in about ${min} min` : `${-min} min ago`;
}

/** How long ago the poller last read the job: seconds, minutes, then the time itself. */
export function formatAgo(iso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `at ${formatUtc(iso)}`;
}
