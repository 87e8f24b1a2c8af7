import { describe, expect, it } from "vitest";
import { AwsGatewayError } from "../aws/errors";
import { EntraGatewayError } from "../entra/errors";
import { createSharedReads } from "./shared-read";

describe("shared reads of sign-in evidence", () => {
  it("concurrent and repeated callers share one request until it expires", async () => {
    let t = 0;
    const reads = createSharedReads(() => t);
    let calls = 0;
    const load = async () => ++calls;
    const [a, b] = await Promise.all([reads.read("k", 1_000, load), reads.read("k", 1_000, load)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    t = 999;
    expect(await reads.read("k", 1_000, load)).toBe(1);
    t = 1_001;
    expect(await reads.read("k", 1_000, load)).toBe(2);
  });

  it("after a 429 nobody asks again before Retry-After; other failures are not kept", async () => {
    let t = 0;
    const reads = createSharedReads(() => t);
    let calls = 0;
    const throttled = async () => {
      calls++;
      throw new EntraGatewayError({ kind: "throttled", operation: "ListSignIns", message: "slow down", retryAfterSeconds: 20 });
    };
    await expect(reads.read("e", 1_000, throttled)).rejects.toThrow("slow down");
    t = 19_000;
    await expect(reads.read("e", 1_000, throttled)).rejects.toThrow("slow down");
    expect(calls).toBe(1);
    t = 20_001;
    await expect(reads.read("e", 1_000, throttled)).rejects.toThrow("slow down");
    expect(calls).toBe(2);

    let denied = 0;
    const refuse = async () => {
      denied++;
      throw new AwsGatewayError({ kind: "access-denied", operation: "LookupEvents", message: "no" });
    };
    await expect(reads.read("a", 1_000, refuse)).rejects.toThrow("no");
    await expect(reads.read("a", 1_000, refuse)).rejects.toThrow("no");
    expect(denied).toBe(2);
  });
});
