package io.tributary.runtime.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in text the runtime prints — log lines, exception messages, readiness text,
 * {@code validate} output. The one place that knows what a secret looks like in a Redis or Kafka
 * URL or client setting:
 *
 * <ul>
 *   <li>the password of a URL's user info ({@code redis://user:pw@host} becomes
 *       {@code redis://user:***@host}; a user info without a colon is taken as a password, as
 *       Redis reads {@code redis://pw@host}, and becomes {@code ***});
 *   <li>{@code password=...} / {@code password="..."} as in a Kafka JAAS setting.
 * </ul>
 *
 * <p>Matching is on the text, not on a parsed URI, because the URLs that need it most are the
 * malformed ones that no parser accepts.
 */
public final class Redaction {
  /** What a hidden secret is replaced with. */
  public static final String MASK = "***";

  /**
   * {@code scheme://userinfo@}: the user info runs to the last '@' before a '/', whitespace or
   * quote, so that an unencoded '@' in a password (a malformed URL) is hidden too.
   */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s\"'<>]*)@");
  /** {@code password=secret}, {@code password="secret"} (JAAS, properties), case-insensitive. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile("(?i)(password\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s;,\"'}]+)");

  private Redaction() {}

  /** {@code text} with every credential replaced by {@link #MASK}; null stays null. */
  public static String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String withoutUrlSecrets = replace(URL_USER_INFO, text, match -> {
      String userInfo = match.group(2);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon + 1);
      return match.group(1) + user + MASK + "@";
    });
    return replace(PASSWORD_SETTING, withoutUrlSecrets, match -> match.group(1) + MASK);
  }

  /**
   * The message of {@code error} and its causes, redacted, for a log line or a new exception
   * that must not carry the original (whose message and stack trace may hold the secret).
   */
  public static String message(Throwable error) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append(": ");
      }
      out.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        out.append(' ').append(t.getMessage());
      }
    }
    return text(out.toString());
  }

  private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(with.apply(matcher)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
