import type { Metadata } from "next";

import { CreateWizard } from "@/components/create/CreateWizard.tsx";

export const metadata: Metadata = {
  title: "Publish a project",
  description: "Publish a research project: repository, research statement, benchmark, baseline, artifacts and token.",
};

/**
 * The publish wizard's page: a server-rendered shell around the wizard (a client component that
 * loads no wallet code; its upload and signing parts are wallet islands).
 */
export default function CreatePage() {
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-8 sm:px-6 sm:py-12">
      <header>
        <p className="text-sm font-medium tracking-wide text-brand uppercase">Creators</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight sm:text-3xl">Publish a research project</h1>
        <p className="mt-2 text-muted">
          Describe the research, define the benchmark and its baseline, upload the artifacts and choose the token&apos;s terms. Your progress is
          saved in this browser as you go; nothing is signed until the last step.
        </p>
      </header>
      <CreateWizard />
    </div>
  );
}
