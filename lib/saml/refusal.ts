import type { MetadataError, MetadataErrorCode } from "./types";

/** Thrown inside the parser only; parseMetadata turns it into { ok: false } so callers never see it. */
export class MetadataRefusal extends Error {
  constructor(
    readonly code: MetadataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MetadataRefusal";
  }

  toError(): MetadataError {
    return { code: this.code, message: this.message };
  }
}
