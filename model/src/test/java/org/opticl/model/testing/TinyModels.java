package org.opticl.model.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.TensorSource;
import org.opticl.model.random.RandomOpt;

/** Small random OPTs for tests, and tensor sources with one tensor edited. */
public final class TinyModels {
  private TinyModels() {}

  /** 2 layers, 4 heads of width 4, FFN 32, vocabulary 272, 40 positions, pre-LN. */
  public static OptConfig preLn() {
    return new OptConfig(16, 4, 2, 32, 272, 40, 16, true, true, true, "float32");
  }

  /** opt-350m's structure in miniature: post-LN and a word-embedding projection 8 -> 16. */
  public static OptConfig postLnProjected() {
    return new OptConfig(16, 4, 3, 32, 272, 40, 8, false, false, true, "float32");
  }

  /** A source that serves {@code base}, with one tensor's values rewritten. */
  public static TensorSource editing(RandomOpt base, String name, UnaryOperator<float[]> edit) {
    return editing(base, Map.of(name, edit));
  }

  /** A source that serves {@code base}, with some tensors' values rewritten. */
  public static TensorSource editing(RandomOpt base, Map<String, UnaryOperator<float[]>> edits) {
    return new TensorSource() {
      @Override
      public String describe() {
        return base.describe() + " with " + edits.keySet() + " edited";
      }

      @Override
      public Map<String, long[]> shapes() {
        return base.shapes();
      }

      @Override
      public NDArray load(NDManager m, String n, long[] shape, DataType type) {
        if (!edits.containsKey(n)) {
          return base.load(m, n, shape, type);
        }
        return m.create(edits.get(n).apply(base.values(n)), new Shape(shape)).toType(type, false);
      }

      @Override
      public void close() {}
    };
  }
}
