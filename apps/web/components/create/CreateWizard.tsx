"use client";

/**
 * The publish wizard (`/create`): one step per screen — research, benchmark, artifacts, token,
 * review — with a step indicator and Back/Next. Each step is validated (react-hook-form + zod,
 * `lib/create/schema.ts`) before the next one opens; the errors show beside their fields. The form
 * and the step are saved in this browser's localStorage as they change (`lib/create/draft.ts`: one
 * draft per browser; uploaded artifacts are kept by root, chosen files are not). The wizard works
 * without a wallet; uploading and signing ask for one (the wallet islands in `islands.tsx`).
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FormProvider, useForm, useFormContext, type Resolver } from "react-hook-form";

import { buildCreateParams, tryBuildProtocolBytes, type CreateParams } from "@/lib/create/build.ts";
import { clearDraft, loadDraft, saveDraft } from "@/lib/create/draft.ts";
import { DEFAULT_VALUES, firstStepWithIssue, STEP_SCHEMAS, STEPS, validateStep, type CreateFormValues } from "@/lib/create/schema.ts";
import { computeRootAndSize } from "@orm/protocol/storage/root";

import type { ProtocolPreview } from "./ArtifactField.tsx";
import { ArtifactsStep } from "./ArtifactsStep.tsx";
import { BenchmarkStep } from "./BenchmarkStep.tsx";
import { ResearchStep } from "./ResearchStep.tsx";
import { ReviewStep } from "./ReviewStep.tsx";
import { TokenStep } from "./TokenStep.tsx";
import { useArtifactUploads } from "./useArtifactUploads.ts";

const LAST_STEP = STEPS.length - 1;
const PROTOCOL_INCOMPLETE = "Complete the research and benchmark steps first: the protocol is generated from them.";

function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function focusFirstError(): void {
  requestAnimationFrame(() => {
    const invalid = document.querySelector<HTMLElement>('[data-create-wizard] [aria-invalid="true"], [data-create-wizard] [role="alert"]');
    invalid?.scrollIntoView({ block: "center" });
    if (invalid?.matches("input, textarea, select")) invalid.focus({ preventScroll: true });
  });
}

function StepIndicator({ step, onGoTo }: { step: number; onGoTo: (step: number) => void }) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="flex gap-1 overflow-x-auto sm:gap-2" data-testid="wizard-steps">
        {STEPS.map((item, index) => {
          const state = index < step ? "done" : index === step ? "current" : "todo";
          const badge = (
            <span
              className={`grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${
                state === "current" ? "bg-brand text-white" : state === "done" ? "bg-brand-soft text-brand-strong" : "bg-line text-muted"
              }`}
            >
              {index + 1}
            </span>
          );
          const title = <span className={`hidden text-sm sm:inline ${state === "current" ? "font-semibold text-ink" : "text-muted"}`}>{item.title}</span>;
          return (
            <li key={item.id} aria-current={state === "current" ? "step" : undefined} data-testid={`wizard-step-${item.id}`} className="flex items-center gap-1 sm:gap-2">
              {state === "done" ? (
                <button type="button" className="flex items-center gap-2 rounded-md p-1 hover:bg-canvas" onClick={() => onGoTo(index)} aria-label={`Back to ${item.title}`}>
                  {badge}
                  {title}
                </button>
              ) : (
                <span className="flex items-center gap-2 p-1">
                  {badge}
                  {title}
                </span>
              )}
              {index < LAST_STEP ? <span aria-hidden className="h-px w-3 bg-line sm:w-6" /> : null}
            </li>
          );
        })}
      </ol>
      <p className="mt-2 text-sm text-muted sm:hidden">
        Step {step + 1} of {STEPS.length}: <span className="font-semibold text-ink">{STEPS[step]!.title}</span>
      </p>
    </nav>
  );
}

function WizardBody({ stepRef }: { stepRef: React.RefObject<number> }) {
  const router = useRouter();
  const form = useFormContext<CreateFormValues>();
  const { getValues, setValue, reset, trigger, watch } = form;
  const hasErrors = Object.keys(form.formState.errors).length > 0;
  const uploads = useArtifactUploads();
  const { setForgotten } = uploads;
  const [step, setStepState] = useState(0);
  const [restoredAt, setRestoredAt] = useState<number>();
  /** True once the draft was restored in the browser (typing before that would be overwritten). */
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [protocolPreview, setProtocolPreview] = useState<ProtocolPreview>();
  const restored = useRef(false);
  const published = useRef(false);
  const protocolTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const save = useCallback(() => {
    const storage = browserStorage();
    if (storage && restored.current && !published.current) saveDraft(storage, stepRef.current, getValues());
  }, [getValues, stepRef]);

  const goTo = useCallback(
    (next: number) => {
      stepRef.current = next;
      setStepState(next);
      setNotice(undefined);
      save();
      window.scrollTo({ top: 0 });
    },
    [save, stepRef],
  );

  /**
   * Generates the protocol from the form and hashes it; an uploaded protocol whose root no longer
   * matches (the statement or benchmark changed since) is dropped, to be uploaded again.
   */
  const refreshProtocol = useCallback(async (): Promise<ProtocolPreview> => {
    const values = getValues();
    const bytes = tryBuildProtocolBytes(values);
    if (!bytes) {
      const preview = { error: PROTOCOL_INCOMPLETE };
      setProtocolPreview(preview);
      if (values.artifacts.protocol) setValue("artifacts.protocol", null);
      return preview;
    }
    const { root, size } = await computeRootAndSize(bytes);
    const latest = tryBuildProtocolBytes(getValues());
    // values changed while hashing: a newer refresh is on its way
    if (!latest || latest.length !== bytes.length || !latest.every((byte, index) => byte === bytes[index])) return undefined;
    const preview = { root, size };
    setProtocolPreview(preview);
    const record = getValues("artifacts.protocol");
    if (record && record.root !== root) setValue("artifacts.protocol", null, { shouldDirty: true });
    return preview;
  }, [getValues, setValue]);

  // Restore the draft once, in the browser (the server renders the defaults).
  useEffect(() => {
    const storage = browserStorage();
    const draft = storage ? loadDraft(storage) : undefined;
    if (draft) {
      reset(draft.values);
      stepRef.current = draft.step;
      setStepState(draft.step);
      setForgotten(draft.forgotten);
      setRestoredAt(draft.savedAt);
    }
    restored.current = true;
    setReady(true);
    void refreshProtocol();
  }, [refreshProtocol, reset, setForgotten, stepRef]);

  // The summary speaks for the messages beside the fields: once none is left (a fix, an upload), it goes too.
  useEffect(() => {
    if (!hasErrors) setNotice(undefined);
  }, [hasErrors]);

  // Save every change; regenerate the protocol's root shortly after the typing stops.
  useEffect(() => {
    const subscription = watch(() => {
      save();
      clearTimeout(protocolTimer.current);
      protocolTimer.current = setTimeout(() => void refreshProtocol(), 300);
    });
    return () => {
      subscription.unsubscribe();
      clearTimeout(protocolTimer.current);
    };
  }, [refreshProtocol, save, watch]);

  async function next() {
    if (STEPS[step]!.id === "artifacts") await refreshProtocol();
    const valid = await trigger();
    if (!valid) {
      setNotice("Some values need attention: see the messages beside the fields.");
      focusFirstError();
      return;
    }
    goTo(Math.min(step + 1, LAST_STEP));
  }

  /** Validates every step; on a problem, opens the first step that has one (its errors shown). */
  const prepare = useCallback(async (): Promise<CreateParams | undefined> => {
    await refreshProtocol();
    const issues = validateStep("review", getValues());
    if (issues.length > 0) {
      await trigger();
      const first = firstStepWithIssue(issues);
      const index = STEPS.findIndex((item) => item.id === first);
      if (index >= 0) goTo(index);
      setNotice("Some values need attention before signing: see the messages beside the fields.");
      focusFirstError();
      return undefined;
    }
    return buildCreateParams(getValues());
  }, [getValues, goTo, refreshProtocol, trigger]);

  const onPublished = useCallback(
    (projectId: bigint) => {
      published.current = true;
      const storage = browserStorage();
      if (storage) clearDraft(storage);
      router.push(`/projects/${projectId}`);
    },
    [router],
  );

  function startOver() {
    const storage = browserStorage();
    if (storage) clearDraft(storage);
    reset(DEFAULT_VALUES);
    setForgotten({});
    setRestoredAt(undefined);
    goTo(0);
  }

  const current = STEPS[step]!;
  return (
    <div className="space-y-6" data-create-wizard data-ready={ready}>
      <StepIndicator step={step} onGoTo={goTo} />
      {restoredAt !== undefined ? (
        <div data-testid="draft-restored" className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-brand-soft/40 px-4 py-2 text-sm">
          <span>Your draft was restored from this browser.</span>
          <button type="button" className="font-medium text-brand underline" data-testid="start-over" onClick={startOver}>
            Start over
          </button>
        </div>
      ) : null}
      <form noValidate onSubmit={(event) => event.preventDefault()} className="card space-y-6" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" className="text-xl font-semibold" data-testid="wizard-step-title">
          {step + 1}. {current.title}
        </h2>
        {current.id === "research" ? <ResearchStep /> : null}
        {current.id === "benchmark" ? <BenchmarkStep uploads={uploads} /> : null}
        {current.id === "artifacts" ? <ArtifactsStep uploads={uploads} protocolPreview={protocolPreview} /> : null}
        {current.id === "token" ? <TokenStep /> : null}
        {current.id === "review" ? <ReviewStep publish={{ prepare, onPublished }} /> : null}
        {notice && hasErrors ? (
          <p role="status" data-testid="wizard-notice" className="rounded-md bg-warn-soft px-3 py-2 text-sm text-warn">
            {notice}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-line pt-4">
          {step > 0 ? (
            <button type="button" className="btn btn-secondary" data-testid="wizard-back" onClick={() => goTo(step - 1)}>
              Back
            </button>
          ) : (
            <span />
          )}
          {step < LAST_STEP ? (
            <button type="button" className="btn btn-primary" data-testid="wizard-next" onClick={() => void next()}>
              Next
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}

export function CreateWizard() {
  // The step on screen decides which schema validates; a ref keeps the resolver stable.
  const stepRef = useRef(0);
  const resolver = useMemo<Resolver<CreateFormValues>>(
    () => (values, context, options) =>
      zodResolver(STEP_SCHEMAS[STEPS[stepRef.current]!.id] as never, undefined, { raw: true })(values, context, options as never) as never,
    [],
  );
  const form = useForm<CreateFormValues>({ defaultValues: DEFAULT_VALUES, resolver, mode: "onTouched" });
  return (
    <FormProvider {...form}>
      <WizardBody stepRef={stepRef} />
    </FormProvider>
  );
}
