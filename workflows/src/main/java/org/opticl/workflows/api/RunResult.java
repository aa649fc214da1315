package org.opticl.workflows.api;

import java.util.List;

/** What a finished run reports: where its report is, and how much was computed vs cached. */
public record RunResult(
    String report, ReportOutcome reportOutcome, List<String> cells, int computed, int cached) {}
