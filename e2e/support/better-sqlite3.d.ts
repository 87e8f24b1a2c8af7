// The part of better-sqlite3 (installed for Prisma's SQLite adapter, without its @types) that e2e reads the
// server's throwaway database with, and that the audit export reads its rows with (lib/audit/export-rows.ts).
declare module "better-sqlite3" {
  interface Statement {
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(file: string, options?: { readonly?: boolean; fileMustExist?: boolean });
    prepare(sql: string): Statement;
    pragma(source: string): unknown;
    close(): void;
  }
  export default Database;
}
