"use client";

import { AreaError } from "@/components/ui/area-error-client";

export default function AreaErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AreaError area="Access" error={error} reset={reset} />;
}
