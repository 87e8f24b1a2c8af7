// The isomorphic surface, safe for client components. Server code imports parse-metadata-on-server.ts directly.
export { parseMetadata } from "./parse-metadata";
export {
  summarizeMetadata,
  metadataHeading,
  primaryAssertionConsumerService,
  primarySingleSignOnService,
  type MetadataFact,
  type MetadataSummary,
} from "./summarize-metadata";
export { DEFAULT_MAX_BYTES } from "./screen-raw-text";
export { EXPIRY_WARNING_DAYS } from "./read-certificate";
export type * from "./types";
