import { cn } from "../ui/cn";

/** Impossible to miss: which cloud every button on this page talks to. */
export function EnvironmentBadge({ mode }: { mode: "sandbox" | "live" }) {
  const sandbox = mode === "sandbox";
  return (
    <span
      data-testid="environment-badge"
      title={
        sandbox
          ? "Every call goes to the built-in sandbox cloud. Nothing touches a real tenant or AWS account."
          : "Changes apply to your real Entra tenant and AWS organization."
      }
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-bold tracking-wider uppercase ring-2",
        sandbox ? "bg-amber-400 text-amber-950 ring-amber-200" : "bg-red-600 text-white ring-red-300",
      )}
    >
      <span aria-hidden="true" className={cn("size-2 rounded-full", sandbox ? "bg-amber-900" : "animate-pulse bg-white")} />
      {sandbox ? "Sandbox" : "Live"}
    </span>
  );
}
