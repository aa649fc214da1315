package org.opticl.schema;

import java.util.List;

/**
 * One rendered figure: the image files and the CSV of the numbers drawn, so every figure of the
 * report can be re-plotted or checked without re-running anything.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param figureId the paper's figure it reproduces, e.g. {@code fig5-1shot}
 * @param title caption
 * @param files rendered images (PNG, SVG)
 * @param csv the plotted numbers, one row per point
 */
public record Plot(
    int schemaVersion, String figureId, String title, List<ArtifactRef> files, ArtifactRef csv)
    implements SchemaArtifact {

  public static final int SCHEMA_VERSION = 1;

  public Plot {
    Checks.schemaVersion(schemaVersion, Plot.class);
    Checks.name(figureId, "Plot.figureId");
    Checks.present(title, "Plot.title");
    files = List.copyOf(Checks.present(files, "Plot.files"));
    if (files.isEmpty()) {
      throw new IllegalArgumentException("Plot " + figureId + " has no image files");
    }
    Checks.present(csv, "Plot.csv");
  }
}
