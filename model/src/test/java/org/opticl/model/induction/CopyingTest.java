package org.opticl.model.induction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.TensorSource;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

class CopyingTest {
  private static final TokenPool POOL = TokenPool.range(4, 272);

  /** Weights by Hugging Face name, as the reference reads them. */
  private interface Weights {
    float[] get(String name);
  }

  @Test
  void preLnScoresEqualAStraightforwardReferenceForEveryHead() {
    OptConfig c = TinyModels.preLn().withVocab(272, 128);
    RandomOpt w = new RandomOpt(c, 21, 0.3f);
    assertMatchesReference(
        c, w, w::values, InductionSequences.copyingSequence(POOL, 9, 0), CopyingRule.PARITY, true);
  }

  @Test
  void headOutputScoresEqualTheReferenceForEveryHead() {
    OptConfig c = TinyModels.preLn().withVocab(272, 128);
    RandomOpt w = new RandomOpt(c, 21, 0.3f);
    int[] x = InductionSequences.copyingSequence(POOL, 9, 0);
    double[][] output = assertMatchesReference(c, w, w::values, x, CopyingRule.HEAD_OUTPUT, true);
    double[][] parity = reference(c, w::values, x, CopyingRule.PARITY, true);
    assertTrue(
        Math.abs(output[0][0] - parity[0][0]) > 1e-3,
        "the read-out must matter here: " + output[0][0] + " vs " + parity[0][0]);
  }

  @Test
  void projectedPostLnScoresEqualTheReferenceWithProjectOut() {
    OptConfig c = TinyModels.postLnProjected().withVocab(272, 128);
    RandomOpt w = new RandomOpt(c, 22, 0.3f);
    int[] x = InductionSequences.copyingSequence(POOL, 9, 1);
    for (CopyingRule rule : CopyingRule.values()) {
      assertMatchesReference(c, w, w::values, x, rule, true);
    }
  }

  @Test
  void tiedAttentionPicksTheLastAttendablePosition() {
    // Zero queries: every causal row is exactly uniform, so every position ties for the maximum.
    OptConfig c = TinyModels.preLn().withVocab(272, 128);
    RandomOpt base = new RandomOpt(c, 23, 0.3f);
    Map<String, java.util.function.UnaryOperator<float[]>> zeroQ = new java.util.HashMap<>();
    for (int l = 0; l < c.numLayers(); l++) {
      zeroQ.put("layers." + l + ".self_attn.q_proj.weight", a -> new float[a.length]);
      zeroQ.put("layers." + l + ".self_attn.q_proj.bias", a -> new float[a.length]);
    }
    TensorSource src = TinyModels.editing(base, zeroQ);
    Weights w =
        name -> name.contains("q_proj") ? new float[base.values(name).length] : base.values(name);
    int[] x = InductionSequences.copyingSequence(POOL, 9, 0);
    double[][] last = assertMatchesReference(c, src, w, x, CopyingRule.PARITY, true);
    double[][] first = reference(c, w, x, CopyingRule.PARITY, false);
    assertTrue(
        Math.abs(last[0][0] - first[0][0]) > 1e-3,
        "the tie rule must matter here: " + last[0][0] + " vs " + first[0][0]);
  }

  @Test
  void cachedAndUncachedCircuitsGiveIdenticalScores() {
    OptConfig c = TinyModels.preLn().withVocab(272, 128);
    try (OptModel m =
            OptModel.load(new RandomOpt(c, 24, 0.3f), c, ModelPlacement.cpu(c.numLayers()));
        Copying cached = new Copying(m);
        Copying uncached = new Copying(m, 0)) {
      for (int s = 0; s < 2; s++) {
        int[] x = InductionSequences.copyingSequence(POOL, 1, s);
        assertTrue(Arrays.deepEquals(cached.score(x), uncached.score(x)));
      }
    }
  }

  private static double[][] assertMatchesReference(
      OptConfig c, TensorSource src, Weights w, int[] x, CopyingRule rule, boolean lastIndexTies) {
    double[][] got;
    try (OptModel m = OptModel.load(src, c, ModelPlacement.cpu(c.numLayers()));
        Copying copying = new Copying(m)) {
      got = copying.score(x, rule);
    }
    double[][] want = reference(c, w, x, rule, lastIndexTies);
    for (int l = 0; l < c.numLayers(); l++) {
      for (int h = 0; h < c.numHeads(); h++) {
        assertTrue(got[l][h] >= 0 && got[l][h] <= 1, "score " + got[l][h] + " outside [0,1]");
        assertEquals(want[l][h], got[l][h], 1e-6, "layer " + l + " head " + h);
      }
    }
    return got;
  }

