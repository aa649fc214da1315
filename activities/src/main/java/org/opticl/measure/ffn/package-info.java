/**
 * FFN knock-offs and FFN oracle importance (paper §4.2 Eq. 7, paper-spec §2): one evaluation per
 * layer with that layer's FFN block removed, importance = baseline − knock-off, and the ranking FFN
 * pruning consumes (least important first).
 */
package org.opticl.measure.ffn;
