import type { ReactNode } from "react";
import type { PageAccess } from "@/lib/auth/guard";
import { AreaNotFound } from "../ui/area-not-found";
import { PageHeader } from "../ui/page-header";
import { AreaSkeleton } from "../ui/skeleton";
import { AccessDenied } from "./access-denied";
import { area, type AreaHref } from "./areas";

/** loading.tsx of an area: its real header, so nothing jumps when the content arrives. */
export function AreaLoading({ href }: { href: AreaHref }) {
  const { label, description } = area(href);
  return (
    <>
      <PageHeader title={label} description={description} />
      <AreaSkeleton />
    </>
  );
}

export function AreaMissing({ href }: { href: AreaHref }) {
  return <AreaNotFound area={area(href).label} href={href} />;
}

/**
 * An area's page frame: its header, then the content, or why the caller cannot see it. Pages that
 * load data check `access` first and render this without children when it is not "allowed".
 */
export function AreaPage({
  href,
  access,
  title,
  description: ownDescription,
  actions,
  children,
}: {
  href: AreaHref;
  access: PageAccess;
  title?: string;
  /** The page's own description where the area's general one would mislead (a legacy app's status page). */
  description?: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const { label, description } = area(href);
  return (
    <>
      <PageHeader title={title ?? label} description={ownDescription ?? description} actions={access.state === "allowed" ? actions : undefined} />
      {access.state === "allowed" ? children : <AccessDenied access={access} area={label} returnTo={href} />}
    </>
  );
}
