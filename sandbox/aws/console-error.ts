/** A refusal from a sandbox console/admin route: HTTP status, a short code and a message, written as JSON. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
