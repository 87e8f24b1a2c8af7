import { describe, expect, it } from "vitest";
import { callAws, pagesOf } from "./aws/call";
import { mapLimit } from "./concurrency";
import { collectRequestIds, currentActor, inRequestScope, recordRequestId, requestIdsInScope, withRequestScope } from "./request-context";

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));
const awsOutput = (requestId: string) => ({ $metadata: { requestId } });

describe("request context", () => {
  it("records nothing outside a scope, and hands out copies", async () => {
    recordRequestId("lost");
    expect(inRequestScope()).toBe(false);
    expect(requestIdsInScope()).toEqual([]);
    await withRequestScope(async () => {
      recordRequestId("a");
      recordRequestId("a");
      recordRequestId(undefined);
      recordRequestId("");
      const ids = requestIdsInScope();
      ids.push("not-recorded");
      expect(requestIdsInScope()).toEqual(["a"]);
    });
  });

  it("a nested scope keeps its own ids, and they reach every enclosing scope", async () => {
    await withRequestScope(
      async () => {
        recordRequestId("action-1");
        const step = await collectRequestIds(async () => {
          expect(currentActor()).toEqual({ email: "admin@example.com", role: "admin" });
          recordRequestId("step-1");
          await tick();
          recordRequestId("step-2");
          return "done";
        });
        expect(step).toEqual({ result: "done", requestIds: ["step-1", "step-2"] });
        recordRequestId("action-2");
        expect(requestIdsInScope()).toEqual(["action-1", "step-1", "step-2", "action-2"]);
      },
      { actor: { email: "admin@example.com", role: "admin" } },
    );
  });

  it("an inner scope may name another actor; the outer one keeps its own", async () => {
    await withRequestScope(
      async () => {
        await withRequestScope(async () => expect(currentActor()?.email).toBe("system:poller"), { actor: { email: "system:poller" } });
        expect(currentActor()?.email).toBe("outer@example.com");
      },
      { actor: { email: "outer@example.com" } },
    );
  });

  it("a failing body still reports its ids to the enclosing scope", async () => {
    await withRequestScope(async () => {
      await expect(
        collectRequestIds(async () => {
          recordRequestId("before-failure");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(requestIdsInScope()).toEqual(["before-failure"]);
    });
  });

  it("concurrent requests do not mix their ids (Promise.all, mapLimit)", async () => {
    const request = (name: string, delays: number[]) =>
      withRequestScope(async () => {
        await mapLimit(
          delays.map((delay, index) => ({ delay, id: `${name}-${index}` })),
          2,
          async ({ delay, id }) => {
            await tick(delay);
            recordRequestId(id);
          },
        );
        return requestIdsInScope().sort();
      });
    const [first, second, third] = await Promise.all([request("a", [5, 1, 3]), request("b", [2, 4]), request("c", [1])]);
    expect(first).toEqual(["a-0", "a-1", "a-2"]);
    expect(second).toEqual(["b-0", "b-1"]);
    expect(third).toEqual(["c-0"]);
  });

  it("sibling nested scopes run concurrently stay apart, and both reach the parent", async () => {
    await withRequestScope(async () => {
      const [left, right] = await Promise.all([
        collectRequestIds(async () => {
          await tick(3);
          recordRequestId("left");
        }),
        collectRequestIds(async () => {
          recordRequestId("right");
          await tick(1);
        }),
      ]);
      expect(left.requestIds).toEqual(["left"]);
      expect(right.requestIds).toEqual(["right"]);
      expect(requestIdsInScope().sort()).toEqual(["left", "right"]);
    });
  });

  it("the AWS gateway records successes, failures and every page into the current scope", async () => {
    const { requestIds } = await collectRequestIds(async () => {
      await callAws("GetThing", async () => awsOutput("aws-ok"));
      const failure = Object.assign(new Error("slow down"), { name: "ThrottlingException", $metadata: { httpStatusCode: 429, requestId: "aws-throttled" } });
      await expect(callAws("GetThing", () => Promise.reject(failure))).rejects.toMatchObject({ kind: "throttled", requestId: "aws-throttled" });
      async function* pages() {
        yield awsOutput("page-1");
        await tick();
        yield awsOutput("page-2");
      }
      for await (const page of pagesOf("ListThings", pages())) expect(page.$metadata.requestId).toMatch(/^page-/);
    });
    expect(requestIds).toEqual(["aws-ok", "aws-throttled", "page-1", "page-2"]);
  });
});
