import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "../db";
import { diagnosisReportColumn } from "../federation/columns";
import type { DiagnosisReport } from "./types";

// No 0/O, 1/I/L: short ids get read aloud and retyped from tickets.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
export const SHORT_ID = /^[23456789abcdefghjkmnpqrstuvwxyz]{8}$/;

export function newShortId(): string {
  const bytes = randomBytes(8);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

export interface StoredDiagnosis {
  shortId: string;
  federationId: string;
  query: string;
  entraUserId: string | null;
  userPrincipalName: string | null;
  createdAt: string;
  createdBy: string;
  /** The copy taken when the diagnosis was made. */
  report: DiagnosisReport;
  /** The latest "Re-run now" (or the re-run after a provision on demand), if any: what the link shows first. */
  latest: { report: DiagnosisReport; at: string; by: string } | null;
}

export async function saveDiagnosis(
  database: Database,
  input: { federationId: string; query: string; createdBy: string; report: DiagnosisReport },
): Promise<StoredDiagnosis> {
  for (let attempt = 0; ; attempt++) {
    const shortId = newShortId();
    try {
      const row = await database.diagnosis.create({
        data: {
          id: randomUUID(),
          shortId,
          federationId: input.federationId,
          query: input.query,
          entraUserId: input.report.subject.entraId,
          userPrincipalName: input.report.subject.userPrincipalName,
          outcome: input.report.outcome,
          tone: input.report.headline.tone,
          report: diagnosisReportColumn.encode(input.report),
          createdBy: input.createdBy,
        },
      });
      return toStored(row);
    } catch (error) {
      // A short id collision (31^8 ids): draw again.
      if (attempt < 3 && typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") continue;
      throw error;
    }
  }
}

interface DiagnosisRow {
  shortId: string;
  federationId: string;
  query: string;
  entraUserId: string | null;
  userPrincipalName: string | null;
  createdAt: Date;
  createdBy: string;
  report: string;
  latestReport: string | null;
  latestAt: Date | null;
  latestBy: string | null;
}

function toStored(row: DiagnosisRow): StoredDiagnosis {
  return {
    shortId: row.shortId,
    federationId: row.federationId,
    query: row.query,
    entraUserId: row.entraUserId,
    userPrincipalName: row.userPrincipalName,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    report: diagnosisReportColumn.decode(row.report),
    latest:
      row.latestReport && row.latestAt && row.latestBy
        ? { report: diagnosisReportColumn.decode(row.latestReport), at: row.latestAt.toISOString(), by: row.latestBy }
        : null,
  };
}

/** Keeps a re-run as the diagnosis's latest result (the first copy stays as it was taken). */
export async function saveLatestRun(database: Database, shortId: string, report: DiagnosisReport, by: string): Promise<StoredDiagnosis> {
  const row = await database.diagnosis.update({
    where: { shortId },
    data: { latestReport: diagnosisReportColumn.encode(report), latestAt: new Date(report.takenAt), latestBy: by },
  });
  return toStored(row);
}

export async function loadDiagnosis(database: Database, shortId: string): Promise<StoredDiagnosis | null> {
  if (!SHORT_ID.test(shortId)) return null;
  const row = await database.diagnosis.findUnique({ where: { shortId } });
  return row ? toStored(row) : null;
}

/** The latest diagnoses, for the search page ("recent checks"). */
/** The newest checks of one federation's users (the helpdesk page shows one app at a time). */
export async function recentDiagnoses(
  database: Database,
  federationId: string,
  take = 8,
): Promise<{ shortId: string; userPrincipalName: string | null; query: string; tone: string; createdAt: string; createdBy: string }[]> {
  const rows = await database.diagnosis.findMany({
    where: { federationId },
    orderBy: { createdAt: "desc" },
    take,
    select: { shortId: true, userPrincipalName: true, query: true, tone: true, createdAt: true, createdBy: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
