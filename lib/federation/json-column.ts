import { z } from "zod";

/**
 * A database column that holds JSON. Every such column is read through one of these: the text is parsed and
 * checked against a zod schema once, where the row is read, so the rest of the code gets typed data. A row
 * that does not match fails here with an error naming the table and column, not deep inside a page.
 */
export interface JsonColumn<T> {
  /** "Table.column", as named in prisma/models/models.prisma. */
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** Parses the stored text; throws CorruptColumnError when it is not JSON or does not match. */
  decode(text: string): T;
  /** Like decode, for a nullable column. */
  decodeNullable(text: string | null | undefined): T | null;
  /** The text to store (checked against the schema first, so nothing malformed is written). */
  encode(value: T): string;
}

/** A stored JSON value that does not have the shape the code expects. */
export class CorruptColumnError extends Error {
  constructor(
    readonly column: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The stored ${column} could not be read: ${reason}.`, options);
    this.name = "CorruptColumnError";
  }
}

export function jsonColumn<T>(name: string, schema: z.ZodType<T>): JsonColumn<T> {
  const codec = z.codec(z.string(), schema as z.ZodType<T, unknown>, {
    decode: (text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        context.issues.push({ code: "invalid_format", format: "json", input: text, message: error instanceof Error ? error.message : "not JSON" });
        return z.NEVER;
      }
    },
    encode: (value) => JSON.stringify(value),
  });
  const decode = (text: string): T => {
    const result = codec.safeDecode(text);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new CorruptColumnError(name, `${issue?.message ?? "invalid"}${where}`, { cause: result.error });
    }
    return result.data;
  };
  return {
    name,
    schema,
    decode,
    decodeNullable: (text) => (text === null || text === undefined ? null : decode(text)),
    encode: (value) => {
      const result = codec.safeEncode(value);
      if (!result.success) throw new CorruptColumnError(name, `refused to write: ${result.error.issues[0]?.message ?? "invalid"}`, { cause: result.error });
      return result.data;
    },
  };
}
