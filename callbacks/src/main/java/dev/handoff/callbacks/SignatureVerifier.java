package dev.handoff.callbacks;

import dev.handoff.model.Credentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Tells a request Plivo made from a forgery, by its V3 signature ({@code X-Plivo-Signature-V3} and
 * {@code X-Plivo-Signature-Ma-V3}, with {@code X-Plivo-Signature-V3-Nonce}), as Plivo's "Validate
 * requests from Plivo" document and its SDKs describe it.
 *
 * <p>The signed URL is the one Plivo requested, which behind a TLS-terminating proxy or load
 * balancer is not the one the application sees. So the builder makes the application say where it
 * comes from: a {@linkplain Builder#publicBaseUrl configured public base URL} plus the request's
 * path (the safe choice behind a proxy), {@linkplain Builder#trustForwardedHeaders forwarded
 * headers} (only when the proxy sets them and strips the client's), or the {@linkplain
 * Builder#useRequestUrl request's own URL} (no proxy, or a URL captured as Plivo sent it).
 *
 * <p>{@link #verify} never throws for a bad request: a missing or duplicated header, a malformed
 * URL or body, a wrong token all answer {@link Verification} "not genuine" with a {@link
 * Verification.Reason}. Signatures are compared in constant time ({@link MessageDigest#isEqual}).
 * The legacy V2 signature, which signs no body, is not accepted (and not implemented). The Auth
 * Token appears in no message and no {@code toString}. Immutable and thread-safe: build one per
 * application.
 */
public final class SignatureVerifier {
  static final String SIGNATURE = "x-plivo-signature-v3";
  static final String MAIN_ACCOUNT_SIGNATURE = "x-plivo-signature-ma-v3";
  static final String NONCE = "x-plivo-signature-v3-nonce";
  static final String LEGACY_V2_SIGNATURE = "x-plivo-signature-v2";

  private final SecretKeySpec key;
  private final PublicUrl.Source source;
  private final @Nullable URI base;
  private final @Nullable NonceCache nonces;

  private SignatureVerifier(Builder builder, PublicUrl.Source source) {
    this.key = builder.key;
    this.source = source;
    this.base = builder.base;
    this.nonces = builder.nonces;
  }

  /**
   * A builder that checks signatures made with {@code credentials}' Auth Token: the account's or
   * subaccount's (then {@code X-Plivo-Signature-V3} matches) or the main account's (then {@code
   * X-Plivo-Signature-Ma-V3} matches).
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  public static Builder builder(Credentials credentials) {
    return new Builder(Objects.requireNonNull(credentials, "credentials").authToken());
  }

  /**
   * A builder for the Auth Token {@code authToken}.
   *
   * @throws NullPointerException if {@code authToken} is null
   * @throws IllegalArgumentException if {@code authToken} is empty (the message does not quote it)
   */
  public static Builder builder(String authToken) {
    Objects.requireNonNull(authToken, "authToken");
    if (authToken.isEmpty()) {
      throw new IllegalArgumentException("authToken must not be empty");
    }
    return new Builder(authToken);
  }

  /**
   * Checks {@code request}'s V3 signatures; with a {@link NonceCache}, a matching request whose
   * nonce was seen already is {@link Verification.Reason#REPLAYED_NONCE}. Blocks only as long as
   * {@link NonceCache#firstSeen} does (the in-memory one does not).
   *
   * @return genuine, or not genuine with the first reason found
   * @throws NullPointerException if {@code request} is null
   */
  public Verification verify(CallbackRequest request) {
    Objects.requireNonNull(request, "request");
    Checked checked = check(request);
    if (!checked.verification.genuine() || nonces == null) {
      return checked.verification;
    }
    return nonces.firstSeen(checked.nonce)
        ? checked.verification
        : Verification.notGenuine(Verification.Reason.REPLAYED_NONCE);
  }

  /**
   * {@link #verify} that asks the {@link NonceCache} through {@link NonceCache#firstSeenAsync}: for
   * an event loop. The signature is checked on the calling thread (microseconds).
   *
   * @return completes with the verification, or exceptionally if the nonce cache failed
   * @throws NullPointerException if {@code request} is null
   */
  public CompletionStage<Verification> verifyAsync(CallbackRequest request) {
    Objects.requireNonNull(request, "request");
    Checked checked = check(request);
    if (!checked.verification.genuine() || nonces == null) {
      return CompletableFuture.completedFuture(checked.verification);
    }
    return nonces
        .firstSeenAsync(checked.nonce)
        .thenApply(
            first ->
                first
                    ? checked.verification
                    : Verification.notGenuine(Verification.Reason.REPLAYED_NONCE));
  }

  private record Checked(Verification verification, String nonce) {}

  private Checked check(CallbackRequest request) {
    Verification.Reason failure = null;
    String method = request.method();
    boolean post = method.equals("POST");
    List<String> nonceLines = request.header(NONCE);
    List<String> signatureLines = request.header(SIGNATURE);
    List<String> mainLines = request.header(MAIN_ACCOUNT_SIGNATURE);
    if (!post && !method.equals("GET")) {
      failure = Verification.Reason.UNSUPPORTED_METHOD;
    } else if (nonceLines.size() > 1 || signatureLines.size() > 1 || mainLines.size() > 1) {
      failure = Verification.Reason.DUPLICATED_HEADER;
    } else if (signatureLines.isEmpty() && mainLines.isEmpty()) {
      failure =
          request.header(LEGACY_V2_SIGNATURE).isEmpty()
              ? Verification.Reason.MISSING_SIGNATURE
              : Verification.Reason.ONLY_LEGACY_V2_SIGNATURE;
    } else if (nonceLines.isEmpty() || nonceLines.get(0).isEmpty()) {
      failure = Verification.Reason.MISSING_NONCE;
    }
    if (failure != null) {
      return new Checked(Verification.notGenuine(failure), "");
    }
    String nonce = nonceLines.get(0);
    String url = PublicUrl.of(source, base, request);
    if (url == null) {
      return new Checked(Verification.notGenuine(Verification.Reason.MALFORMED_URL), nonce);
    }
    List<Map.Entry<String, String>> query;
    List<Map.Entry<String, String>> body;
    try {
      query = request.queryParameters();
      body = post ? request.bodyParameters() : List.of();
    } catch (IllegalArgumentException e) {
      return new Checked(Verification.notGenuine(Verification.Reason.MALFORMED_PARAMETERS), nonce);
    }
    byte[] expected =
        SignatureV3.sign(key, SignatureV3.stringToSign(post, url, query, body, nonce))
            .getBytes(StandardCharsets.US_ASCII);
    List<String> candidates = new ArrayList<>();
    for (String line : signatureLines) {
      candidates.addAll(List.of(line.split(",", -1)));
    }
    for (String line : mainLines) {
      candidates.addAll(List.of(line.split(",", -1)));
    }
    boolean matched = false;
    for (String candidate : candidates) {
      // Every candidate is compared, so the time taken does not tell which one came close.
      matched |= MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.UTF_8));
    }
    return new Checked(
        matched
            ? Verification.genuineRequest()
            : Verification.notGenuine(Verification.Reason.SIGNATURE_MISMATCH),
        nonce);
  }

  /** Shows where the public URL comes from; never the Auth Token. */
  @Override
  public String toString() {
    return "SignatureVerifier[publicUrl="
        + (source == PublicUrl.Source.CONFIGURED_BASE ? base : source)
        + ", nonceCache="
        + nonces
        + "]";
  }

  /**
   * Builds a {@link SignatureVerifier}. Exactly one of {@link #publicBaseUrl}, {@link
   * #trustForwardedHeaders} and {@link #useRequestUrl} must be chosen. Not thread-safe.
   */
  public static final class Builder {
    private final SecretKeySpec key;
    private PublicUrl.@Nullable Source source;
    private @Nullable URI base;
    private @Nullable NonceCache nonces;

    private Builder(String authToken) {
      this.key = SignatureV3.key(authToken);
    }

    /**
     * The application's public base URL, as Plivo requests it: the scheme, host and port of the
     * URLs it gave Plivo ({@code aleg_url}, ...), and optionally a path prefix a proxy strips. The
     * signed URL is this base followed by the request's path (and its query): {@code
     * https://calls.example.com/app} with a request to {@code /hold.xml} verifies as {@code
     * https://calls.example.com/app/hold.xml}. The request's host, scheme and forwarded headers are
     * ignored. Give the port when the URLs Plivo requests carry one ({@code :8443}).
     *
     * @param baseUrl an absolute http(s) URL with a host, without query, fragment or user info
     * @throws NullPointerException if {@code baseUrl} is null
     * @throws IllegalArgumentException if {@code baseUrl} is not such a URL (quoted)
     * @throws IllegalStateException if another source of the public URL was chosen
     */
    public Builder publicBaseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI uri;
      try {
        uri = new URI(baseUrl);
      } catch (URISyntaxException e) {
        throw invalidBase(baseUrl, e);
      }
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.isOpaque()
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw invalidBase(baseUrl, null);
      }
      choose(PublicUrl.Source.CONFIGURED_BASE);
      this.base = uri;
      return this;
    }

    /**
     * Takes the scheme and host Plivo requested from {@code Forwarded} ({@code proto}, {@code
     * host}; RFC 7239), else {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code
     * X-Forwarded-Port} (a port that is the scheme's default is left out), else from the request's
     * own URL or {@code Host}; the first value of each, the one the proxy nearest to Plivo set.
     * Only when every request reaches the application through a proxy that sets these headers and
     * removes the client's: anyone else can set them.
     *
     * @throws IllegalStateException if another source of the public URL was chosen
     */
    public Builder trustForwardedHeaders() {
      choose(PublicUrl.Source.FORWARDED_HEADERS);
      return this;
    }

    /**
     * Takes the request's absolute target as the URL Plivo requested: the application is reached
     * directly, not through a proxy, or the request was captured as Plivo sent it (the {@code
     * handoff verify-signature} command). A request whose target is only a path is then {@link
     * Verification.Reason#MALFORMED_URL}.
     *
     * @throws IllegalStateException if another source of the public URL was chosen
     */
    public Builder useRequestUrl() {
      choose(PublicUrl.Source.REQUEST_URL);
      return this;
    }

    /**
     * Refuses replays: a request whose nonce {@code cache} has seen is {@link
     * Verification.Reason#REPLAYED_NONCE}. Without one (the default), a captured request can be
     * replayed.
     *
     * @throws NullPointerException if {@code cache} is null
     */
    public Builder nonceCache(NonceCache cache) {
      this.nonces = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * The verifier.
     *
     * @throws IllegalStateException if no source of the public URL was chosen
     */
    public SignatureVerifier build() {
      if (source == null) {
        throw new IllegalStateException(
            "the public URL must be configured: call publicBaseUrl(...) (behind a proxy),"
                + " trustForwardedHeaders() or useRequestUrl()");
      }
      return new SignatureVerifier(this, source);
    }

    private void choose(PublicUrl.Source chosen) {
      if (source != null && source != chosen) {
        throw new IllegalStateException(
            "the public URL comes from one source only; " + describe(source) + " was chosen");
      }
      source = chosen;
    }

    private static String describe(PublicUrl.Source source) {
      switch (source) {
        case CONFIGURED_BASE:
          return "publicBaseUrl(...)";
        case FORWARDED_HEADERS:
          return "trustForwardedHeaders()";
        default:
          return "useRequestUrl()";
      }
    }

    private static IllegalArgumentException invalidBase(String baseUrl, @Nullable Exception cause) {
      return new IllegalArgumentException(
          "baseUrl must be an absolute http or https URL with a host, without query, fragment or"
              + " user info, was \""
              + baseUrl.replaceAll("//[^/@]*@", "//****@")
              + "\"",
          cause);
    }
  }
}
