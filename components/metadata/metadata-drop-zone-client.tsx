"use client";

import { useId, useRef, useState, type DragEvent, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import { inputClass } from "@/components/forms/field";
import { parseMetadata, type MetadataSide } from "@/lib/saml";
import { checkFileSize, DEFAULT_MAX_BYTES, formatSize, isMetadataFor, summarizeForDropZone, type DropZoneSummary, type MetadataFor } from "./metadata-summary";

export interface MetadataDropZoneProps<S extends MetadataSide> {
  /** "sp": the AWS IAM Identity Center metadata; "idp": Entra's Federation Metadata XML. */
  expected: S;
  /** Names the document, e.g. "AWS SSO SAML metadata"; labels the file input and the paste box. */
  label: string;
  /** Called once the admin confirms the parsed file with "Use this file". */
  onAccepted?: (xml: string, metadata: MetadataFor<S>) => void;
  /** Called when the admin removes the accepted file. */
  onCleared?: () => void;
  maxBytes?: number;
  /** True only in sandbox mode: then the sandbox cloud's local endpoints are accepted, as the server accepts them. */
  sandbox?: boolean;
  /** Inside a server-action form: the accepted XML is submitted under this name (the server parses it again). */
  name?: string;
  /**
   * Use a dropped, picked or pasted document as soon as it passes the check, without "Use this file" (and a paste
   * is checked as it lands, without "Check pasted XML"). A refused one still changes nothing.
   */
  acceptAtOnce?: boolean;
}

interface Parsed<S extends MetadataSide> {
  source: string;
  xml: string;
  metadata: MetadataFor<S>;
  summary: DropZoneSummary;
}

type Pending<S extends MetadataSide> =
  { kind: "idle" } | { kind: "checking"; source: string } | { kind: "parsed"; parsed: Parsed<S> } | { kind: "failed"; source: string; message: string };

const ACCEPT = ".xml,application/xml,text/xml";

/**
 * Drop, pick or paste SAML metadata; it is parsed in the browser and summarised before anything is used.
 * A refused document changes nothing: the file accepted before (if any) stays accepted until another one is
 * confirmed or it is removed.
 */
export function MetadataDropZone<S extends MetadataSide>({
  expected,
  label,
  onAccepted,
  onCleared,
  maxBytes = DEFAULT_MAX_BYTES,
  sandbox = false,
  name,
  acceptAtOnce = false,
}: MetadataDropZoneProps<S>) {
  const [pending, setPending] = useState<Pending<S>>({ kind: "idle" });
  const [accepted, setAccepted] = useState<Parsed<S> | null>(null);
  const [isDragging, setIsDragging] = useState(false);
  const [pasted, setPasted] = useState("");
  const fileInputRef = useRef<HTMLInputElement>(null);
  // Only the latest drop, pick or paste may report back; an earlier one still parsing is ignored.
  const attemptRef = useRef(0);
  const id = useId();
  const describedBy = `${id}-hint`;

  async function check(source: string, read: () => Promise<string>) {
    const attempt = ++attemptRef.current;
    setPending({ kind: "checking", source });
    let xml: string;
    try {
      xml = await read();
    } catch {
      if (attempt === attemptRef.current)
        setPending({ kind: "failed", source, message: "The file could not be read. Choose it again, or paste its contents below." });
      return;
    }
    const result = await parseMetadata(xml, expected, { maxBytes, sandbox });
    if (attempt !== attemptRef.current) return;
    if (!result.ok) {
      setPending({ kind: "failed", source, message: result.error.message });
      return;
    }
    if (!isMetadataFor(result.metadata, expected)) {
      setPending({ kind: "failed", source, message: "This metadata describes the other side of the federation." });
      return;
    }
    const parsed = { source, xml, metadata: result.metadata, summary: summarizeForDropZone(result.metadata, result.warnings) };
    if (acceptAtOnce) accept(parsed);
    else setPending({ kind: "parsed", parsed });
  }

  function checkFile(file: File) {
    const size = checkFileSize(file, maxBytes);
    if (!size.ok) {
      attemptRef.current++;
      setPending({ kind: "failed", source: file.name, message: size.message });
      return;
    }
    void check(file.name, () => file.text());
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsDragging(false);
    const files = event.dataTransfer.files;
    const file = files[0];
    if (files.length > 1) {
      attemptRef.current++;
      setPending({ kind: "failed", source: `${files.length} files`, message: "Drop one metadata file at a time." });
    } else if (file) checkFile(file);
    else {
      attemptRef.current++;
      setPending({ kind: "failed", source: "the drop", message: "Nothing to read: drop the downloaded file itself, or paste the XML below." });
    }
  }

  function accept(parsed: Parsed<S>) {
    setAccepted(parsed);
    setPending({ kind: "idle" });
    onAccepted?.(parsed.xml, parsed.metadata);
  }

  function clear() {
    attemptRef.current++;
    setAccepted(null);
    setPending({ kind: "idle" });
    onCleared?.();
  }

  const isChecking = pending.kind === "checking";
  const kindOfFile = expected === "sp" ? "the metadata file from the AWS IAM Identity Center console" : "Entra's Federation Metadata XML";

  return (
    <div className="space-y-4">
      {name && accepted ? <input type="hidden" name={name} value={accepted.xml} /> : null}

      <div
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
          setIsDragging(true);
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setIsDragging(false);
        }}
        onDrop={onDrop}
        data-testid={`${expected}-metadata-drop-zone`}
        className={cn(
          "flex flex-col items-center gap-3 rounded-xl border-2 border-dashed px-6 py-8 text-center transition-colors",
          isDragging ? "border-sky-500 bg-sky-50" : "border-slate-300 bg-slate-50",
        )}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.5} className="size-8 text-slate-400">
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M19.5 14.25v-2.63a3.38 3.38 0 0 0-3.38-3.37h-1.5A1.13 1.13 0 0 1 13.5 7.13v-1.5a3.38 3.38 0 0 0-3.38-3.38H8.25m3.75 9v6m3-3H9m1.5-12H5.63c-.62 0-1.13.5-1.13 1.13v17.25c0 .62.5 1.12 1.13 1.12h12.75c.62 0 1.12-.5 1.12-1.12V11.25a9 9 0 0 0-9-9Z"
          />
        </svg>
        <p className="text-sm text-slate-700">
          <span className="font-medium">Drop {kindOfFile} here</span>, or
        </p>
        <Button type="button" variant="secondary" onClick={() => fileInputRef.current?.click()} disabled={isChecking} aria-describedby={describedBy}>
          Choose file…
        </Button>
        <input
          ref={fileInputRef}
          id={`${id}-file`}
          type="file"
          accept={ACCEPT}
          aria-label={`${label} file`}
          tabIndex={-1}
          className="sr-only"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared so that choosing the same file again (after fixing it) fires another change.
            event.currentTarget.value = "";
            if (file) checkFile(file);
          }}
        />
        <p id={describedBy} className="text-xs text-slate-500">
          {label}: one XML file, at most {formatSize(maxBytes)}. It is checked here in your browser first.
        </p>
      </div>

      <details className="group rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">Or paste the XML</summary>
        <div className="mt-3 space-y-2">
          <label htmlFor={`${id}-paste`} className="block text-sm text-slate-700">
            {label} (XML)
          </label>
          <textarea
            id={`${id}-paste`}
            value={pasted}
            onChange={(event) => setPasted(event.currentTarget.value)}
            onPaste={(event) => {
              const text = event.clipboardData.getData("text");
              if (acceptAtOnce && text.trim()) void check("pasted XML", () => Promise.resolve(text));
            }}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            placeholder='<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="…">'
            className={cn(inputClass, "font-mono text-xs")}
          />
          <Button
            type="button"
            variant="secondary"
            disabled={isChecking || pasted.trim() === ""}
            onClick={() => void check("pasted XML", () => Promise.resolve(pasted))}
          >
            Check pasted XML
          </Button>
        </div>
      </details>

      <div className="space-y-4">
        {pending.kind === "checking" ? <Checking source={pending.source} /> : null}
        {pending.kind === "failed" ? (
          <Notice tone="bad" title={`${pending.source} was not used`}>
            <p>{pending.message}</p>
            {accepted ? (
              <p className="mt-1 text-red-800/80">Still using {accepted.source}, accepted before.</p>
            ) : (
              <p className="mt-1 text-red-800/80">Nothing was changed.</p>
            )}
          </Notice>
        ) : null}
        {pending.kind === "parsed" ? (
          <SummaryCard
            parsed={pending.parsed}
            state="pending"
            footer={
              <div className="flex flex-wrap items-center gap-3">
                <Button type="button" onClick={() => accept(pending.parsed)}>
                  Use this file
                </Button>
                <Button type="button" variant="ghost" onClick={() => setPending({ kind: "idle" })}>
                  Discard
                </Button>
                {accepted ? <span className="text-xs text-slate-600">Until you confirm, {accepted.source} stays in use.</span> : null}
              </div>
            }
          />
        ) : null}
        {accepted && pending.kind !== "parsed" ? (
          <SummaryCard
            parsed={accepted}
            state="accepted"
            footer={
              <Button type="button" variant="ghost" onClick={clear}>
                Remove
              </Button>
            }
          />
        ) : null}
      </div>
    </div>
  );
}

