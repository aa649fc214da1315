package org.opticl.schema;

import java.time.Instant;
import java.util.List;

/**
 * The end product of a run: one HTML page and the figures it shows, tied to the spec it answers so
 * that a report can always be traced back to what was asked.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param title page title
 * @param specDigest {@code sha256:<hex>} of the {@link RunSpec}'s semantic content
 * @param html the page
 * @param plots the {@link Plot} artifacts, in page order
 * @param generatedAt when the page was rendered (provenance only; not part of any key)
 */
public record Report(
    int schemaVersion,
    String title,
    String specDigest,
    ArtifactRef html,
    List<ArtifactRef> plots,
    Instant generatedAt)
    implements SchemaArtifact {

  public static final int SCHEMA_VERSION = 1;

  public Report {
    Checks.schemaVersion(schemaVersion, Report.class);
    Checks.nonBlank(title, "Report.title");
    Checks.nonBlank(specDigest, "Report.specDigest");
    Checks.present(html, "Report.html");
    plots = List.copyOf(Checks.present(plots, "Report.plots"));
    Checks.present(generatedAt, "Report.generatedAt");
  }
}
