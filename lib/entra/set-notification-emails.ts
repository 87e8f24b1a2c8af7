import "server-only";
import type { GraphGateway } from "./client";
import { EntraGatewayError } from "./errors";
import { patchServicePrincipal, readServicePrincipal } from "./service-principal";

export type SetNotificationEmailsResult = { changed: boolean; previous: string[]; notificationEmailAddresses: string[] };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Who Entra warns before the SAML signing certificate expires (step 5). */
export async function setNotificationEmails(gateway: GraphGateway, servicePrincipalId: string, emails: string[]): Promise<SetNotificationEmailsResult> {
  const wanted = [...new Set(emails.map((e) => e.trim()).filter(Boolean))];
  const bad = wanted.filter((e) => !EMAIL.test(e));
  if (bad.length)
    throw new EntraGatewayError({ kind: "validation", operation: "UpdateServicePrincipal", message: `Not an e-mail address: ${bad.join(", ")}.` });
  const before = await readServicePrincipal(gateway, servicePrincipalId);
  const same =
    before.notificationEmailAddresses.length === wanted.length &&
    wanted.every((e) => before.notificationEmailAddresses.some((x) => x.toLowerCase() === e.toLowerCase()));
  if (same) return { changed: false, previous: before.notificationEmailAddresses, notificationEmailAddresses: before.notificationEmailAddresses };
  await patchServicePrincipal(gateway, servicePrincipalId, { notificationEmailAddresses: wanted });
  const after = await readServicePrincipal(gateway, servicePrincipalId);
  return { changed: true, previous: before.notificationEmailAddresses, notificationEmailAddresses: after.notificationEmailAddresses };
}
