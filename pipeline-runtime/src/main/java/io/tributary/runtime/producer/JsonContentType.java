package io.tributary.runtime.producer;

import java.util.Locale;

/**
 * Which request {@code Content-Type} the http source takes: JSON in UTF-8. That is
 * {@code application/json} or a {@code +json} type ({@code application/vnd.api+json}), in any
 * case, with parameters ({@code application/json; charset=utf-8}); a {@code charset} other than
 * UTF-8 is refused, since the body is read as UTF-8 (RFC 8259). A request without a
 * {@code Content-Type} is taken too: clients that never sent one kept working when the check came.
 */
final class JsonContentType {
  /** The type named in {@code Accept} of a 415 answer. */
  static final String ACCEPTED = "application/json";

  private JsonContentType() {}

  /** Null when {@code contentType} (the header's value, null when absent) is taken, else why not. */
  static String problem(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String[] parts = contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals(ACCEPTED) && !(type.startsWith("application/") && type.endsWith("+json"))) {
      return "Content-Type " + bounded(contentType) + " is not JSON; send " + ACCEPTED;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
        String charset = parameter[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          return "Content-Type " + bounded(contentType) + ": the body must be UTF-8; send " + ACCEPTED
              + " (charset=utf-8 or none)";
        }
      }
    }
    return null;
  }

  /** The client's value, quoted and cut to 100 characters: it goes back into an answer. */
  private static String bounded(String value) {
    String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
    return "\"" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
  }
}
