"use client";

import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="p-10 font-sans">
        <h1 className="text-xl font-semibold">Identity Bridge could not load</h1>
        <p className="mt-2 text-slate-600">Nothing was changed. {error.digest ? `Reference: ${error.digest}` : null}</p>
        <button className="mt-4 rounded-md bg-sky-700 px-3 py-2 text-sm text-white" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
