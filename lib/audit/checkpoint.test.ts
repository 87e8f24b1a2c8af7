import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH } from "./chain";
import { checkCheckpoint, signCheckpoint } from "./checkpoint";
import { CHECKPOINT_EVERY_EVENTS, CHECKPOINT_EVERY_MS, checkpointDue } from "./schedule";

const v1 = { version: 1, key: randomBytes(32) };
const v2 = { version: 2, key: randomBytes(32) };
const statement = { seq: 41, headHash: "a".repeat(64), count: 41, at: new Date("2026-11-30T02:00:00Z") };

describe("audit checkpoints", () => {
  it("are signed with the first key and checked with the key of their version", () => {
    const signed = signCheckpoint(statement, [v2, v1]);
    expect(signed.keyVersion).toBe(2);
    expect(checkCheckpoint(signed, [v2, v1])).toBe("ok");
    expect(checkCheckpoint(signCheckpoint(statement, [v1]), [v2, v1])).toBe("ok");
    expect(checkCheckpoint(signed, [v1])).toBe("unknown-key");
  });

  it("fail when any signed field changes or the MAC is not the key's", () => {
    const signed = signCheckpoint(statement, [v1]);
    for (const changed of [{ seq: 40 }, { count: 40 }, { headHash: GENESIS_HASH }, { at: new Date("2026-11-30T02:00:01Z") }, { mac: "AAAA" }])
      expect(checkCheckpoint({ ...signed, ...changed }, [v1])).toBe("bad-mac");
    expect(checkCheckpoint(signed, [{ version: 1, key: randomBytes(32) }])).toBe("bad-mac");
  });

  it("are due every N events and once the interval has passed", () => {
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS * 3, 0)).toBe(true);
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS * 3 + 1, 0)).toBe(false);
    expect(checkpointDue(CHECKPOINT_EVERY_EVENTS * 3 + 1, CHECKPOINT_EVERY_MS)).toBe(true);
  });
});
