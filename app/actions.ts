"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ActionError } from "@/lib/actions/result";
import { isSandboxMode } from "@/lib/config/env";
import { ROLES } from "@/lib/auth/permissions";
import { SANDBOX_ROLE_COOKIE } from "@/lib/auth/session";

/** Sandbox mode only; impossible in live mode (refused here, and live mode has no sandbox session). */
export const switchSandboxRole = defineAction({
  name: "sandbox.switch-role",
  permission: "sandbox.switch-role",
  input: z.object({ role: z.enum(ROLES, { message: "choose admin, helpdesk or auditor" }) }),
  run: async ({ role }, { session }) => {
    if (!isSandboxMode()) throw new ActionError("Switching roles exists only in sandbox mode.");
    (await cookies()).set(SANDBOX_ROLE_COOKIE, role, { httpOnly: true, sameSite: "lax", path: "/" });
    return { data: { role }, audit: { target: "session", before: { role: session.role }, after: { role } } };
  },
});
