import "server-only";
import { isEntraGatewayError } from "../entra/errors";
import { ActionError } from "./result";

/** Runs a Graph call for an action: gateway failures carry a message written for people, anything else stays generic. */
export async function graph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isEntraGatewayError(error)) throw new ActionError(error.message, undefined, error.requestId ? [error.requestId] : []);
    throw error;
  }
}
