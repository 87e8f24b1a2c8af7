import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabase } from "../testing/database";
import { contentHashOf, type FederationConfiguration } from "./configuration";
import {
  createSnapshotsExport,
  readHistoryTicket,
  signHistoryTicket,
  snapshotsExportStream,
  versionExportFile,
  versionExportTokens,
  type HistoryTicket,
} from "./export";
import { recordSnapshot, snapshotAsOf } from "./store";

// Issue 14, exports of the configuration history on a real database: every version recorded in a date range,
// streamed as NDJSON in keyset batches (inclusive bounds, oldest first, one federation, frozen at the newest
// version when the export was created), and one version as Terraform from its signed link.
const database = testDatabase();
const FEDERATION = "it-history-export";
afterAll(() => database.$disconnect());

beforeEach(async () => {
  await database.configurationSnapshot.deleteMany({ where: { federationId: { in: [FEDERATION, `${FEDERATION}-other`] } } });
});

const configuration = (n: number): FederationConfiguration => ({
  entra: {
    app: {
      displayName: "AWS IAM Identity Center",
      appId: "app",
      applicationObjectId: "obj",
      servicePrincipalId: "sp",
      identifierUris: ["https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1"],
      replyUrls: [`https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/v${n}`],
      signOnUrl: null,
      relayState: null,
      ssoMode: "saml",
      notificationEmails: ["ops@contoso.test"],
      signingCertificates: {},
    },
    provisioning: null,
  },
  aws: null,
});

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 10));

/** Versions 1…5 on Nov 1…5 at 10:00, and one in another federation on Nov 3. */
async function seed() {
  const ids: number[] = [];
  for (let d = 1; d <= 5; d++) ids.push((await recordSnapshot(database, FEDERATION, configuration(d), { trigger: "manual" }, day(d))).version.id);
  await recordSnapshot(database, `${FEDERATION}-other`, configuration(99), { trigger: "manual" }, day(3));
  return ids;
}

const ticketOf = (token: string) => {
  const ticket = readHistoryTicket(token);
  if (typeof ticket === "string") throw new Error(ticket);
  return ticket as Extract<HistoryTicket, { kind: "snapshots" }>;
};

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("configuration snapshots export", () => {
  it("streams the versions taken in the range, bounds included, oldest first, a batch at a time", async () => {
    const ids = await seed();
    const { token, count } = await createSnapshotsExport(database, { federation: FEDERATION, from: day(2), to: day(4), by: "dan@example.test" });
    expect(count).toBe(3);
    const batches: number[] = [];
    const stream = snapshotsExportStream(database, ticketOf(token), { batch: 1, onBatch: (rows) => batches.push(rows) });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(JSON.parse(decoder.decode((await reader.read()).value))).toMatchObject({ type: "header", federation: FEDERATION, exportedBy: "dan@example.test" });
    // Pull: the first version arrives after one read of the database, not after all of them.
    const first = JSON.parse(decoder.decode((await reader.read()).value));
    expect(first).toMatchObject({ type: "version", id: ids[1], takenAt: day(2).toISOString() });
    expect(batches).toEqual([1]);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    const all = [first, ...lines(rest)];
    expect(all.map((l) => l.type)).toEqual(["version", "version", "version", "end"]);
    expect(all.slice(0, 3).map((l) => l.id)).toEqual(ids.slice(1, 4));
    expect(all[3]).toEqual({ type: "end", count: 3 });
    // Each line carries its whole configuration, and its hash can be checked from it.
    for (const [i, l] of all.slice(0, 3).entries()) {
      expect(l.configuration).toEqual(configuration(i + 2));
      expect(l.contentHash).toBe(contentHashOf(l.configuration as FederationConfiguration));
    }
    expect(batches.length).toBeGreaterThan(1);
  });

  it("holds only what was recorded when the export was created, in its own federation", async () => {
    const ids = await seed();
    const { token } = await createSnapshotsExport(database, { federation: FEDERATION, from: day(1), to: day(30), by: "dan@example.test" });
    // Recorded after the export was created, inside its range: not in the file.
    await recordSnapshot(database, FEDERATION, configuration(6), { trigger: "manual" }, day(6));
    const text = await new Response(snapshotsExportStream(database, ticketOf(token), { batch: 2 })).text();
    const versions = lines(text).filter((l) => l.type === "version");
    expect(versions.map((l) => l.id)).toEqual(ids);
    expect(lines(text).at(-1)).toEqual({ type: "end", count: 5 });
  });

  it("gives an empty file for a range with no versions", async () => {
    await seed();
    const { token, count } = await createSnapshotsExport(database, { federation: FEDERATION, from: day(20), to: day(21), by: "dan@example.test" });
    expect(count).toBe(0);
    const text = await new Response(snapshotsExportStream(database, ticketOf(token))).text();
    expect(lines(text).map((l) => l.type)).toEqual(["header", "end"]);
  });
});

describe("download links", () => {
  it("refuse a tampered, expired or foreign-federation link, and serve a version's Terraform and Graph JSON", async () => {
    await seed();
    const version = (await snapshotAsOf(database, FEDERATION, new Date(day(3).getTime() + 1)))!;
    const tokens = versionExportTokens(FEDERATION, version, "dan@example.test");
    const ticket = readHistoryTicket(tokens.terraform);
    if (typeof ticket === "string" || ticket.kind === "snapshots") throw new Error(String(ticket));
    const tf = await versionExportFile(database, ticket);
    expect(tf?.fileName).toMatch(new RegExp(`^configuration-${version.id}-.*\\.tf$`));
    expect(tf?.body).toContain('redirect_uris = ["https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/v3"]');
    const json = readHistoryTicket(tokens.graphJson);
    if (typeof json === "string" || json.kind === "snapshots") throw new Error(String(json));
    expect(JSON.parse((await versionExportFile(database, json))!.body)).toMatchObject({ federation: FEDERATION, version: { id: version.id } });

    // Another federation's link cannot reach this version.
    expect(await versionExportFile(database, { ...ticket, federation: `${FEDERATION}-other` })).toBeNull();
    const [body, mac] = tokens.terraform.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), by: "eve@example.test" })).toString("base64url");
    expect(readHistoryTicket(`${forged}.${mac}`)).toBe("invalid");
    expect(readHistoryTicket(tokens.terraform, Date.now() + 11 * 60_000)).toBe("expired");
    expect(readHistoryTicket(signHistoryTicket({ ...ticket, expiresAt: new Date(0).toISOString() }))).toBe("expired");
  });
});
