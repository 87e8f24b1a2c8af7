import Link from "next/link";

export function AreaNotFound({ area, href }: { area: string; href: string }) {
  return (
    <div className="mx-auto max-w-2xl py-10 text-center">
      <p className="text-sm font-semibold text-sky-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found in {area}</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address. It may have been removed, or the link is mistyped.</p>
      <Link href={href} className="mt-6 inline-block rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-sky-800">
        Back to {area}
      </Link>
    </div>
  );
}
