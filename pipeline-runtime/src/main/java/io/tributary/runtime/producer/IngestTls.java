package io.tributary.runtime.producer;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tributary.runtime.config.SourceConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * The server side of HTTPS on the ingest port, from the PEM files of {@code
 * producer.source.http.tls}. Everything is checked when the producer starts (the files are read,
 * the key parsed and proven to belong to the certificate), so a bad Secret fails the pod at once
 * with the field named, not the first client's handshake.
 */
final class IngestTls {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
  private static final String CERT_FIELD = "producer.source.http.tls.certFile";
  private static final String KEY_FIELD = "producer.source.http.tls.keyFile";

  private IngestTls() {}

  /**
   * @throws IllegalArgumentException naming {@code producer.source.http.tls.certFile} or
   *     {@code keyFile} (and the file, never its content) when a file is missing, unreadable, not
   *     PEM, encrypted, or the key does not belong to the certificate
   */
  static SslContext serverContext(SourceConfig.Http.Tls tls) {
    List<X509Certificate> chain = certificates(tls.certFile());
    PrivateKey key = privateKey(tls.keyFile());
    checkPair(chain.get(0), key, tls);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("ingest", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      return SslContextBuilder.forServer(keyManagers).sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2").build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(KEY_FIELD + " " + tls.keyFile() + ": cannot serve TLS with it ("
          + e.getMessage() + ")");
    }
  }

  private static List<X509Certificate> certificates(String file) {
    byte[] bytes = read(CERT_FIELD, file);
    try {
      List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes)).stream().map(c -> (X509Certificate) c).toList();
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(CERT_FIELD + " " + file + ": no PEM certificate in it");
      }
      return chain;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(CERT_FIELD + " " + file + ": not a PEM certificate (" + e.getMessage() + ")");
    }
  }

  private static PrivateKey privateKey(String file) {
    String text = new String(read(KEY_FIELD, file), StandardCharsets.US_ASCII);
    Matcher pem = PEM.matcher(text);
    while (pem.find()) {
      String type = pem.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // e.g. EC PARAMETERS before the key
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(pem.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(KEY_FIELD + " " + file + ": the " + type + " block is not base64");
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der, file);
        case "RSA PRIVATE KEY":
          return pkcs8(rsaPkcs1ToPkcs8(der), file);
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(KEY_FIELD + " " + file + ": the key is encrypted; give it unencrypted"
              + " (the Secret is the protection)");
        default:
          throw new IllegalArgumentException(KEY_FIELD + " " + file + ": a " + type + " block is not supported;"
              + " use PKCS#8 (BEGIN PRIVATE KEY; cert-manager: privateKey.encoding: PKCS8) or BEGIN RSA PRIVATE KEY");
      }
    }
    throw new IllegalArgumentException(KEY_FIELD + " " + file + ": no PEM private key in it");
  }

  private static PrivateKey pkcs8(byte[] der, String file) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException tryNext) {
        // the next algorithm
      }
    }
    throw new IllegalArgumentException(KEY_FIELD + " " + file + ": not an RSA, EC or EdDSA private key");
  }

  /** Proves that {@code key} is the certificate's: a signature with it verifies with the certificate. */
  private static void checkPair(X509Certificate certificate, PrivateKey key, SourceConfig.Http.Tls tls) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448
    };
    boolean matches;
    try {
      byte[] probe = "tributary".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(KEY_FIELD + " " + tls.keyFile() + ": the key does not belong to the first"
          + " certificate of " + CERT_FIELD + " " + tls.certFile());
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (what the JDK's KeyFactory reads). */
  private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    // SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01, 0x05, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(der(0x04, pkcs1));
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] read(String field, String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(field + " " + file + ": cannot read it (" + e + ")");
    }
  }
}
