import "server-only";
import { revalidatePath } from "next/cache";
import { appendAuditEvent } from "../audit/append";
import { getPassiveSession, getSession } from "../auth/session";
import { db } from "../db";
import { FEDERATION_CHANGING_ACTIONS, federationOfInput, snapshotAfterChange } from "../history/after-change";
import { log } from "../log";
import { createActionBuilder } from "./define-action";

/** The one way to build a server action in this app (see lib/actions/define-action.ts). */
export const defineAction = createActionBuilder({
  getSession: (options) => (options?.passive ? getPassiveSession() : getSession()),
  audit: (event) => appendAuditEvent(db(), event),
  revalidate: (path) => revalidatePath(path),
  logError: (message, details) => log("error", message, details),
  // A change the portal made to Entra or AWS is followed by a configuration snapshot, in the background.
  afterSuccess: (action, session, input, federationId) => {
    if (FEDERATION_CHANGING_ACTIONS.has(action)) void snapshotAfterChange(db(), action, session.email, federationId ?? federationOfInput(input));
  },
});
