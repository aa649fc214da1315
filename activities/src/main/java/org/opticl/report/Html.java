package org.opticl.report;

/** HTML text escaping for {@link HtmlReport}. */
final class Html {
  private Html() {}

  /**
   * Escapes text for element content and quoted attributes. "://" is written as "&#58;//" so that a
   * URL in user text (a run spec naming an S3 endpoint, say) displays unchanged but the page source
   * contains no URL a checker or a careless tool could mistake for a request.
   */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case ':' -> b.append(s.startsWith("//", i + 1) ? "&#58;" : ":");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
