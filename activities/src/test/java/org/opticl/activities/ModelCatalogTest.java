package org.opticl.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.workflows.api.ModelRef;

/** Built-in models: made once, named after their recipe, unknown names refused. */
class ModelCatalogTest {
  @TempDir Path cache;

  @Test
  void aBuiltInModelIsBuiltOnceIntoADirectoryNamedAfterItsRecipe() throws Exception {
    ModelCatalog catalog = new ModelCatalog(cache);
    ModelRef ref = new ModelRef(ModelCatalog.RANDOM_TINY, "", "float32");
    assertEquals(Optional.empty(), catalog.ifPresent(ref), "nothing is built by asking");

    ModelCatalog.Resolved first = catalog.resolve(ref);
    String name = first.dir().getFileName().toString();
    assertTrue(name.matches("random-tiny-[0-9a-f]{12}"), name);
    assertEquals(cache.resolve("builtin"), first.dir().getParent());
    assertEquals(Optional.of(first.dir()), catalog.ifPresent(ref));

    long built = Files.getLastModifiedTime(first.dir().resolve("model.safetensors")).toMillis();
    ModelCatalog.Resolved again = new ModelCatalog(cache).resolve(ref);
    assertEquals(first.dir(), again.dir());
    assertEquals(first.identity(), again.identity());
    assertEquals(
        built, Files.getLastModifiedTime(again.dir().resolve("model.safetensors")).toMillis());
    try (var entries = Files.list(cache.resolve("builtin"))) {
      assertEquals(1, entries.count(), "no temporary directory is left behind");
    }
  }

  @Test
  void anUnknownBuiltInModelNamesTheKnownOnes() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelCatalog(cache).resolve(new ModelRef("builtin:nope", "", "float32")));
    assertEquals(
        "unknown built-in model builtin:nope; built-in: builtin:induction-tiny, builtin:random-tiny",
        e.getMessage());
  }
}
