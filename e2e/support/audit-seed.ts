// Seeds audit events for e2e/audit.spec.ts through the real append path (run with tsx --conditions=react-server).
import { appendAuditEvent } from "../../lib/audit/append";
import { db } from "../../lib/db";
import { recordRequestId, withRequestScope } from "../../lib/request-context";

const count = Number(process.argv[2] ?? 30);
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
