package io.tributary.runtime.producer;

import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Every hostile-client case of {@link HostileClientsIT} over HTTPS ({@code
 * producer.source.http.tls}): the timeouts, the connection and request bounds and the 429s work
 * the same with TLS in front (the limits see the decrypted bytes; the header timeout also bounds a
 * handshake that never ends).
 */
class HostileClientsOverTlsIT extends HostileClientsIT {
  private static final TestCertificates CA = TestCertificates.newCa("tributary-test-ingest-ca");
  private static final Path DIR;
  private static final SourceConfig.Http.Tls TLS;

  static {
    try {
      DIR = Files.createTempDirectory("tributary-ingest-tls-");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestCertificates.Issued server = CA.server("ingest");
    TLS = new SourceConfig.Http.Tls(
        TestCertificates.write(DIR, "tls.crt", server.certificatePem()).toString(),
        TestCertificates.write(DIR, "tls.key", server.keyPem()).toString());
  }

  @Override
  SourceConfig.Http.Tls tls() {
    return TLS;
  }

  /**
   * A longer body timeout: the raw clients' handshakes take a while on a loaded machine, and the
   * bound on pending requests is only reached when all the slow bodies are in before the first one
   * times out. Every assertion still waits far longer than any timeout.
   */
  @Override
  io.tributary.runtime.config.HttpLimits limits(io.tributary.runtime.config.HttpLimits asked) {
    return new io.tributary.runtime.config.HttpLimits(asked.headerTimeout(), "6s", asked.idleTimeout(),
        asked.maxConnections(), asked.maxPendingRequests(), asked.maxHeaderBytes());
  }

  @Override
  HttpClient.Builder httpClient() {
    return HttpClient.newBuilder().sslContext(HttpsIngestIT.trusting(CA));
  }

  @Override
  SocketFactory sockets() {
    return HttpsIngestIT.trusting(CA).getSocketFactory();
  }
}
