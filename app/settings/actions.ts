"use server";

import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { isSandboxMode } from "@/lib/config/env";
import { keyring } from "@/lib/crypto/keyring";
import { db } from "@/lib/db";
import { endSessionsOfUser } from "@/lib/auth/session-store";
import { z } from "zod";
import { awsConnectionInput, entraConnectionInput } from "@/lib/settings/connection-schemas";
import { saveAwsConnection, saveEntraConnection } from "@/lib/settings/connections";

function refuseSandboxInLiveMode(mode: "sandbox" | "custom") {
  if (mode === "sandbox" && !isSandboxMode()) throw new ActionError("The sandbox cannot be used in live mode.", { mode: ["choose your own tenant"] });
}

export const saveEntraConnectionAction = defineAction({
  name: "settings.connections.entra.update",
  permission: "settings.connections.update",
  input: entraConnectionInput,
  revalidate: ["/settings"],
  secretsOf: (input) => [input.clientSecret, input.privateKeyPem],
  run: async (input, { session }) => {
    refuseSandboxInLiveMode(input.mode);
    const change = await saveEntraConnection(db(), keyring(), input, session.email);
    return { data: change.after, message: "Entra connection saved.", audit: { target: "connection:entra", ...change } };
  },
});

export const saveAwsConnectionAction = defineAction({
  name: "settings.connections.aws.update",
  permission: "settings.connections.update",
  input: awsConnectionInput,
  revalidate: ["/settings"],
  run: async (input, { session }) => {
    refuseSandboxInLiveMode(input.mode);
    const change = await saveAwsConnection(db(), input, session.email);
    return { data: change.after, message: "AWS connection saved.", audit: { target: "connection:aws", ...change } };
  },
});

/** Ends every open portal session of one user (audited with how many were open); they must sign in again. */
export const endUserSessionsAction = defineAction({
  name: "sessions.end-all",
  permission: "sessions.end",
  input: z.object({ userId: z.string().trim().min(1, "Choose a user").max(64) }),
  // No revalidation: the row stays with its confirmation until the admin reloads (it would vanish with the message).
  auditTarget: (input) => input.userId,
  run: async (input, { session }) => {
    const ended = await endSessionsOfUser(db(), input.userId, "ended-by-admin", session.email);
    return {
      data: { ended },
      message: ended === 0 ? "That user had no open session." : `Ended ${ended} session${ended === 1 ? "" : "s"}; the user must sign in again.`,
      audit: { target: input.userId, after: { ended } },
    };
  },
});
