package org.opticl.model.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's URL layout and HTTP conventions in one place: API and resolve URLs, the token (sent to
 * the hub's own host only, never to the CDN its downloads redirect to), redirects followed by hand
 * for that reason, and the hub's {@code X-Error-Code} header turned into errors that name the id,
 * revision or file at fault.
 */
final class HubHttp {
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT =
      "opticl/0.1; java/" + System.getProperty("java.specification.version");

  private final HubOptions options;
  private final HttpClient client;

  HubHttp(HubOptions options) {
    this.options = options;
    // HTTP/1.1: every parallel shard gets its own TCP connection (HTTP/2 would multiplex them over
    // one and share its window); redirects by hand so the token never follows one off the hub.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.connectTimeout())
            .build();
  }

  URI endpoint() {
    return options.endpoint();
  }

  /** {@code {endpoint}/api/models/{id}/revision/{revision}?blobs=true}. */
  URI listingUri(String id, String revision) {
    return URI.create(
        options.endpoint()
            + "/api/models/"
            + id
            + "/revision/"
            + segment(revision)
            + "?blobs=true");
  }

  /** {@code {endpoint}/{id}/resolve/{commit}/{file}}. */
  URI resolveUri(String id, String commit, String file) {
    StringBuilder path = new StringBuilder();
    for (String part : file.split("/")) {
      path.append('/').append(segment(part));
    }
    return URI.create(options.endpoint() + "/" + id + "/resolve/" + segment(commit) + path);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * GETs {@code uri} with {@code headers}, following redirects. Responses other than 2xx come back
   * with their body discarded (null), so callers look only at status and headers.
   */
  <T> HttpResponse<T> get(URI uri, Map<String, String> headers, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(current)
              .GET()
              .timeout(options.stallTimeout())
              .header("User-Agent", USER_AGENT);
      headers.forEach(b::header);
      if (options.token().isPresent() && sameOrigin(current, options.endpoint())) {
        b.header("Authorization", "Bearer " + options.token().get());
      }
      HttpResponse<T> r =
          client.send(
              b.build(),
              info ->
                  info.statusCode() / 100 == 2
                      ? body.apply(info)
                      : HttpResponse.BodySubscribers.replacing(null));
      int status = r.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty()) {
          throw new HubException(
              HubException.Kind.PROTOCOL,
              current + " answered HTTP " + status + " without Location");
        }
        current = current.resolve(location.get());
        continue;
      }
      return r;
    }
    throw new HubException(
        HubException.Kind.PROTOCOL, uri + ": more than " + MAX_REDIRECTS + " redirects");
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
  }

  /** Whether a status is worth retrying: the hub or its CDN is busy or briefly broken. */
  static boolean transientStatus(int status) {
    return status == 408 || status == 429 || status / 100 == 5;
  }

  /**
   * The error for a failed listing or download. {@code file} is empty for the listing. Mirrors the
   * hub's conventions: {@code X-Error-Code} says which of repository, revision or file is missing,
   * and a 401 without it means "missing, or private and you sent no valid token".
   */
  HubException failure(HttpResponse<?> r, String id, String revision, Optional<String> file) {
    int status = r.statusCode();
    String code = r.headers().firstValue("X-Error-Code").orElse("");
    String hubMessage =
        r.headers().firstValue("X-Error-Message").map(m -> " (the hub says: " + m + ")").orElse("");
    String where = " on the hub at " + options.endpoint();
    String tokenHint =
        options.token().isPresent()
            ? ""
            : "; if it is private or gated, set " + HubOptions.ENV_TOKEN + " to an access token";
    String what = file.map(f -> "file '" + f + "' of '" + id + "@" + revision + "'").orElse("");
    switch (code) {
      case "RepoNotFound":
        return new HubException(
            HubException.Kind.NOT_FOUND,
            "model '" + id + "' not found" + where + " (HTTP " + status + ")" + tokenHint);
      case "RevisionNotFound":
        return new HubException(
            HubException.Kind.NOT_FOUND,
            "revision '" + revision + "' of model '" + id + "' not found" + where);
      case "EntryNotFound":
        return new HubException(
            HubException.Kind.NOT_FOUND, what + " not found" + where + " (" + r.uri() + ")");
      case "GatedRepo":
        return new HubException(
            HubException.Kind.UNAUTHORIZED,
            "model '"
                + id
                + "' is gated"
                + where
                + ": accept its terms on the hub and set "
                + HubOptions.ENV_TOKEN
                + hubMessage);
      default:
        break;
    }
    if (status == 401 && options.token().isPresent()) {
      return new HubException(
          HubException.Kind.UNAUTHORIZED,
          "the hub at "
              + options.endpoint()
              + " refused "
              + HubOptions.ENV_TOKEN
              + " for '"
              + id
              + "' (HTTP 401)"
              + hubMessage);
    }
    if (status == 401 || status == 404) {
      return new HubException(
          HubException.Kind.NOT_FOUND,
          (file.isEmpty() ? "model '" + id + "' (revision '" + revision + "')" : what)
              + " not found"
              + where
              + " (HTTP "
              + status
              + " for "
              + r.uri()
              + ")"
              + (file.isEmpty() ? tokenHint : ""));
    }
    if (status == 403) {
      return new HubException(
          HubException.Kind.UNAUTHORIZED,
          "access to '" + id + "' denied" + where + " (HTTP 403)" + hubMessage);
    }
    return new HubException(
        HubException.Kind.PROTOCOL, "unexpected HTTP " + status + " for " + r.uri() + hubMessage);
  }
}
