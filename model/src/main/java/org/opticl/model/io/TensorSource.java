package org.opticl.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;

/**
 * Where a model's named tensors come from: a checkpoint on disk ({@link CheckpointReader}) or
 * opticl's seeded random generator. Names are Hugging Face's with the decoder prefix stripped
 * ({@code layers.0.fc1.weight}).
 */
public interface TensorSource extends AutoCloseable {
  /** A short description for error messages (a directory, "random seed 7"). */
  String describe();

  /** Every tensor with its shape. */
  Map<String, long[]> shapes();

  default boolean contains(String name) {
    return shapes().containsKey(name);
  }

  /** Loads one tensor, checking its shape; the array owns its memory. */
  NDArray load(NDManager manager, String name, long[] expectedShape, DataType type);

  @Override
  void close();
}
