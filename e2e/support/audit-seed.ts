// Seeds audit events for e2e/audit.spec.ts through the real append path (run with tsx --conditions=react-server).
import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "../../lib/audit/append";
import { db } from "../../lib/db";
import { recordRequestId, withRequestScope } from "../../lib/request-context";

// "intents": a change whose process stopped between its cloud call and its outcome (an intent alone), and one that
// finished (an intent and its outcome, one correlation id).
if (process.argv[2] === "intents") {
  const change = { actor: "interrupted.admin@example.test", role: "admin", action: "provisioning.job.pause", target: "federation:default:provisioning" };
  const [stopped, finished] = [randomUUID(), randomUUID()];
  await appendAuditEvent(db(), { ...change, after: { will: "pause the provisioning job" }, result: "intent", correlationId: finished });
  await appendAuditEvent(db(), { ...change, before: { code: "Active" }, after: { code: "Paused" }, result: "success", correlationId: finished });
  await appendAuditEvent(db(), { ...change, after: { will: "pause the provisioning job" }, result: "intent", correlationId: stopped });
}
const count = process.argv[2] === "intents" ? 0 : Number(process.argv[2] ?? 30);
for (let n = 0; n < count; n++) {
  // The upstream request ids of the audited work come from its request scope, as in an action.
  await withRequestScope(async () => {
    recordRequestId(`req-${n}-a`);
    recordRequestId(`req-${n}-b`);
    await appendAuditEvent(db(), {
      actor: "seeded.admin@example.test",
      role: "admin",
      action: "settings.connections.entra.update",
      target: `connection:entra:${n}`,
      before: { app: { replyUrls: [`https://old-${n}.example.test/saml`], name: "AWS IAM Identity Center" }, clientSecret: "[redacted]" },
      after: {
        app: { replyUrls: [`https://new-${n}.example.test/saml`], name: "AWS IAM Identity Center" },
        clientSecret: "[redacted]",
        signOnUrl: "https://portal.example.test",
      },
      result: "success",
    });
  });
}
await db().$disconnect();
