import { z } from "zod";

/** Reports larger than this are refused unread: a real one is well under 2 KB (the sample is capped at 40 characters). */
export const CSP_REPORT_MAX_BYTES = 16 * 1024;
/** At most this many violations are logged from one request (the Reporting API batches them). */
const MAX_PER_REQUEST = 10;
const FIELD_MAX = 300;

/** One violation, as logged: URLs without their query and fragment (a callback's code must never reach a log). */
export interface CspViolation {
  directive: string;
  blocked: string;
  document: string;
  source?: string;
  line?: number;
  disposition?: string;
}

const text = z.string().optional().catch(undefined);
const number = z.number().int().optional().catch(undefined);

// `report-uri`: {"csp-report": {...}} as application/csp-report (https://www.w3.org/TR/CSP2/#violation-reports).
const legacyReport = z.object({
  "csp-report": z.object({
    "document-uri": text,
    "violated-directive": text,
    "effective-directive": text,
    "blocked-uri": text,
    "source-file": text,
    "line-number": number,
    disposition: text,
  }),
});

// `report-to`: a list of reports as application/reports+json (https://www.w3.org/TR/CSP3/#reporting).
const reportingApiReport = z.object({
  type: z.literal("csp-violation"),
  url: text,
  body: z.object({
    documentURL: text,
    effectiveDirective: text,
    blockedURL: text,
    sourceFile: text,
    lineNumber: number,
    disposition: text,
  }),
});

/** "inline", "eval" and the like stay; URLs lose their query and fragment; everything is capped. */
function clean(value: string | undefined): string {
  if (!value) return "";
  let result = value;
  try {
    const url = new URL(value);
    result = `${url.origin}${url.pathname}`;
  } catch {
    // not a URL: a keyword such as "inline"
  }
  return result.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, FIELD_MAX);
}

/** The violations in a report body of either format; anything else is an empty list. */
export function parseCspReport(body: unknown): CspViolation[] {
  const legacy = legacyReport.safeParse(body);
  if (legacy.success) {
    const r = legacy.data["csp-report"];
    return [
      {
        directive: clean(r["effective-directive"] ?? r["violated-directive"]),
        blocked: clean(r["blocked-uri"]),
        document: clean(r["document-uri"]),
        source: r["source-file"] ? clean(r["source-file"]) : undefined,
        line: r["line-number"],
        disposition: r.disposition ? clean(r.disposition) : undefined,
      },
    ];
  }
  if (!Array.isArray(body)) return [];
  return body.slice(0, MAX_PER_REQUEST).flatMap((item) => {
    const parsed = reportingApiReport.safeParse(item);
    if (!parsed.success) return [];
    const b = parsed.data.body;
    return [
      {
        directive: clean(b.effectiveDirective),
        blocked: clean(b.blockedURL),
        document: clean(b.documentURL ?? parsed.data.url),
        source: b.sourceFile ? clean(b.sourceFile) : undefined,
        line: b.lineNumber,
        disposition: b.disposition ? clean(b.disposition) : undefined,
      },
    ];
  });
}

/** The request body as text, or "too-large" as soon as it passes `max` bytes (the rest is never read). */
export async function readCappedBody(request: Request, max = CSP_REPORT_MAX_BYTES): Promise<string | "too-large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) return "too-large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return "too-large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
