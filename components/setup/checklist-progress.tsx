import { cn } from "../ui/cn";
import { STATUS_DOT, STATUS_LABEL, type StepStatus } from "./status";
import { BarFill } from "@/components/ui/bar-fill";

/** Progress across the top: one segment per step, coloured by its state, each a link to its card. */
export function ChecklistProgress({
  steps,
  done,
  total,
}: {
  steps: { id: string; number: number; title: string; status: StepStatus }[];
  done: number;
  total: number;
}) {
  const percent = Math.round((done / total) * 100);
  return (
    <section
      aria-label="Setup progress"
      className="sticky top-0 z-10 -mx-4 mb-6 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6"
    >
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-800">
          {done} of {total} steps done
        </span>
        <span className="text-slate-500">{percent}%</span>
      </div>
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label="Steps done"
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <BarFill percent={percent} fillClass="fill-emerald-500" />
      </div>
      <ol className="mt-3 flex flex-wrap gap-1.5">
        {steps.map((step) => (
          <li key={step.id}>
            <a
              href={`#step-${step.id}`}
              title={`${step.number}. ${step.title}: ${STATUS_LABEL[step.status]}`}
              className="flex items-center gap-1 rounded-full bg-white px-2 py-0.5 text-xs text-slate-700 ring-1 ring-slate-200 hover:ring-slate-400"
            >
              <span aria-hidden="true" className={cn("size-2 rounded-full", STATUS_DOT[step.status])} />
              {step.number}
              <span className="sr-only">
                {step.title}: {STATUS_LABEL[step.status]}
              </span>
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
