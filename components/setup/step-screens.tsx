import { screensById } from "../console/registry";
import type { ConsoleValues } from "../console/values";

/** The console screens the guides show for a step, named by the step's module; the current step's are open, the others a click away. */
export function StepScreens({ ids, values, open }: { ids: readonly string[]; values: Partial<ConsoleValues>; open: boolean }) {
  const screens = screensById(ids);
  if (!screens.length) return null;
  return (
    <div className="space-y-2">
      {screens.map(({ id, title, Component }, index) => (
        <details key={id} open={open && index === 0} className="group rounded-lg ring-1 ring-slate-200">
          <summary className="cursor-pointer rounded-lg bg-slate-50 px-3 py-2 text-xs font-medium text-slate-700 group-open:rounded-b-none">
            {screens.length > 1 ? `Console screen ${index + 1} of ${screens.length}` : "Console screen"}: {title}
          </summary>
          <div className="p-2">
            <Component values={values} />
          </div>
        </details>
      ))}
    </div>
  );
}
