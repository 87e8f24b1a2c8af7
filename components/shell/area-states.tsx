import { AreaNotFound } from "../ui/area-not-found";
import { PageHeader } from "../ui/page-header";
import { AreaSkeleton } from "../ui/skeleton";
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
