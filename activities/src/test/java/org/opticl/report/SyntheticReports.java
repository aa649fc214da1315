package org.opticl.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.opticl.report.ReportData.CapacityCurve;
import org.opticl.report.ReportData.Cell;
import org.opticl.report.ReportData.CellBuilder;
import org.opticl.report.ReportData.CrossShotRow;
import org.opticl.report.ReportData.CrossTaskCurve;
import org.opticl.report.ReportData.Expected;
import org.opticl.report.ReportData.Induction;
import org.opticl.report.ReportData.InductionMeasure;
import org.opticl.report.ReportData.Model;
import org.opticl.report.ReportData.Spearman;
import org.opticl.report.ReportData.StageCache;
import org.opticl.report.ReportData.StageTime;
import org.opticl.report.ReportData.Timings;

/**
 * Made-up but paper-shaped results (important heads in middle layers, accuracy flat until about 70%
 * of heads pruned, induction heads in upper layers) for every part of a report, seeded so a test
 * always sees the same numbers.
 */
public final class SyntheticReports {
  private SyntheticReports() {}

  /** A complete run: every figure has its inputs. */
  public static ReportData full(
      String modelId, int layers, int heads, List<String> tasks, List<Integer> shots, long seed) {
    Random rnd = new Random(seed);
    ReportData.Builder b =
        ReportData.builder("run-" + seed)
            .model(
                new Model(
                    modelId,
                    Optional.of(
                        "sha256:9f2c4e0b7d1a5c3e8f6a2b4d0c9e7f1a3b5d7c9e1f3a5b7c9d1e3f5a7b9c1d3e"),
                    Optional.of("float16"),
                    layers,
                    heads))
            .spec(
                "model: "
                    + modelId
                    + "\ntasks: "
                    + tasks
                    + "\nshots: "
                    + shots
                    + "\nstore: http://minio.local:9000/opticl  # <not a request>\n")
            .timings(
                new Timings(
                    Optional.of(Instant.parse("2025-11-20T08:00:00Z")),
                    Optional.of(Instant.parse("2025-11-21T02:13:42Z")),
                    List.of(
                        new StageTime("head-importance", Duration.ofMinutes(95)),
                        new StageTime("ffn-knockoff", Duration.ofHours(7).plusMinutes(3)),
                        new StageTime("pruning", Duration.ofHours(9).plusSeconds(41)),
                        new StageTime("induction", Duration.ofSeconds(43)))))
            .cache(new StageCache("head-importance", tasks.size() * shots.size(), 0))
            .cache(
                new StageCache(
                    "ffn-knockoff", 12, Math.max(0, layers * tasks.size() * shots.size() - 12)))
            .cache(new StageCache("pruning", 40, 10))
            .expected(Expected.paper().withTasksAndShots(tasks, shots));

    Expected e = Expected.paper();
    for (int s : shots) {
      List<double[][]> perTask = new ArrayList<>();
      for (String t : tasks) {
        double base = 0.55 + 0.3 * rnd.nextDouble();
        double[][] imp = importance(layers, heads, rnd, s);
        perTask.add(imp);
        CellBuilder c =
            Cell.builder(t, s)
                .metric(t.equals("record") ? "em" : "acc")
                .baseline(base)
                .headImportance(Matrix.of(imp))
                .ffnImportance(ffn(layers, rnd));
        for (int p : e.headPercents()) {
          if (p > 0) {
            c.headPruning(p, pruned(base, p, 70, rnd));
          }
        }
        for (int p : e.ffnPercents()) {
          if (p > 0) {
            c.ffnPruning(p, pruned(base, p, 20, rnd));
          }
        }
        for (int h : e.gridHeadPercents()) {
          for (int f : e.gridFfnPercents()) {
            if (h > 0 && f > 0) {
              c.combined(h, f, pruned(pruned(base, h, 70, rnd), f, 20, rnd));
            }
          }
        }
        b.cell(c.build());
      }
      b.aggregateImportance(s, Matrix.of(mean(perTask)));
      b.spearman(spearman(tasks, s, rnd));
      // Cross-task: the first task pruned with the others' rankings and the aggregate.
      String target = tasks.get(0);
      for (String source : tasks.subList(1, tasks.size())) {
        b.crossTask(new CrossTaskCurve(target, s, source, curve(e.crossTaskPercents(), rnd)));
      }
      b.crossTask(
          new CrossTaskCurve(
              target, s, CrossTaskCurve.AGGREGATE, curve(e.crossTaskPercents(), rnd)));
    }
    double[][] prefix = induction(layers, heads, rnd, 0.5);
    double[][] copying = induction(layers, heads, rnd, 0.7);
    b.induction(
        new Induction(
            Optional.of(Matrix.of(prefix)),
            Optional.of(Matrix.of(scale(prefix, 0.05))),
            Optional.of(Matrix.of(copying)),
            Optional.of(Matrix.of(scale(copying, 0.03)))));
    ReportData partial = b.build();
    for (InductionMeasure m : InductionMeasure.values()) {
      double[][] score = m == InductionMeasure.PREFIX_MATCHING ? prefix : copying;
      for (int s : shots) {
        double[][] agg =
            partial.aggregateImportance().stream()
                .filter(a -> a.shots() == s)
                .findFirst()
                .orElseThrow()
                .importance()
                .values();
        b.capacity(capacity(m, s, CrossTaskCurve.AGGREGATE, agg, score));
        for (String t : tasks) {
          double[][] imp = partial.cell(t, s).orElseThrow().headImportance().orElseThrow().values();
          b.capacity(capacity(m, s, t, imp, score));
        }
      }
    }
    if (shots.size() > 1) {
      for (int i = 0; i < shots.size(); i++) {
        for (int j = i + 1; j < shots.size(); j++) {
          b.crossShot(
              new CrossShotRow(
                  shots.get(i),
                  shots.get(j),
                  0.35 + 0.1 * rnd.nextDouble(),
                  0.001 + 0.001 * rnd.nextDouble(),
                  java.util.OptionalDouble.of(1e-6)));
        }
      }
    }
    b.artifact("Head importance, all tasks (.npy)", "data/head-importance.npy")
        .artifact("Pruning results (JSON)", "data/pruning results.json")
        .artifact("Run manifest (JSON)", "data/manifest.json");
    return b.build();
  }

