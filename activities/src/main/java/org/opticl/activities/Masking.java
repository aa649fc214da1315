package org.opticl.activities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opticl.measure.ModelShape;
import org.opticl.measure.UnitMask;
import org.opticl.measure.pruning.Masks;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Interventions;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.FfnImportance;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.HeadUnit;
import org.opticl.schema.MaskDescription;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.store.ArtifactStore;
import org.opticl.workflows.api.MaskSpec;

/**
 * Turns a {@link MaskSpec} (rankings by reference, percentages) into the units it removes, by
 * content, and those units into model interventions.
 */
final class Masking {
  private Masking() {}

  static MaskDescription resolve(ArtifactStore store, MaskSpec spec, ModelShape shape) {
    UnitMask mask = UnitMask.none(shape);
    if (spec.knockoutLayer() >= 0) {
      if (spec.knockoutLayer() >= shape.layers()) {
        throw new IllegalArgumentException(
            "FFN layer "
                + spec.knockoutLayer()
                + " does not exist in a "
                + shape.layers()
                + "-layer model");
      }
      mask = UnitMask.ffn(shape, spec.knockoutLayer());
    }
    if (spec.headImportance().isPresent() && spec.headPercent() > 0) {
      HeadImportance imp = read(store, spec.headImportance().get(), HeadImportance.class);
      mask = mask.union(Masks.heads(shape, imp.values(), spec.headPercent()));
    }
    if (spec.ffnImportance().isPresent() && spec.ffnPercent() > 0) {
      FfnImportance imp = read(store, spec.ffnImportance().get(), FfnImportance.class);
      mask = mask.union(Masks.ffns(shape, imp.ranking(), spec.ffnPercent()));
    }
    List<HeadUnit> heads = new ArrayList<>();
    for (int flat : mask.heads()) {
      heads.add(new HeadUnit(flat / shape.heads(), flat % shape.heads()));
    }
    return new MaskDescription(heads, Arrays.stream(mask.ffns()).boxed().toList(), spec.describe());
  }

  static <T> T read(ArtifactStore store, ArtifactRef ref, Class<T> type) {
    byte[] bytes =
        store
            .get(ref)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "artifact " + ref.uri() + " is missing or corrupt in " + store.location()));
    return CanonicalJson.read(bytes, type);
  }

  static Interventions interventions(MaskDescription mask, OptConfig config) {
    Interventions iv = Interventions.NONE;
    if (!mask.heads().isEmpty()) {
      int[][] pairs =
          mask.heads().stream().map(h -> new int[] {h.layer(), h.head()}).toArray(int[][]::new);
      iv = iv.withHeadMask(Interventions.headMaskWithout(config, pairs));
    }
    if (!mask.ffnLayers().isEmpty()) {
      iv =
          iv.withFfnMask(
              Interventions.ffnMaskWithout(
                  config, mask.ffnLayers().stream().mapToInt(Integer::intValue).toArray()));
    }
    return iv;
  }
}
