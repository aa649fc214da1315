package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/** The report of a run: everything the summary gathered, plus the analysis artifact. */
public record ReportRequest(SummaryRequest summary, ArtifactRef analysis) {}
