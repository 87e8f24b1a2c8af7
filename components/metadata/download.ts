/**
 * Offers text as a file download from the browser: a Blob behind an object URL and a temporary <a download>.
 * The string is encoded as UTF-8 without a byte order mark, which AWS IAM insists on for SAML metadata.
 */
export function downloadTextFile(fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoking in the same task can cancel the download in some browsers; a moment later it is safe.
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

const MAX_FILE_NAME_LENGTH = 120;

/**
 * A file name every OS accepts, built from parts that may hold user text (an app's display name):
 * safeFileName(["Identity-Bridge", "AWS IAM Identity Center", "federation-metadata"], "xml")
 *   → "Identity-Bridge-AWS-IAM-Identity-Center-federation-metadata.xml"
 */
export function safeFileName(parts: readonly string[], extension: string): string {
  const stem = parts
    .map((part) =>
      part
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^[-.]+|[-.]+$/g, ""),
    )
    .filter((part) => part !== "")
    .join("-")
    .replace(/-{2,}/g, "-")
    .slice(0, MAX_FILE_NAME_LENGTH)
    .replace(/[-.]+$/, "");
  const ext = extension.replace(/^\.+/, "").replace(/[^A-Za-z0-9]/g, "");
  return `${stem || "download"}${ext ? `.${ext}` : ""}`;
}

export const federationMetadataFileName = (appName: string) => safeFileName(["Identity-Bridge", appName, "federation-metadata"], "xml");

export const AWS_POLICY_FILE_NAME = safeFileName(["identity-bridge", "aws-policy"], "json");
