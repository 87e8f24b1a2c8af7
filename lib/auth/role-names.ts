import "server-only";
import { env } from "../config/env";
import type { RoleNames } from "./roles";

export const signInRoleNames = (): RoleNames => ({ admin: env().IB_ROLE_ADMIN, helpdesk: env().IB_ROLE_HELPDESK, auditor: env().IB_ROLE_AUDITOR });