function Checking({ source }: { source: string }) {
  return (
    <div role="status" className="flex items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 animate-spin text-sky-700">
        <circle cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="3" fill="none" className="opacity-25" />
        <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
      Checking {source}…
    </div>
  );
}

const EXPIRY_TONE_CLASS = { good: "text-emerald-800", warn: "font-medium text-amber-800", bad: "font-medium text-red-800" } as const;

function SummaryCard<S extends MetadataSide>({ parsed, state, footer }: { parsed: Parsed<S>; state: "pending" | "accepted"; footer: ReactNode }) {
  const { summary } = parsed;
  return (
    <section
      aria-label={state === "accepted" ? `Accepted: ${summary.heading}` : `Checked: ${summary.heading}`}
      className={cn("rounded-xl border bg-white shadow-sm", state === "accepted" ? "border-emerald-300" : "border-slate-200")}
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-3">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-slate-900">{summary.heading}</h3>
          <p className="truncate text-xs text-slate-500">From {parsed.source}</p>
        </div>
        {state === "accepted" ? <Badge tone="good">In use</Badge> : <Badge tone="info">Checked, not used yet</Badge>}
      </header>
      <div className="space-y-4 px-5 py-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(10rem,auto)_1fr]">
          {summary.facts.map((fact) => (
            <div key={fact.label} className="contents">
              <dt className="text-slate-600">{fact.label}</dt>
              <dd className={cn("min-w-0 text-slate-900", fact.isCode && "font-mono text-xs break-all sm:pt-0.5")}>{fact.value}</dd>
            </div>
          ))}
          <div className="contents">
            <dt className="text-slate-600">Signature</dt>
            <dd className="text-slate-900">{summary.signature}</dd>
          </div>
        </dl>

        {summary.certificates.length > 0 ? (
          <div>
            <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Certificates</h4>
            <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
              {summary.certificates.map((certificate) => (
                <li key={`${certificate.use}-${certificate.sha1Thumbprint}`} className="space-y-1 px-4 py-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone="neutral">{certificate.use === "signing" ? "Signing" : "Encryption"}</Badge>
                    <span className="min-w-0 break-all text-slate-900">{certificate.subject}</span>
                  </div>
                  <p className="text-xs text-slate-600">
                    Thumbprint (SHA-1) <span className="font-mono break-all text-slate-800">{certificate.sha1Thumbprint}</span>
                  </p>
                  <p className={cn("text-xs", EXPIRY_TONE_CLASS[certificate.tone])}>
                    Expires {certificate.expiresOn} ({certificate.expiryText})
                  </p>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        {summary.warnings.length > 0 ? (
          <Notice tone="warn" title={summary.warnings.length === 1 ? "Warning" : `${summary.warnings.length} warnings`}>
            <ul className="list-disc space-y-1 pl-4">
              {summary.warnings.map((warning, i) => (
                <li key={i}>{warning}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
      </div>
      <footer className="rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3">{footer}</footer>
    </section>
  );
}
