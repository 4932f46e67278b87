"use client";

/**
 * Form fields of the publish wizard, bound to its react-hook-form context: a label, the control,
 * an optional hint, and the field's error right beside it (`data-testid="error-<field>"`, announced,
 * and linked to the control with `aria-describedby`/`aria-invalid`).
 */
import type { ReactNode } from "react";
import { get, useFormContext, type FieldPath } from "react-hook-form";

import type { CreateFormValues } from "@/lib/create/schema.ts";

type Name = FieldPath<CreateFormValues>;

export const fieldId = (name: string) => `create-${name.replace(/\./g, "-")}`;

/** The error of `name` (from the last validation), or nothing. */
export function FieldError({ name }: { name: string }) {
  const {
    formState: { errors },
  } = useFormContext<CreateFormValues>();
  const message = (get(errors, name) as { message?: string } | undefined)?.message;
  if (!message) return null;
  return (
    <p id={`${fieldId(name)}-error`} role="alert" data-testid={`error-${name}`} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}

function useFieldState(name: string) {
  const {
    formState: { errors },
  } = useFormContext<CreateFormValues>();
  const invalid = Boolean(get(errors, name));
  const id = fieldId(name);
  return { id, invalid, describedBy: [invalid ? `${id}-error` : "", `${id}-hint`].filter(Boolean).join(" ") };
}

const controlClass =
  "mt-1 block w-full min-w-0 rounded-lg border bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-muted/60 focus:border-brand focus:outline-none aria-[invalid=true]:border-red-600";

type FieldProps = {
  name: Name;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  className?: string;
};

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
      {children}
    </p>
  );
}

export function TextField({ name, label, hint, placeholder, className, inputMode, suffix, normalize }: FieldProps & {
  inputMode?: "text" | "decimal" | "numeric" | "url";
  suffix?: string;
  /** Rewrites the value when the field loses focus, so what is shown is what is stored. */
  normalize?: (text: string) => string;
}) {
  const { register, setValue, getValues } = useFormContext<CreateFormValues>();
  const { id, invalid, describedBy } = useFieldState(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={inputMode === undefined || inputMode === "text"}
          placeholder={placeholder}
          aria-invalid={invalid}
          aria-describedby={describedBy || undefined}
          className={`${controlClass} ${invalid ? "border-red-600" : "border-line"}`}
          {...register(name, {
            onBlur: normalize
              ? () => {
                  const text = getValues(name) as string;
                  const normalized = normalize(text);
                  if (normalized !== text) setValue(name, normalized, { shouldDirty: true, shouldValidate: true });
                }
              : undefined,
          })}
        />
        {suffix ? <span className="mt-1 shrink-0 text-sm text-muted">{suffix}</span> : null}
      </div>
      <FieldError name={name} />
      <Hint id={id}>{hint}</Hint>
    </div>
  );
}

export function TextAreaField({ name, label, hint, placeholder, className, rows = 4 }: FieldProps & { rows?: number }) {
  const { register } = useFormContext<CreateFormValues>();
  const { id, invalid, describedBy } = useFieldState(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        placeholder={placeholder}
        aria-invalid={invalid}
        aria-describedby={describedBy || undefined}
        className={`${controlClass} ${invalid ? "border-red-600" : "border-line"}`}
        {...register(name)}
      />
      <FieldError name={name} />
      <Hint id={id}>{hint}</Hint>
    </div>
  );
}

export function SelectField({ name, label, hint, className, options }: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const { register } = useFormContext<CreateFormValues>();
  const { id, invalid, describedBy } = useFieldState(name);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={invalid}
        aria-describedby={describedBy || undefined}
        className={`${controlClass} ${invalid ? "border-red-600" : "border-line"}`}
        {...register(name)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError name={name} />
      <Hint id={id}>{hint}</Hint>
    </div>
  );
}
