package org.opticl.activities;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A result's provenance names the code that computed it: version, and commit when built from git.
 */
class ProvenancesTest {

  @Test
  void codeVersionCarriesTheCommitTheBuildRecorded() throws Exception {
    String v = Provenances.CODE_VERSION;
    assertTrue(v.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?(\\+[0-9a-f]{7,}(\\.dirty)?)?"), v);
    Properties git = new Properties();
    try (InputStream in = Provenances.class.getResourceAsStream("git.properties")) {
      if (in != null) {
        git.load(in);
      }
    }
    String commit = git.getProperty("git.commit.id.abbrev", "");
    assertTrue(commit.isEmpty() || v.contains("+" + commit), v + " vs commit " + commit);
  }
}
