// Run by e2e/legacy.spec.ts as `tsx --conditions=react-server e2e/support/forget-federation.ts <federationId>` with the
// e2e server's DATABASE_URL: removes a federation and its steps, so the specs after it meet the database as they expect.
import { createDatabase } from "../../lib/db";

const federationId = process.argv[2] ?? "";
const database = createDatabase(process.env.DATABASE_URL ?? "");
try {
  await database.federation.deleteMany({ where: { id: federationId } });
} finally {
  await database.$disconnect();
}
