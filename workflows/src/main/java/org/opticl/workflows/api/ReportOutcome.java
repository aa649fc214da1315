package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/** The report's manifest artifact and where a person opens it ({@code index.html}). */
public record ReportOutcome(ArtifactRef report, String location, boolean cached) {}
