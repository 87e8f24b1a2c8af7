// The part of better-sqlite3 (installed for Prisma's SQLite adapter, without its @types) that e2e reads the
// server's throwaway database with.
declare module "better-sqlite3" {
  interface Statement {
    get(...params: unknown[]): unknown;
  }
  class Database {
    constructor(file: string, options?: { readonly?: boolean; fileMustExist?: boolean });
    prepare(sql: string): Statement;
    close(): void;
  }
  export default Database;
}
