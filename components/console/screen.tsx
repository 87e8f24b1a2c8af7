import type { ReactNode } from "react";
import type { ConsoleValues, FilledValues } from "./values";
import { V } from "./shown";

/** What every console screen takes: the values known so far, and optionally the one control to ring. */
export interface ScreenProps {
  values: Partial<ConsoleValues>;
  highlight?: string;
}

/** The top-bar values every AWS console page shows: region selector and account menu. */
export function awsChrome(f: FilledValues) {
  return {
    region: <V s={f.region} />,
    regionName: <V s={f.regionName} />,
    accountId: <V s={f.accountId} />,
  };
}

/** A screen the guides show in more than one picture (a page, then the dialog or wizard page that follows). */
export function ScreenSequence({ children }: { children: ReactNode }) {
  return <div className="flex flex-col gap-4">{children}</div>;
}
