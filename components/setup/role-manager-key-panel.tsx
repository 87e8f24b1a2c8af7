import { deleteBlockingRoleManagerKeyAction, retireOldRoleManagerKeyAction, rotateRoleManagerKeyAction } from "@/app/setup/role-manager-key/actions";
import { getSession } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { keyring } from "@/lib/crypto/keyring";
import { db } from "@/lib/db";
import { roleManagerRotationStatus } from "@/lib/setup/rotate-role-manager-key";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";
import type { StepPageView } from "@/lib/setup/steps/types";
import { RoleManagerKeyRotation } from "./role-manager-key-rotation-client";

/** Legacy step 7's card: the guided rotation of the key it created, read from the database only (a page calls no cloud). */
export async function RoleManagerKeyRotationPanel({ view }: { view: StepPageView }) {
  const federationId = DEFAULT_FEDERATION;
  const rotation = await roleManagerRotationStatus({ database: db(), keyring: keyring(), federationId, facts: view.facts });
  if (!rotation.available) return null;
  const session = await getSession();
  const { available: _available, ...shown } = rotation;
  return (
    <RoleManagerKeyRotation
      federationId={federationId}
      rotation={shown}
      canRun={can(session?.role, "setup.run")}
      rotate={rotateRoleManagerKeyAction}
      retire={retireOldRoleManagerKeyAction}
      deleteOther={deleteBlockingRoleManagerKeyAction}
    />
  );
}
