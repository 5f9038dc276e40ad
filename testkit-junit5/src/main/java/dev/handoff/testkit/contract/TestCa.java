package dev.handoff.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA for loopback tests, and a server certificate it signed for {@code 127.0.0.1} (and
 * {@code localhost}): the stand-in for a corporate CA that inspects TLS. Trust it only in tests;
 * its keys ship in this jar. {@link NetworkContract} serves a {@code FakePlivoServer} over HTTPS
 * with {@link #serverTls()} and checks that a transport trusts it with {@link #certificates()} and
 * refuses it without.
 *
 * <p>The CA and the server key are EC P-256, valid until 2125 (made with {@code keytool}; the
 * recipe is in {@code network-README.txt} beside them).
 */
public final class TestCa {
  private static final String STORE_PASSWORD = "changeit";

  private TestCa() {}

  /**
   * The CA's certificate as PEM text ({@code -----BEGIN CERTIFICATE-----}): a CLI's {@code
   * --ca-file}.
   */
  public static String certificatesPem() {
    try (InputStream pem = resource("network-ca.pem")) {
      return new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The CA's certificate in a fresh {@code PKCS12} key store, as a user loads a PEM file: what
   * {@code HandoffConfig.Builder.trustedCertificates} takes.
   */
  public static KeyStore certificates() {
    try (InputStream pem = resource("network-ca.pem")) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client {@link SSLContext} trusting only {@code store}'s certificates. */
  public static SSLContext trusting(KeyStore store) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A server {@link SSLContext} with the key and certificate the CA signed for {@code 127.0.0.1}
   * (subject alternative names {@code IP:127.0.0.1}, {@code DNS:localhost}), for {@code
   * FakePlivoServer.startHttps}.
   */
  public static SSLContext serverTls() {
    try (InputStream in = resource("network-server.p12")) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, STORE_PASSWORD.toCharArray());
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, STORE_PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TestCa.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + name);
    }
    return in;
  }
}
