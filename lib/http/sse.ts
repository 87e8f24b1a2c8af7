import "server-only";

/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html), the one scaffold every live
 * route uses: a `retry` hint first, a comment as heartbeat (proxies close idle connections), events as
 * `event:`/`data:` pairs of JSON, and one clean-up however the stream ends — the browser leaving (the request's
 * signal), the reader cancelling, a failed write, or the route closing it.
 */
export interface EventSink {
  /** Sends one event whose data is `data` as JSON. Ignored once the stream has ended. */
  send(event: string, data: unknown): void;
  /** Ends the stream: sends `end` with the reason first when one is given (the page then stops reconnecting). */
  close(reason?: string): void;
}

export interface EventStreamOptions {
  /** The request's signal: the stream ends when the browser goes away. */
  signal: AbortSignal;
  /** Starts whatever feeds the stream; returns the function that stops it (called once, when the stream ends). */
  open(sink: EventSink): () => void;
  /** Runs once when the stream ends, however it ends. */
  onClose?(): void;
  heartbeatMs?: number;
  /** The reconnection delay the browser is told to use. */
  retryMs?: number;
}

const HEARTBEAT_MS = 20_000;
const RETRY_MS = 5_000;

export function eventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finish: (reason?: string) => void = () => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let finished = false;
      let stop: () => void = () => undefined;
      const write = (text: string) => {
        if (finished) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const sink: EventSink = {
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        close: (reason) => finish(reason),
      };
      finish = (reason) => {
        if (finished) return;
        if (reason) sink.send("end", { reason });
        finished = true;
        clearInterval(heartbeat);
        stop();
        options.onClose?.();
        try {
          controller.close();
        } catch {
          // already closed or cancelled
        }
      };
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      heartbeat.unref?.();
      write(`retry: ${options.retryMs ?? RETRY_MS}\n\n`);
      stop = options.open(sink);
      if (finished) {
        // The feed closed the stream while starting (a job already settled): stop it now that its stop exists.
        stop();
        return;
      }
      if (options.signal.aborted) finish();
      else options.signal.addEventListener("abort", () => finish(), { once: true });
    },
    cancel() {
      finish();
    },
  });
}

/** The response of an event stream: not cached or transformed by proxies, not buffered by nginx. */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
