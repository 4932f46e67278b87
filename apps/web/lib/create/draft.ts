/**
 * The publish wizard's draft in the browser's localStorage, so a reload (or a closed tab) loses
 * nothing that can be kept.
 *
 * One draft per browser, not per account: the wizard fills in before any wallet is connected, and
 * whichever account signs at the end becomes the creator (uploaded artifacts are content-addressed,
 * so they serve any account). The draft holds every typed value, the step on screen and, for each
 * artifact, its name, size and root. File contents are not kept (localStorage holds strings of a few
 * MiB at most): an uploaded artifact survives a reload by its root, while a file chosen but not yet
 * uploaded must be chosen again — `loadDraft` reports those by name. Publishing clears the draft.
 */
import { isRoot } from "@orm/protocol/storage/root";
import { DEFAULT_VALUES, STEPS, type ArtifactKey, type ArtifactRecord, type CreateFormValues, type FileArtifactKey } from "./schema.ts";

export const DRAFT_STORAGE_KEY = "orm.create.draft.v1";

export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

type StoredDraft = { version: 1; step: number; values: CreateFormValues; savedAt: number };

export type LoadedDraft = {
  step: number;
  values: CreateFormValues;
  /** Files that were chosen but not uploaded before the reload, by artifact: choose them again. */
  forgotten: Partial<Record<FileArtifactKey, string>>;
  savedAt: number;
};

/** Saves the values and step; quietly does nothing when storage is full or unavailable (private mode). */
export function saveDraft(storage: DraftStorage, step: number, values: CreateFormValues, now = Date.now()): void {
  const draft: StoredDraft = { version: 1, step, values, savedAt: now };
  try {
    storage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // a draft is a convenience; the form keeps working without it
  }
}

export function clearDraft(storage: DraftStorage): void {
  try {
    storage.removeItem(DRAFT_STORAGE_KEY);
  } catch {
    // nothing to clear
  }
}

function readRecord(value: unknown): ArtifactRecord | null {
  if (!value || typeof value !== "object") return null;
  const { name, size, root, uploaded } = value as Record<string, unknown>;
  if (typeof name !== "string" || typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0 || !isRoot(root)) return null;
  return { name, size, root: root.toLowerCase() as ArtifactRecord["root"], uploaded: uploaded === true };
}

/**
 * The saved draft over the defaults (unknown keys dropped, wrong types replaced by defaults), or
 * `undefined` when there is none or it cannot be read.
 */
export function loadDraft(storage: DraftStorage): LoadedDraft | undefined {
  let parsed: unknown;
  try {
    const raw = storage.getItem(DRAFT_STORAGE_KEY);
    if (!raw) return undefined;
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || (parsed as StoredDraft).version !== 1) return undefined;
  const stored = parsed as Partial<StoredDraft>;
  const saved = (stored.values ?? {}) as Partial<Record<keyof CreateFormValues, unknown>>;

  const values = { ...DEFAULT_VALUES, artifacts: { ...DEFAULT_VALUES.artifacts } } as CreateFormValues;
  for (const key of Object.keys(DEFAULT_VALUES) as (keyof CreateFormValues)[]) {
    if (key === "artifacts") continue;
    const value = saved[key];
    if (typeof value === "string") (values as Record<string, unknown>)[key] = value;
  }
  if (values.direction !== "higher" && values.direction !== "lower") values.direction = DEFAULT_VALUES.direction;
  // Drafts saved before the reward schedule chose a rule; only the impact rule's share and target
  // mean what they mean now, so another rule's numbers give way to the defaults.
  const legacyRule = (saved as Record<string, unknown>).rewardRule;
  if (legacyRule !== undefined && legacyRule !== "impact") {
    values.rewardPercent = DEFAULT_VALUES.rewardPercent;
    values.impactTarget = DEFAULT_VALUES.impactTarget;
  }

  const forgotten: LoadedDraft["forgotten"] = {};
  const savedArtifacts = (saved.artifacts ?? {}) as Partial<Record<ArtifactKey, unknown>>;
  for (const key of Object.keys(values.artifacts) as ArtifactKey[]) {
    const record = readRecord(savedArtifacts[key]);
    if (record?.uploaded) values.artifacts[key] = record;
    else if (record && key !== "protocol") forgotten[key] = record.name;
  }

  const step = typeof stored.step === "number" && Number.isInteger(stored.step) ? Math.min(Math.max(stored.step, 0), STEPS.length - 1) : 0;
  return { step, values, forgotten, savedAt: typeof stored.savedAt === "number" ? stored.savedAt : 0 };
}