  static double[][] importance(int layers, int heads, Random rnd, int shots) {
    double[][] m = new double[layers][heads];
    double centre = layers * (0.45 + 0.05 * shots / 5.0);
    for (int l = 0; l < layers; l++) {
      double bump = Math.exp(-Math.pow((l - centre) / (layers / 5.0), 2));
      for (int h = 0; h < heads; h++) {
        m[l][h] = 0.0025 * bump * Math.exp(rnd.nextGaussian()) + 0.00005 * rnd.nextDouble();
      }
    }
    return m;
  }

  static List<Double> ffn(int layers, Random rnd) {
    List<Double> d = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      double late = l > layers / 2 ? 3.0 * (l - layers / 2.0) / layers : 0;
      d.add(late + rnd.nextGaussian() * (0.4 + late));
    }
    return d;
  }

  /** Accuracy after pruning {@code p}%: flat until {@code knee}, then falling towards 0.25. */
  static double pruned(double base, int p, int knee, Random rnd) {
    double drop = p <= knee ? 0.002 * p / 10.0 : (base - 0.25) * Math.min(1, (p - knee) / 40.0);
    return Math.max(0.2, base - drop + 0.005 * rnd.nextGaussian());
  }

  static Map<Integer, Double> curve(List<Integer> percents, Random rnd) {
    Map<Integer, Double> m = new TreeMap<>();
    double base = 0.7 + 0.05 * rnd.nextDouble();
    for (int p : percents) {
      m.put(p, pruned(base, p, 50 + rnd.nextInt(20), rnd));
    }
    return m;
  }

  static double[][] mean(List<double[][]> ms) {
    double[][] out = new double[ms.get(0).length][ms.get(0)[0].length];
    for (double[][] m : ms) {
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < out[i].length; j++) {
          out[i][j] += m[i][j] / ms.size();
        }
      }
    }
    return out;
  }

  static Spearman spearman(List<String> tasks, int shots, Random rnd) {
    List<String> labels = new ArrayList<>(tasks);
    labels.add(CrossTaskCurve.AGGREGATE);
    int n = labels.size();
    double[][] rho = new double[n][n];
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      rho[i][i] = 1;
      for (int j = i + 1; j < n; j++) {
        rho[i][j] = rho[j][i] = 0.1 + 0.5 * rnd.nextDouble();
        p[i][j] = p[j][i] = 1e-8 * rnd.nextDouble();
      }
    }
    return new Spearman(shots, labels, Matrix.of(rho), Optional.of(Matrix.of(p)), "argsort");
  }

  static double[][] induction(int layers, int heads, Random rnd, double upperFrom) {
    double[][] m = new double[layers][heads];
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h < heads; h++) {
        boolean strong = l >= layers * upperFrom && rnd.nextDouble() < 0.08;
        m[l][h] = strong ? 0.4 + 0.5 * rnd.nextDouble() : 0.02 * rnd.nextDouble();
      }
    }
    return m;
  }

  static double[][] scale(double[][] m, double f) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = Arrays.stream(m[i]).map(v -> v * v * f + 1e-5).toArray();
    }
    return out;
  }

  /** Spec §4.4: prune in ascending importance; retained = remaining share of the total score. */
  static CapacityCurve capacity(
      InductionMeasure m, int shots, String ranking, double[][] importance, double[][] score) {
    int heads = importance[0].length;
    int n = importance.length * heads;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> importance[i / heads][i % heads]));
    double total = 0;
    for (double[] row : score) {
      for (double v : row) {
        total += v;
      }
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double removed = 0;
    for (int i = 0; i < n; i++) {
      x.add(100.0 * i / n);
      y.add(100 * (total - removed) / total);
      removed += score[order[i] / heads][order[i] % heads];
    }
    return new CapacityCurve(m, shots, ranking, x, y);
  }
}
