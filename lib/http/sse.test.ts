import { afterEach, describe, expect, it, vi } from "vitest";
import { eventStream, eventStreamResponse } from "./sse";

vi.mock("server-only", () => ({}));

async function readAll(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
  }
}

afterEach(() => vi.useRealTimers());

describe("event streams", () => {
  it("sends the retry hint, events as JSON, `end` with the reason, and cleans up once", async () => {
    const stopped = vi.fn();
    const closed = vi.fn();
    const stream = eventStream({
      signal: new AbortController().signal,
      onClose: closed,
      open: (sink) => {
        queueMicrotask(() => {
          sink.send("progress", { done: 1, of: 2 });
          sink.close("session");
          sink.send("progress", { late: true });
          sink.close("again");
        });
        return stopped;
      },
    });
    expect(await readAll(stream)).toBe('retry: 5000\n\nevent: progress\ndata: {"done":1,"of":2}\n\nevent: end\ndata: {"reason":"session"}\n\n');
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it("a feed that closes while it starts is still stopped", async () => {
    const stopped = vi.fn();
    const stream = eventStream({
      signal: new AbortController().signal,
      open: (sink) => {
        sink.send("done", { status: "succeeded" });
        sink.close();
        return stopped;
      },
    });
    expect(await readAll(stream)).toBe('retry: 5000\n\nevent: done\ndata: {"status":"succeeded"}\n\n');
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it("stops the feed and the heartbeat when the browser goes away", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const controller = new AbortController();
    const stopped = vi.fn();
    const stream = eventStream({ signal: controller.signal, heartbeatMs: 1_000, open: () => stopped });
    const all = readAll(stream);
    await vi.advanceTimersByTimeAsync(2_500);
    controller.abort();
    expect(await all).toBe("retry: 5000\n\n: keep-alive\n\n: keep-alive\n\n");
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("answers with headers that keep proxies from caching or buffering", () => {
    const response = eventStreamResponse(new ReadableStream());
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
  });
});