  /**
   * Paper-spec §4.3 with plain loops in double precision: every step written out, nothing shared
   * with the implementation under test.
   */
  private static double[][] reference(
      OptConfig c, Weights w, int[] x, CopyingRule rule, boolean lastIndexTies) {
    int t = x.length;
    int e = c.hiddenSize();
    int p = c.wordEmbedProjDim();
    int nh = c.numHeads();
    int d = c.headDim();
    int v = c.vocabSize();
    float[] emb = w.get("embed_tokens.weight"); // (V,P), also the LM head
    float[] pos = w.get("embed_positions.weight"); // (maxPos+2,E)
    float[] projIn = c.projectsEmbeddings() ? w.get("project_in.weight") : null; // (E,P)
    float[] projOut = c.projectsEmbeddings() ? w.get("project_out.weight") : null; // (P,E)
    double[][] x0 = new double[t][e];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < e; j++) {
        double tok = 0;
        if (projIn == null) {
          tok = emb[x[i] * p + j];
        } else {
          for (int k = 0; k < p; k++) {
            tok += projIn[j * p + k] * emb[x[i] * p + k];
          }
        }
        x0[i][j] = tok + pos[(i + 2) * e + j];
      }
    }
    double[][] out = new double[c.numLayers()][nh];
    for (int l = 0; l < c.numLayers(); l++) {
      String q = "layers." + l + ".";
      float[] lnW = w.get(q + "self_attn_layer_norm.weight");
      float[] lnB = w.get(q + "self_attn_layer_norm.bias");
      float[] wq = w.get(q + "self_attn.q_proj.weight");
      float[] bq = w.get(q + "self_attn.q_proj.bias");
      float[] wk = w.get(q + "self_attn.k_proj.weight");
      float[] bk = w.get(q + "self_attn.k_proj.bias");
      float[] wv = w.get(q + "self_attn.v_proj.weight");
      float[] bv = w.get(q + "self_attn.v_proj.bias");
      float[] wo = w.get(q + "self_attn.out_proj.weight");
      float[] bo = w.get(q + "self_attn.out_proj.bias");
      double[][] hs = new double[t][e];
      for (int i = 0; i < t; i++) {
        double mean = Arrays.stream(x0[i]).average().orElseThrow();
        double var = 0;
        for (double a : x0[i]) {
          var += (a - mean) * (a - mean);
        }
        var /= e;
        for (int j = 0; j < e; j++) {
          hs[i][j] = (x0[i][j] - mean) / Math.sqrt(var + 1e-5) * lnW[j] + lnB[j];
        }
      }
      double[][] qs = affine(hs, wq, bq, e);
      double[][] ks = affine(hs, wk, bk, e);
      double[][] vs = affine(hs, wv, bv, e);
      double scale = 1 / Math.sqrt(d);
      for (int h = 0; h < nh; h++) {
        double total = 0;
        for (int j = 1; j < t; j++) {
          // Attention row j of head h over keys 0..j, and its argmax under the tie rule.
          double[] a = new double[j + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k <= j; k++) {
            for (int r = 0; r < d; r++) {
              a[k] += qs[j][h * d + r] * scale * ks[k][h * d + r];
            }
            max = Math.max(max, a[k]);
          }
          double z = 0;
          for (int k = 0; k <= j; k++) {
            a[k] = Math.exp(a[k] - max);
            z += a[k];
          }
          for (int k = 0; k <= j; k++) {
            a[k] /= z;
          }
          int m = 0;
          for (int k = 1; k <= j; k++) {
            if (lastIndexTies ? a[k] >= a[m] : a[k] > a[m]) {
              m = k;
            }
          }
          // What head h's OV circuit reads at query j: the query's own value (parity), or the
          // attention-weighted values (the head's output).
          double[] val = new double[d];
          for (int s = 0; s < d; s++) {
            if (rule == CopyingRule.PARITY) {
              val[s] = vs[j][h * d + s];
            } else {
              for (int k = 0; k <= j; k++) {
                val[s] += a[k] * vs[k][h * d + s];
              }
            }
          }
          // Its OV output, out_proj bias included in full.
          double[] o = new double[e];
          for (int r = 0; r < e; r++) {
            o[r] = bo[r];
            for (int s = 0; s < d; s++) {
              o[r] += wo[r * e + h * d + s] * val[s];
            }
          }
          double[] hid = o;
          if (projOut != null) {
            hid = new double[p];
            for (int r = 0; r < p; r++) {
              for (int s = 0; s < e; s++) {
                hid[r] += projOut[r * e + s] * o[s];
              }
            }
          }
          double[] logits = new double[v];
          double lmax = Double.NEGATIVE_INFINITY;
          for (int u = 0; u < v; u++) {
            for (int r = 0; r < p; r++) {
              logits[u] += emb[u * p + r] * hid[r];
            }
            lmax = Math.max(lmax, logits[u]);
          }
          double lz = 0;
          for (int u = 0; u < v; u++) {
            lz += Math.exp(logits[u] - lmax);
          }
          double[] probs = new double[j + 1];
          double mean = 0;
          for (int k = 0; k <= j; k++) {
            probs[k] = Math.exp(logits[x[k]] - lmax) / lz;
            mean += probs[k] / (j + 1);
          }
          double sum = 0;
          for (int k = 0; k <= j; k++) {
            probs[k] = Math.max(0, probs[k] - mean);
            sum += probs[k];
          }
          total += sum == 0 ? 0 : probs[m] / sum;
        }
        out[l][h] = total / (t - 1);
      }
    }
    return out;
  }

  /** rows (T,E) times weight (E,E) transposed, plus bias. */
  private static double[][] affine(double[][] rows, float[] weight, float[] bias, int e) {
    double[][] out = new double[rows.length][e];
    for (int i = 0; i < rows.length; i++) {
      for (int r = 0; r < e; r++) {
        double s = bias[r];
        for (int k = 0; k < e; k++) {
          s += weight[r * e + k] * rows[i][k];
        }
        out[i][r] = s;
      }
    }
    return out;
  }
}
