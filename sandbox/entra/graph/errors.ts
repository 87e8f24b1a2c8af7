import type { SandboxRequest, SandboxResponse } from "../../core/types";
import { json } from "../http";

/** Thrown by Graph handlers; the router turns it into Graph's error body. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorResponse(req: SandboxRequest, now: Date, status: number, code: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
  const clientRequestId = req.headers["client-request-id"];
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: now.toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": req.requestId,
          "client-request-id": typeof clientRequestId === "string" ? clientRequestId : req.requestId,
        },
      },
    },
    { "request-id": req.requestId, "client-request-id": typeof clientRequestId === "string" ? clientRequestId : req.requestId, ...headers },
  );
}

export const notFound = (id: string) =>
  new GraphFailure(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (message: string, code = "Request_BadRequest") => new GraphFailure(400, code, message);

export const denied = () => new GraphFailure(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
