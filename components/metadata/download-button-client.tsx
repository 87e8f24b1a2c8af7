"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { downloadTextFile } from "./download";

/** Saves text the page already holds (federation metadata, the IAM policy) as a file; nothing goes to the server. */
export function DownloadButton({
  fileName,
  text,
  mimeType,
  children,
  variant = "secondary",
}: {
  fileName: string;
  text: string;
  mimeType: string;
  children: ReactNode;
  variant?: "primary" | "secondary";
}) {
  return (
    <Button type="button" variant={variant} onClick={() => downloadTextFile(fileName, text, mimeType)}>
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
        <path d="M10 3a.75.75 0 0 1 .75.75v7.69l2.47-2.47a.75.75 0 1 1 1.06 1.06l-3.75 3.75a.75.75 0 0 1-1.06 0L5.72 10.03a.75.75 0 0 1 1.06-1.06l2.47 2.47V3.75A.75.75 0 0 1 10 3Zm-6 12.25a.75.75 0 0 1 .75-.75h10.5a.75.75 0 0 1 0 1.5H4.75a.75.75 0 0 1-.75-.75Z" />
      </svg>
      {children}
    </Button>
  );
}
