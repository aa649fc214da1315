package org.opticl.plots;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jfree.chart.util.ShapeUtils;

/**
 * How one task is drawn in every figure: display name, colour and marker. Fixed per task (not by
 * position in a figure's legend) so a reader who has learnt "COPA is the cyan diamond" can rely on
 * it across all figures and reports. Unknown task names get a deterministic fallback: a muted
 * colour chosen from the name's hash and a cross marker, so they are visibly "not one of ours".
 *
 * @param task the harness name, e.g. {@code arc_easy}
 * @param displayName the name shown in legends and titles, e.g. {@code ARC (Easy)}
 * @param colour line and marker colour
 * @param marker marker shape, centred on the origin
 * @param known whether the task is one opticl defines (false for the fallback)
 */
public record TaskStyle(
    String task, String displayName, Color colour, Shape marker, boolean known) {

  private static final float R = 4.5f;

  static final Shape CIRCLE = new Ellipse2D.Double(-R, -R, 2 * R, 2 * R);
  static final Shape SQUARE = new Rectangle2D.Double(-R * 0.9, -R * 0.9, 1.8 * R, 1.8 * R);
  static final Shape TRIANGLE_UP = ShapeUtils.createUpTriangle(R + 0.5f);
  static final Shape TRIANGLE_DOWN = ShapeUtils.createDownTriangle(R + 0.5f);
  static final Shape DIAMOND = ShapeUtils.createDiamond(R + 0.8f);
  static final Shape CROSS = ShapeUtils.createDiagonalCross(R, 1.2f);
  static final Shape STAR = star();

  private static final Map<String, TaskStyle> KNOWN = new LinkedHashMap<>();

  // Colours are distinct in hue or lightness pairwise for the 14 paper tasks, which share figures;
  // markers cycle so that tasks with similar colours differ in shape as well.
  static {
    add("hellaswag", "HellaSwag", 0x1F77B4, CIRCLE);
    add("piqa", "PIQA", 0xFF7F0E, SQUARE);
    add("arc_easy", "ARC (Easy)", 0x2CA02C, TRIANGLE_UP);
    add("arc_challenge", "ARC (Challenge)", 0xD62728, DIAMOND);
    add("openbookqa", "OpenBookQA", 0x9467BD, TRIANGLE_DOWN);
    add("winogrande", "Winogrande", 0x8C564B, CIRCLE);
    add("boolq", "BoolQ", 0xE377C2, SQUARE);
    add("cb", "CB", 0xBCBD22, TRIANGLE_UP);
    add("copa", "COPA", 0x17BECF, DIAMOND);
    add("wic", "WIC", 0x393B79, TRIANGLE_DOWN);
    add("wsc", "WSC", 0x637939, CIRCLE);
    add("multirc", "MultiRC", 0xB8860B, SQUARE);
    add("rte", "RTE", 0x843C39, TRIANGLE_UP);
    add("record", "ReCoRD", 0x7B4173, DIAMOND);
    add("lambada", "LAMBADA", 0x006D2C, STAR);
    add("mathqa", "MathQA", 0xA55194, STAR);
    add("synthetic_induction", "Synthetic (induction)", 0x525252, SQUARE);
    add("synthetic_kv", "Synthetic (key–value)", 0x969696, CIRCLE);
  }

  private static final Color[] FALLBACK = {
    new Color(0x6B6ECF), new Color(0xE7BA52), new Color(0xCE6DBD), new Color(0x9C9EDE),
    new Color(0x8CA252), new Color(0xD6616B), new Color(0x5254A3), new Color(0xBD9E39)
  };

  private static void add(String task, String name, int rgb, Shape marker) {
    KNOWN.put(task, new TaskStyle(task, name, new Color(rgb), marker, true));
  }

  /** The style of {@code task}; a deterministic fallback for names opticl does not define. */
  public static TaskStyle of(String task) {
    TaskStyle s = KNOWN.get(task);
    if (s != null) {
      return s;
    }
    Color c = FALLBACK[Math.floorMod(task.hashCode(), FALLBACK.length)];
    return new TaskStyle(task, task, c, CROSS, false);
  }

  /** Display name of a task, or {@code task} itself when unknown. */
  public static String displayName(String task) {
    return of(task).displayName();
  }

  /** The tasks opticl defines, in the paper's order (14 paper tasks, then OOD and synthetic). */
  public static List<String> knownTasks() {
    return List.copyOf(KNOWN.keySet());
  }

  /**
   * {@code tasks} in the paper's order, unknown names after the known ones, alphabetically: figures
   * and tables list tasks in the same order whatever order the run produced them in.
   */
  public static List<String> paperOrder(Collection<String> tasks) {
    List<String> known = knownTasks();
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(tasks));
    sorted.sort(
        Comparator.<String>comparingInt(
                t -> known.contains(t) ? known.indexOf(t) : Integer.MAX_VALUE)
            .thenComparing(Comparator.naturalOrder()));
    return sorted;
  }

  private static Shape star() {
    Path2D.Double p = new Path2D.Double();
    for (int i = 0; i < 10; i++) {
      double r = i % 2 == 0 ? R + 1.2 : (R + 1.2) * 0.45;
      double a = -Math.PI / 2 + i * Math.PI / 5;
      double x = r * Math.cos(a);
      double y = r * Math.sin(a);
      if (i == 0) {
        p.moveTo(x, y);
      } else {
        p.lineTo(x, y);
      }
    }
    p.closePath();
    return p;
  }
}
