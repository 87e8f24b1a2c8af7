import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SandboxClock } from "./clock";
import { FaultKnobs, type FaultRule } from "./faults";
import type { SandboxContext, SandboxModule, SandboxRequest, SandboxResponse, SeedOptions } from "./types";

/** Request bodies above this are refused before parsing: no emulated API takes more. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface SandboxServer {
  url: string;
  port: number;
  context: SandboxContext;
  reset(options?: SeedOptions): Promise<void>;
  close(): Promise<void>;
}

export interface StartSandboxOptions {
  port?: number;
  host?: string;
  modules: SandboxModule[];
  seed?: SeedOptions;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The sandbox cloud: one plain Node HTTP server, one clock, one set of fault knobs, and the emulator
 * modules mounted under their path prefixes. `/_sandbox/` is the sandbox's own admin API.
 */
export async function startSandbox(options: StartSandboxOptions): Promise<SandboxServer> {
  const host = options.host ?? "127.0.0.1";
  const clock = new SandboxClock();
  const faults = new FaultKnobs();
  // Upstream calls served, by prefix: benchmarks report how many calls each portal step makes.
  const requestCounts = new Map<string, number>();
  const byName = new Map(options.modules.map((m) => [m.name, m]));
  const mounts = options.modules.flatMap((mod) => mod.prefixes.map((prefix) => ({ prefix, module: mod }))).sort((a, b) => b.prefix.length - a.prefix.length);
  const context: SandboxContext = {
    baseUrl: "",
    clock,
    faults,
    module: <T extends SandboxModule>(name: string) => byName.get(name) as T | undefined,
  };

  async function reset(seed?: SeedOptions) {
    clock.reset();
    faults.clear();
    for (const mod of options.modules) await mod.reset(context, seed);
  }

  async function admin(req: SandboxRequest): Promise<SandboxResponse> {
    const route = `${req.method} ${req.path}`;
    const body = req.body.length ? (JSON.parse(req.body.toString("utf8")) as Record<string, unknown>) : {};
    switch (route) {
      case "GET /health":
        return json(200, { status: "ok", modules: options.modules.map((m) => m.name) });
      case "GET /state":
        return json(200, {
          now: clock.date().toISOString(),
          clockOffsetMs: clock.offset,
          faults: faults.list(),
          modules: Object.fromEntries(options.modules.map((m) => [m.name, m.summary()])),
        });
      case "POST /reset":
        await reset(body as SeedOptions);
        return json(200, { status: "reset" });
      case "POST /seed": {
        const added: Record<string, unknown> = {};
        try {
          for (const mod of options.modules) if (mod.seed) added[mod.name] = mod.seed(context, body as SeedOptions);
        } catch (error) {
          // A module refuses bad options with an error carrying an HTTP status and a short code.
          const e = error as { status?: unknown; code?: unknown; message?: unknown };
          if (typeof e.status === "number" && e.status >= 400 && e.status < 500) return json(e.status, { error: e.code, message: e.message });
          throw error;
        }
        return json(200, { seeded: added });
      }
      case "POST /clock/advance":
        clock.advance(Number(body.ms));
        return json(200, { now: clock.date().toISOString() });
      case "GET /requests":
        return json(200, { requests: Object.fromEntries(requestCounts) });
      case "DELETE /requests":
        requestCounts.clear();
        return json(200, { requests: {} });
      case "GET /faults":
        return json(200, { faults: faults.list() });
      case "POST /faults":
        return json(201, { id: faults.add(body as FaultRule) });
      case "DELETE /faults":
        faults.clear();
        return json(200, { faults: [] });
      default:
        return json(404, { error: `no sandbox admin route ${route}` });
    }
  }

  async function dispatch(raw: IncomingMessage, res: ServerResponse) {
    const url = new URL(raw.url ?? "/", context.baseUrl);
    const body = await readBody(raw);
    const requestId = randomUUID();
    const mount = mounts.find(({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
    const request = (prefix: string): SandboxRequest => ({
      method: raw.method ?? "GET",
      url,
      path: url.pathname.slice(prefix.length) || "/",
      rawUrl: raw.url,
      prefix,
      headers: raw.headers,
      body,
      requestId,
    });

    let response: SandboxResponse | undefined;
    if (mount?.prefix.startsWith("/_sandbox/")) {
      // A module's own admin routes (console-only steps, engine controls): never subject to faults.
      response = await mount.module.handle(request(mount.prefix), context);
    } else if (url.pathname.startsWith("/_sandbox/")) {
      response = await admin(request("/_sandbox"));
    } else if (mount) {
      const req = request(mount.prefix);
      requestCounts.set(mount.prefix, (requestCounts.get(mount.prefix) ?? 0) + 1);
      const target = String(raw.headers["x-amz-target"] ?? "");
      const fault = faults.decide(url.pathname, target);
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.kind === "timeout") {
        raw.socket.destroy();
        return;
      }
      if (fault.kind === "throttle" || fault.kind === "error") {
        const shape = {
          status: fault.kind === "throttle" ? 429 : fault.status,
          retryAfterSeconds: fault.kind === "throttle" ? fault.retryAfterSeconds : undefined,
        };
        response = mount.module.faultResponse?.(req, shape) ?? json(shape.status, { error: "injected fault" });
        if (shape.retryAfterSeconds !== undefined) response.headers = { ...response.headers, "retry-after": String(shape.retryAfterSeconds) };
      } else {
        response = await mount.module.handle(req, context);
      }
    }
    // Browsers ask every origin for an icon; the sandbox's sign-in pages have none.
    if (!response && url.pathname === "/favicon.ico") response = { status: 204 };
    response ??= json(404, { error: `nothing is emulated at ${url.pathname}` });
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? "");
  }

  const server: Server = createServer((raw, res) => {
    dispatch(raw, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      const message = error instanceof SyntaxError ? "malformed JSON body" : error instanceof Error ? error.message : "sandbox error";
      res.writeHead(error instanceof SyntaxError ? 400 : 500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: message }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  context.baseUrl = `http://${host}:${port}`;
  await reset(options.seed);

  return {
    url: context.baseUrl,
    port,
    context,
    reset,
    close: async () => {
      for (const mod of options.modules) mod.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
