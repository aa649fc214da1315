/**
 * The report of a run: {@link org.opticl.report.ReportData} (everything a run produced, every part
 * optional so that partial runs still report what exists), the figures the paper draws from it
 * ({@link org.opticl.report.ReportFigures}, each either drawn or replaced by a message naming the
 * missing artifact), and {@link org.opticl.report.HtmlReport}, which writes a self-contained folder
 * (no network, no scripts) that opens in any browser. Pure rendering: the pipeline assembles the
 * data from stored artifacts and calls in here.
 */
package org.opticl.report;
