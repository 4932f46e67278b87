"use client";

/**
 * Step 1: the repository and the research statement, in the protocol template's sections. Only
 * what the protocol requires must be filled (title, repository, problem); the other sections say
 * "Optional" and are left out of the document when empty.
 */
import { isOptionalSection, LIST_SECTIONS, normalizeRepositoryUrl, STATEMENT_SECTIONS } from "@orm/protocol/document";

import { TextAreaField, TextField } from "./fields.tsx";

const PROSE_HINTS: Record<(typeof STATEMENT_SECTIONS)[number][0], string> = {
  problem: "What is wrong or missing today, in a few sentences.",
  motivation: "Why it matters, and to whom.",
  existingApproaches: "What has been tried, and where it falls short.",
  proposedArchitecture: "The approach miners should build on.",
  experimentalDesign: "How an improvement is measured and compared.",
};

const optional = (name: Parameters<typeof isOptionalSection>[0], hint: string) => (isOptionalSection(name) ? `Optional. ${hint}` : hint);

export function ResearchStep() {
  return (
    <div className="space-y-5">
      <TextField
        name="repository"
        label="Repository URL"
        inputMode="url"
        placeholder="https://github.com/you/project"
        normalize={normalizeRepositoryUrl}
        hint="The code miners improve (github.com/you/project reads as https://github.com/you/project); its snapshot is uploaded in the artifacts step."
      />
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField name="title" label="Title" className="sm:col-span-2" placeholder="Faster log compression" />
        <TextField name="domain" label="Research domain" placeholder="Compression" hint="Shown on discovery." />
      </div>
      {STATEMENT_SECTIONS.map(([name, label]) => (
        <TextAreaField key={name} name={name} label={label} hint={optional(name, PROSE_HINTS[name])} />
      ))}
      {LIST_SECTIONS.map(([name, label]) => (
        <TextAreaField key={name} name={name} label={label} rows={3} hint={optional(name, "One item per line.")} />
      ))}
    </div>
  );
}
