import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent } from "./chain";
import { csvEventLine, csvHeaderLine, csvReader, type ExportedEvent } from "./export-format";

const event = (fields: Partial<ExportedEvent>): ExportedEvent => {
  const base = {
    seq: 1,
    id: "e1",
    at: "2026-11-30T05:00:00.000Z",
    actor: "a@example.test",
    role: "admin",
    action: "settings.update",
    target: null,
    before: null,
    after: null,
    result: "success",
    error: null,
    requestIds: "[]",
    prevHash: GENESIS_HASH,
    ...fields,
  };
  return { ...base, hash: hashEvent({ ...base, at: new Date(base.at) }) };
};

function readBack(text: string, chunk: number) {
  const records: { text: string; quoted: boolean }[][] = [];
  const comments: string[] = [];
  const reader = csvReader(
    (cells) => records.push(cells),
    (c) => comments.push(c),
  );
  for (let i = 0; i < text.length; i += chunk) reader.feed(text.slice(i, i + chunk));
  reader.end();
  return { records, comments };
}

describe("audit export CSV", () => {
  it("round-trips quotes, commas, line breaks, empty strings and nulls, in chunks of any size", () => {
    const tricky = event({ target: "", error: 'say "hi",\r\nthen\nleave', before: '{"a":"x,y"}' });
    for (const chunk of [1, 2, 5, 1000]) {
      const { records, comments } = readBack(`# {"type":"header"}\r\n${csvHeaderLine()}${csvEventLine(tricky)}# {"type":"trailer"}\r\n`, chunk);
      expect(comments).toEqual([' {"type":"header"}', ' {"type":"trailer"}']);
      const row = records[1] ?? [];
      expect(row[6]).toEqual({ text: "", quoted: true }); // an empty target, not a null one
      expect(row[10]).toEqual({ text: 'say "hi",\r\nthen\nleave', quoted: true });
      expect(row[7]?.text).toBe('{"a":"x,y"}');
      expect(row[8]).toEqual({ text: "", quoted: false }); // null after
    }
  });

  it("defuses spreadsheet formulas with a leading quote that the reader can take off again", () => {
    const line = csvEventLine(event({ target: "=HYPERLINK(1)", error: "'=already quoted", actor: "-1+2" }));
    expect(line).toContain(`"'=HYPERLINK(1)"`);
    expect(line).toContain(`"''=already quoted"`);
    expect(line).toContain(`"'-1+2"`);
  });
});
