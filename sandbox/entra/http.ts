import { createHash } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../core/types";

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});

export const noContent = (headers: Record<string, string> = {}): SandboxResponse => ({ status: 204, headers, body: "" });

export const html = (status: number, body: string, headers: Record<string, string> = {}): SandboxResponse => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers },
  body,
});

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a JSON body; undefined means "not JSON" so the caller answers with its own service's error shape. */
export function readJson(req: SandboxRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

export function readForm(req: SandboxRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString("utf8"));
}

/** Stable GUID from a name, so seeded objects keep their ids across resets and processes. */
export function stableGuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export const isGuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
