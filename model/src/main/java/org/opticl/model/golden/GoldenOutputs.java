package org.opticl.model.golden;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opticl.model.config.OptConfig;
import org.opticl.model.device.DeviceMap;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.HeadGradients;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;

/**
 * Computes, for a model directory and the inputs of its {@code golden.json}, every output field
 * that the independent PyTorch reference writes there (same names, same shapes), so that opticl can
 * be compared with it field by field: logits, continuation log-probabilities, an FFN knock-out, the
 * pooled loss, the head-mask gradient and the original code's Σ|⟨a,g⟩| per head.
 */
public final class GoldenOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOGITS_SHOWN = 16;

  private GoldenOutputs() {}

  /** Reads {@code dir/config.json}, {@code dir/model.safetensors} and {@code dir/golden.json}. */
  public static ObjectNode compute(Path dir) {
    return compute(dir, DeviceMap.CPU);
  }

  /**
   * As {@link #compute(Path)}, with the whole model on {@code device} ({@code cpu} or {@code
   * gpu:N}) in float32, the goldens' type, so that a GPU run is held to the same tolerance.
   */
  public static ObjectNode compute(Path dir, String device) {
    Path goldenFile = dir.resolve("golden.json");
    JsonNode golden;
    try {
      golden = JSON.readTree(Files.readString(goldenFile));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + goldenFile + ": " + e.getMessage(), e);
    }
    int[][] ids = intMatrix(golden, "input_ids", goldenFile);
    int[][] mask = intMatrix(golden, "attention_mask", goldenFile);
    int from = golden.path("continuation_from_position").asInt(6);
    OptConfig config = OptConfig.read(dir.resolve("config.json"));
    ModelPlacement placement =
        new ModelPlacement(
            DeviceMap.allOn(DeviceMap.normalize(device), config.numLayers()), DataType.FLOAT32);
    try (OptModel model = OptModel.load(dir, config, placement)) {
      return compute(model, new Batch(ids, mask), from);
    }
  }

  /** The golden fields for a batch, continuation positions starting at {@code from}. */
  public static ObjectNode compute(OptModel model, Batch batch, int from) {
    int bsz = batch.size();
    int t = batch.length();
    if (from < 1 || from >= t) {
      throw new IllegalArgumentException(
          "continuation_from_position=" + from + " must lie in [1, " + (t - 1) + "]");
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("input_ids", matrix(batch.ids()));
    out.set("attention_mask", matrix(batch.mask()));

    out.set("logits_last", firstColumns(model.lastLogits(batch, Interventions.NONE)));

    float[][] lp = model.tokenLogprobs(batch, Interventions.NONE);
    ArrayNode sums = out.putArray("continuation_logprob_sum");
    for (int b = 0; b < bsz; b++) {
      double s = 0;
      for (int i = from; i < t; i++) {
        s += lp[b][i];
      }
      sums.add(s);
    }
    out.put("continuation_from_position", from);

    float[] ffn = Interventions.ffnMaskWithout(model.config(), 0);
    out.set(
        "logits_last_fc0_masked",
        firstColumns(model.lastLogits(batch, Interventions.NONE.withFfnMask(ffn))));

    int[][] labels = new int[bsz][t];
    for (int b = 0; b < bsz; b++) {
      for (int i = 0; i < t; i++) {
        labels[b][i] = i >= from ? batch.ids()[b][i] : -100;
      }
    }
    HeadGradients g = model.headGradients(batch, labels, Interventions.NONE, Optional.empty());
    out.put("loss_mean_nll_positions_6_on", g.loss());
    out.set("head_mask_grad", matrix(g.headMaskGradient()));
    out.set("head_abs_dot_sum", matrix(g.headAbsDotSum()));
    return out;
  }

  private static ArrayNode firstColumns(float[][] rows) {
    ArrayNode a = JSON.createArrayNode();
    for (float[] r : rows) {
      ArrayNode row = a.addArray();
      for (int i = 0; i < Math.min(LOGITS_SHOWN, r.length); i++) {
        row.add(r[i]);
      }
    }
    return a;
  }

  private static ArrayNode matrix(int[][] rows) {
    ArrayNode a = JSON.createArrayNode();
    for (int[] r : rows) {
      ArrayNode row = a.addArray();
      for (int v : r) {
        row.add(v);
      }
    }
    return a;
  }

  private static ArrayNode matrix(double[][] rows) {
    ArrayNode a = JSON.createArrayNode();
    for (double[] r : rows) {
      ArrayNode row = a.addArray();
      for (double v : r) {
        row.add(v);
      }
    }
    return a;
  }

  private static int[][] intMatrix(JsonNode root, String field, Path file) {
    JsonNode n = root.get(field);
    if (n == null || !n.isArray() || n.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": field " + field + " must be a non-empty [B][T] array");
    }
    int[][] out = new int[n.size()][];
    for (int b = 0; b < n.size(); b++) {
      JsonNode row = n.get(b);
      if (!row.isArray()) {
        throw new IllegalArgumentException(file + ": " + field + "[" + b + "] is not an array");
      }
      out[b] = new int[row.size()];
      for (int i = 0; i < row.size(); i++) {
        if (!row.get(i).isIntegralNumber()) {
          throw new IllegalArgumentException(
              file + ": " + field + "[" + b + "][" + i + "]=" + row.get(i) + " is not an integer");
        }
        out[b][i] = row.get(i).intValue();
      }
    }
    return out;
  }
}
