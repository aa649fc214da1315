package org.opticl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.report.ReportData.Cell;

/**
 * Writes a sample report from synthetic OPT-66B-shaped data (64 layers × 72 heads, 14 tasks,
 * 0/1/5-shot) with two inputs deliberately missing, for looking at by eye: {@code java -cp …
 * org.opticl.report.SampleReport /tmp/opticl-sample-report [paper]}.
 */
public final class SampleReport {
  private SampleReport() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/opticl-sample-report");
    ReportOptions options =
        args.length > 1 && args[1].equals("paper")
            ? new ReportOptions(ColourScaling.PAPER)
            : ReportOptions.defaults();
    ReportData full =
        SyntheticReports.full(
            "facebook/opt-66b", 64, 72, TaskRegistry.PAPER_TASKS, List.of(0, 1, 5), 66);
    ReportData data = withGaps(full);
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/head-importance.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M'});
    Files.writeString(dir.resolve("data/pruning results.json"), "{\"results\": {}}\n");
    long t0 = System.nanoTime();
    ReportResult r = HtmlReport.write(data, dir, options);
    System.out.printf(
        "%s: %d figures/tables, %d not drawn, %.1f s%n",
        r.index(), r.figures().size(), r.missing().size(), (System.nanoTime() - t0) / 1e9);
    r.missing().forEach(m -> System.out.println("  missing: " + m.missing().orElseThrow()));
  }

  /** PIQA 5-shot head pruning lacks 30% and 50%; copying variance was not computed. */
  static ReportData withGaps(ReportData d) {
    List<Cell> cells = new ArrayList<>();
    for (Cell c : d.cells()) {
      if (c.task().equals("piqa") && c.shots() == 5) {
        Map<Integer, Double> head = new TreeMap<>(c.headPruning());
        head.remove(30);
        head.remove(50);
        c =
            new Cell(
                c.task(),
                c.shots(),
                c.metric(),
                c.baseline(),
                c.headImportance(),
                c.ffnImportance(),
                head,
                c.ffnPruning(),
                c.combined());
      }
      cells.add(c);
    }
    ReportData.Induction i = d.induction().orElseThrow();
    return new ReportData(
        d.runId(),
        d.model(),
        d.spec(),
        d.timings(),
        d.cache(),
        d.expected(),
        cells,
        d.aggregateImportance(),
        d.crossTask(),
        d.spearman(),
        d.crossShot(),
        Optional.of(
            new ReportData.Induction(
                i.prefixMean(), i.prefixVariance(), i.copyingMean(), Optional.empty())),
        d.capacity(),
        d.artifacts());
  }
}
