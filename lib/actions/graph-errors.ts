import "server-only";
import { toProblem } from "../problems/problem";
import { ActionError } from "./result";

/**
 * Runs an upstream call (Graph, AWS) for an action: gateway failures become the plain-language message of
 * lib/problems, anything else stays generic ("Something went wrong", logged). The request ids reach the
 * audit row through the request context.
 */
export async function graph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const problem = toProblem(error);
    if (problem) throw new ActionError(problem.message);
    throw error;
  }
}
