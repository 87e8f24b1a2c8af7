"use client";

import { useState } from "react";
import { inputClass } from "../forms/field";
import { StepActions, type StepActionsProps } from "./step-actions-client";
import { FieldErrors, invalid } from "./step-inputs-client";

/** Legacy mode, SAML step: which instance of the app this is in the tenant (its identifier suffix) and the session length. */
export function LegacySamlStepInput({ instance, sessionDuration, ...props }: StepActionsProps & { instance: number; sessionDuration: number }) {
  const [instanceText, setInstanceText] = useState(String(instance));
  const [durationText, setDurationText] = useState(String(sessionDuration));
  const payload = JSON.stringify({ instance: instanceText.trim(), sessionDuration: durationText.trim() });
  const ids = { instance: `${props.step}-instance-error`, sessionDuration: `${props.step}-session-duration-error` };
  return (
    <StepActions {...props} payload={props.canRun ? payload : undefined}>
      {(errors) =>
        props.canRun ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium text-slate-800">Instance in this tenant</span>
              <input
                className={`${inputClass} mt-1`}
                inputMode="numeric"
                value={instanceText}
                onChange={(e) => setInstanceText(e.target.value)}
                {...invalid(errors, "instance", ids.instance)}
              />
              <span className="mt-1 block text-xs text-slate-600">1 for the first AWS Single-Account Access app; 2, 3 … add #2, #3 to the identifier.</span>
              <FieldErrors id={ids.instance} errors={errors.instance} />
            </label>
            <label className="block text-sm">
              <span className="font-medium text-slate-800">SessionDuration (seconds)</span>
              <input
                className={`${inputClass} mt-1`}
                inputMode="numeric"
                value={durationText}
                onChange={(e) => setDurationText(e.target.value)}
                {...invalid(errors, "sessionDuration", ids.sessionDuration)}
              />
              <span className="mt-1 block text-xs text-slate-600">900 (15 minutes) to 43,200 (12 hours).</span>
              <FieldErrors id={ids.sessionDuration} errors={errors.sessionDuration} />
            </label>
          </div>
        ) : null
      }
    </StepActions>
  );
}
