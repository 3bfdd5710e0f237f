package io.tributary.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The hosts the operator and the runtime may connect to for a Pipeline (Kafka bootstrap servers,
 * Redis, an ETL extract's URL), from {@value #ENV}: a comma-separated list of entries, each
 * <ul>
 *   <li>a host name, matched exactly and case-insensitively ({@code redis.data.svc.cluster.local});</li>
 *   <li>{@code *.}suffix: any name below that domain, at any depth, not the domain itself
 *       ({@code *.kafka.svc.cluster.local});</li>
 *   <li>an IP address, or a CIDR block ({@code 10.20.0.0/16}, {@code fd00::/8}) that matches IP
 *       literals inside it.</li>
 * </ul>
 * An empty list allows every host (the default: a Pipeline author may point it anywhere the pod can
 * reach). Names are matched as written, without DNS: a name that is allowed but resolves to an
 * internal address is allowed (keep the list to names you control); a CIDR block never matches a
 * name. Ports are not restricted. Pure.
 */
public final class AllowedHosts {
  /** The environment variable of the operator, and of every runtime pod it starts. */
  public static final String ENV = "TRIBUTARY_ALLOWED_HOSTS";
  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9_]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9_]*[a-z0-9])?)*");
  private static final AllowedHosts ANY = new AllowedHosts(List.of(), "");

  private final List<Entry> entries;
  private final String written;

  private AllowedHosts(List<Entry> entries, String written) {
    this.entries = entries;
    this.written = written;
  }

  /** Every host allowed. */
  public static AllowedHosts any() {
    return ANY;
  }

  /** The list in {@value #ENV} of {@code env}; unset or blank: {@link #any()}. */
  public static AllowedHosts fromEnv(Function<String, String> env) {
    String value = env.apply(ENV);
    return value == null || value.isBlank() ? ANY : parse(ENV, value);
  }

  /**
   * Parses a comma-separated list.
   *
   * @param source what the list came from, named in errors
   * @throws IllegalArgumentException naming the source and the entry that is neither a host name,
   *     a {@code *.}domain, an IP address nor a CIDR block
   */
  public static AllowedHosts parse(String source, String list) {
    List<Entry> entries = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (String raw : list.split(",")) {
      String item = raw.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      entries.add(entry(source, item));
      kept.add(item);
    }
    return entries.isEmpty() ? ANY : new AllowedHosts(List.copyOf(entries), String.join(",", kept));
  }

  /** Whether every host is allowed. */
  public boolean allowsAny() {
    return entries.isEmpty();
  }

  /** The list as {@value #ENV} would give it (normalised; empty when every host is allowed). */
  public String asEnvValue() {
    return written;
  }

  /** Whether {@code host} (a name or IP literal, IPv6 with or without brackets) is allowed. */
  public boolean allows(String host) {
    if (entries.isEmpty()) {
      return true;
    }
    String h = normalise(host);
    if (h.isEmpty()) {
      return false;
    }
    byte[] ip = ipLiteral(h);
    for (Entry entry : entries) {
      if (entry.matches(h, ip)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why {@code address} may not be used, or empty when it may.
   *
   * @param field the field that holds it, as the user wrote it (e.g. {@code spec.redis.url})
   * @param address a comma list of {@code host:port} ({@link Kind#SERVERS}) or a URL with one or
   *     more hosts in its authority ({@link Kind#URL}: {@code redis://}, {@code redis-sentinel://h1,h2},
   *     {@code https://})
   */
  public Optional<String> refusal(String field, String address, Kind kind) {
    if (entries.isEmpty() || address == null) {
      return Optional.empty();
    }
    List<String> hosts = kind == Kind.SERVERS ? serverHosts(address) : urlHosts(address);
    if (hosts.isEmpty()) {
      return Optional.of(field + ": no host in \"" + Redaction.text(address) + "\" to check against " + ENV);
    }
    for (String host : hosts) {
      if (!allows(host)) {
        return Optional.of(field + ": host \"" + host + "\" is not in the operator's allowed hosts (" + ENV + "="
            + written + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * The first address of a runtime configuration this list refuses: the Kafka bootstrap servers,
   * the Redis URL (from {@link SecretEnv#REDIS_URL} when set, so a URL kept in a Secret is checked
   * too) and an ETL extract's {@code http}/{@code csv} URL.
   *
   * @return the refusal naming the field and host, or empty
   */
  public Optional<String> refusal(RuntimeConfig config, Function<String, String> env) {
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    List<Optional<String>> checks = new ArrayList<>();
    if (config.kafka() != null) {
      checks.add(refusal("kafka.bootstrapServers", config.kafka().bootstrapServers(), Kind.SERVERS));
    }
    if (config.redis() != null) {
      String fromSecret = env.apply(SecretEnv.REDIS_URL);
      checks.add(fromSecret != null && !fromSecret.isBlank()
          ? refusal(SecretEnv.REDIS_URL + " (the Pipeline's spec.redis.urlSecretRef)", fromSecret.trim(), Kind.URL)
          : refusal("redis.url", config.redis().url(), Kind.URL));
    }
    if (config.etl() != null && config.etl().extract() != null) {
      ExtractConfig extract = config.etl().extract();
      if (extract.http() != null) {
        checks.add(refusal("etl.extract.http.url", extract.http().url(), Kind.URL));
      }
      if (extract.csv() != null && extract.csv().url() != null) {
        checks.add(refusal("etl.extract.csv.url", extract.csv().url(), Kind.URL));
      }
    }
    return checks.stream().flatMap(Optional::stream).findFirst();
  }

  /** How an address is written. */
  public enum Kind {
    /** {@code host:port[,host:port...]}, as Kafka's {@code bootstrap.servers}. */
    SERVERS,
    /** {@code scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query]}. */
    URL
  }

  /** The hosts of a {@code bootstrap.servers} list. */
  static List<String> serverHosts(String servers) {
    List<String> hosts = new ArrayList<>();
    for (String raw : servers.split(",")) {
      String server = raw.trim();
      if (!server.isEmpty()) {
        hosts.add(hostOf(server));
      }
    }
    return hosts;
  }

  /** The hosts in a URL's authority; empty when it has none (or a template where a host would be). */
  static List<String> urlHosts(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return List.of();
    }
    String rest = url.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String authority = rest.substring(0, end);
    int userInfo = authority.lastIndexOf('@');
    if (userInfo >= 0) {
      authority = authority.substring(userInfo + 1);
    }
    if (authority.contains("{") || authority.contains("}")) {
      return List.of();
    }
    return serverHosts(authority).stream().filter(h -> !h.isEmpty()).toList();
  }

  private static String hostOf(String server) {
    if (server.startsWith("[")) {
      int close = server.indexOf(']');
      return close < 0 ? server : server.substring(1, close);
    }
    int colon = server.lastIndexOf(':');
    // exactly one colon: host:port; none, or several (a bare IPv6 literal): the whole is the host
    return colon >= 0 && server.indexOf(':') == colon ? server.substring(0, colon) : server;
  }

  private static String normalise(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    // a fully qualified name may end with the root's dot
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static Entry entry(String source, String item) {
    int slash = item.indexOf('/');
    if (slash >= 0) {
      byte[] network = ipLiteral(item.substring(0, slash));
      Integer bits = bits(item.substring(slash + 1));
      if (network == null || bits == null || bits > network.length * 8) {
        throw invalid(source, item);
      }
      return new Cidr(network, bits);
    }
    byte[] ip = ipLiteral(item);
    if (ip != null) {
      return new Cidr(ip, ip.length * 8);
    }
    if (item.startsWith("*.")) {
      String domain = item.substring(2);
      if (!HOST_NAME.matcher(domain).matches()) {
        throw invalid(source, item);
      }
      return new Suffix("." + domain);
    }
    if (!HOST_NAME.matcher(item).matches()) {
      throw invalid(source, item);
    }
    return new Exact(item);
  }

  private static IllegalArgumentException invalid(String source, String item) {
    return new IllegalArgumentException(source + ": \"" + item + "\" is neither a host name, *.domain, an IP address"
        + " nor a CIDR block (e.g. redis.data.svc, *.kafka.svc.cluster.local, 10.0.0.0/8)");
  }

  private static Integer bits(String text) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(text);
  }

  /** The address of an IPv4 or IPv6 literal, null for anything else (never a DNS lookup). */
  private static byte[] ipLiteral(String text) {
    boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = text.contains(":") && text.matches("[0-9a-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String part : text.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      // a literal only: getByName does not resolve strings of this shape
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private sealed interface Entry permits Exact, Suffix, Cidr {
    boolean matches(String host, byte[] ip);
  }

  private record Exact(String name) implements Entry {
    @Override
    public boolean matches(String host, byte[] ip) {
      return ip == null && host.equals(name);
    }
  }

  private record Suffix(String dotDomain) implements Entry {
    @Override
    public boolean matches(String host, byte[] ip) {
      return ip == null && host.endsWith(dotDomain) && host.length() > dotDomain.length();
    }
  }

  /** {@code network/bits}: the first {@code bits} bits of an IP literal of the same family equal the network's. */
  private record Cidr(byte[] network, int bits) implements Entry {
    @Override
    public boolean matches(String host, byte[] ip) {
      if (ip == null || ip.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((ip[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
