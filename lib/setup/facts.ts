/** The federation's facts live in lib/federation (a zod schema, parsed once where the row is read). */
export { federationFactsSchema, type FederationFacts } from "../federation/facts";
