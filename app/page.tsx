import { redirect } from "next/navigation";
import { AREAS } from "@/components/shell/areas";
import { can } from "@/lib/auth/permissions";
import { getSession } from "@/lib/auth/session";

/** The portal opens on the first area the caller's role may see. */
export default async function Home() {
  const session = await getSession();
  const first = AREAS.find((area) => can(session?.role, area.permission));
  redirect(first?.href ?? "/setup");
}
