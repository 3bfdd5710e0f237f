package io.tributary.api.schema;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the API server names object fields in CEL: a CEL keyword gets underscores around it
 * ({@code namespace} is {@code self.__namespace__}), {@code __ . - /} are spelled out
 * ({@code __underscores__}, {@code __dot__}, {@code __dash__}, {@code __slash__}), and a name with
 * any other character, or starting with a digit, is not visible to rules at all.
 */
final class CelNames {

  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
      "var", "void", "while");
  private static final Pattern EXPAND = Pattern.compile("__|[-./]|[^a-zA-Z0-9-./_]");

  private CelNames() {
  }

  /** The CEL name of an object field; empty when rules cannot name it. */
  static Optional<String> escape(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return Optional.empty();
    }
    if (RESERVED.contains(name)) {
      return Optional.of("__" + name + "__");
    }
    StringBuilder escaped = new StringBuilder();
    Matcher matcher = EXPAND.matcher(name);
    while (matcher.find()) {
      String replacement = switch (matcher.group()) {
        case "__" -> "__underscores__";
        case "." -> "__dot__";
        case "-" -> "__dash__";
        case "/" -> "__slash__";
        default -> null;
      };
      if (replacement == null) {
        return Optional.empty();
      }
      matcher.appendReplacement(escaped, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(escaped);
    return Optional.of(escaped.toString());
  }
}
