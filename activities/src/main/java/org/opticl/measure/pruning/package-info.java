/**
 * Masks from importance rankings and the evaluations under them (paper §5–6.1.2, paper-spec §3): p%
 * of heads by a global ascending ranking, p% of FFNs by the knock-off ranking, the combined grid,
 * cross-task rankings and the task-aggregate importance of paper Eq. 10. Counts are the original's
 * integer floors ({@code p·N // 100}).
 */
package org.opticl.measure.pruning;
