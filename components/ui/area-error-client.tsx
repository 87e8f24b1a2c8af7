"use client";

import { Button } from "./button";
import { Notice } from "./notice";

/** Shown by each area's error.tsx: a plain message, the digest to quote, and a retry. */
export function AreaError({ area, error, reset }: { area: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-2xl py-10">
      <Notice tone="bad" title={`${area} could not be shown`}>
        <p>Something went wrong while loading this page. Nothing was changed.</p>
        {error.digest ? <p className="mt-1 font-mono text-xs">Reference: {error.digest}</p> : null}
      </Notice>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
