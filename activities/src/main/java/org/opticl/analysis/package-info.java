/**
 * Analyses of measured importance (paper §6, paper-spec §4.4 and §6): Spearman rank correlations
 * between tasks and between shot counts with their p-values, in the correct form and in the
 * original scripts' argsort form; the cross-shot table (paper Table 1); overlap of the most
 * important heads; and the share of prefix-matching or copying capacity retained as heads are
 * pruned (paper Fig. 11). Pure CPU computations on plain arrays.
 */
package org.opticl.analysis;
