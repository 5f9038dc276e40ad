package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.model.Credentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Handoff} needs besides its transport. Immutable and thread-safe; {@link
 * #toString()} never shows the Auth Token.
 *
 * <pre>{@code
 * HandoffConfig config = HandoffConfig.builder(Credentials.fromEnvironment())
 *     .timeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * @param credentials the account's Auth ID and Auth Token
 * @param phloBaseUrl the PHLO runner's base URL; {@code https://phlorunner.plivo.com} by default
 * @param voiceBaseUrl the Voice API's base URL; {@code https://api.plivo.com} by default
 * @param connectTimeout how long one connection attempt may take; 5 s by default
 * @param timeout the deadline of a whole operation, every attempt and every wait between attempts
 *     included; 15 s by default
 * @param retryPolicy which failures are sent again and when; {@link RetryPolicy#defaults()} by
 *     default
 * @param listener receives every operation's events; {@link TransferListener#NONE} by default
 * @param operationInterceptors act around each operation, first outermost; none by default (see
 *     {@link Interceptor} for the order of everything)
 * @param attemptInterceptors act around each attempt, first outermost; none by default
 * @param executor where an operation's retries run and where it completes when Handoff's deadline
 *     ends it, for operations that did not start on a Vert.x context (which is used instead); null
 *     (the default) for Handoff's own threads, started on first need. Completions that carry
 *     Plivo's response run on the transport's threads. See {@link Builder#executor}
 * @param transport the name of the transport {@link Handoff#create(HandoffConfig)} chooses among
 *     those on the class path, for example {@code "jdk"}; null (the default) when exactly one is
 *     there. See {@link Builder#transport}
 * @param proxy the HTTP proxy every transport sends through; null (the default) to connect directly
 *     (the Retrofit transport then still honours the JVM's default {@code ProxySelector}, the other
 *     two do not). See {@link Builder#proxy}
 * @param trustedCertificates the CA certificates the transports trust instead of the JVM's default
 *     trust store; null (the default) for the JVM's. See {@link Builder#trustedCertificates}
 * @param sslContext the TLS context the transports use instead of their default one, for full
 *     control (client certificates, say); null (the default) for theirs. At most one of {@code
 *     trustedCertificates} and {@code sslContext}. See {@link Builder#sslContext}
 */
public record HandoffConfig(
    Credentials credentials,
    URI phloBaseUrl,
    URI voiceBaseUrl,
    Duration connectTimeout,
    Duration timeout,
    RetryPolicy retryPolicy,
    TransferListener listener,
    List<Interceptor> operationInterceptors,
    List<Interceptor> attemptInterceptors,
    @Nullable Executor executor,
    @Nullable String transport,
    @Nullable HttpProxy proxy,
    @Nullable KeyStore trustedCertificates,
    @Nullable SSLContext sslContext) {

  /** Plivo's PHLO runner: {@code https://phlorunner.plivo.com}. */
  public static final URI DEFAULT_PHLO_BASE_URL = URI.create("https://phlorunner.plivo.com");

  /** Plivo's Voice API: {@code https://api.plivo.com}. */
  public static final URI DEFAULT_VOICE_BASE_URL = URI.create("https://api.plivo.com");

  /** 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** 15 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** How long an idempotency key is remembered by default: 24 hours. */
  public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern TRANSPORT_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  /**
   * Validates every field and drops a trailing {@code /} from the base URLs.
   *
   * @throws NullPointerException naming a null field
   * @throws IllegalArgumentException naming the field and the rule it breaks: a base URL must be an
   *     absolute {@code https} URL (or {@code http} on a loopback host: {@code localhost}, {@code
   *     127.0.0.0/8}, {@code [::1]}) without user info, query or fragment, without an IPv6 zone,
   *     and a port, if it has one, of 1-65535; timeouts must be positive and at most 10 minutes; a
   *     transport name, if any, 1-40 characters of {@code a-z 0-9 . _ -} starting with a letter or
   *     digit. A rejected URL is quoted with any user info shown as {@code ****}; at most one of
   *     {@code trustedCertificates} and {@code sslContext}, and a {@code trustedCertificates} key
   *     store that is loaded and holds at least one certificate
   * @throws NullPointerException naming a null field, or an interceptor list holding null
   */
  public HandoffConfig {
    Checks.notNull(credentials, "credentials");
    phloBaseUrl = baseUrl(phloBaseUrl, "phloBaseUrl");
    voiceBaseUrl = baseUrl(voiceBaseUrl, "voiceBaseUrl");
    duration(connectTimeout, "connectTimeout");
    duration(timeout, "timeout");
    Checks.notNull(retryPolicy, "retryPolicy");
    Checks.notNull(listener, "listener");
    operationInterceptors = interceptors(operationInterceptors, "operationInterceptors");
    attemptInterceptors = interceptors(attemptInterceptors, "attemptInterceptors");
    if (transport != null && !TRANSPORT_NAME.matcher(transport).matches()) {
      throw new IllegalArgumentException(
          "transport must be a transport's name such as \"retrofit\", \"vertx\" or \"jdk\", was "
              + Checks.quote(transport));
    }
    if (trustedCertificates != null && sslContext != null) {
      throw new IllegalArgumentException(
          "trustedCertificates and sslContext must not both be set: trustedCertificates replaces"
              + " the trusted CAs, sslContext replaces the whole TLS setup");
    }
    if (trustedCertificates != null) {
      trustedCertificates(trustedCertificates);
    }
  }

  private static void trustedCertificates(KeyStore store) {
    try {
      boolean any = false;
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias) || store.getCertificate(alias) != null) {
          any = true;
          break;
        }
      }
      if (!any) {
        throw new IllegalArgumentException(
            "trustedCertificates must hold at least one CA certificate, held none");
      }
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException(
          "trustedCertificates must be a loaded KeyStore (KeyStore.load), was not loaded", e);
    }
  }

  /** A configuration with every default and {@code credentials}. */
  public static HandoffConfig of(Credentials credentials) {
    return builder(credentials).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(Credentials credentials) {
    return new Builder(credentials);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(credentials)
        .phloBaseUrl(phloBaseUrl)
        .voiceBaseUrl(voiceBaseUrl)
        .connectTimeout(connectTimeout)
        .timeout(timeout)
        .retryPolicy(retryPolicy)
        .listener(listener)
        .operationInterceptors(operationInterceptors)
        .attemptInterceptors(attemptInterceptors)
        .executor(executor)
        .transport(transport)
        .proxy(proxy)
        .trustedCertificates(trustedCertificates)
        .sslContext(sslContext);
  }

  /**
   * Whether {@code host} is a loopback host name or address: {@code localhost}, {@code 127.0.0.0/8}
   * or {@code [::1]}. No name is resolved.
   */
  static boolean isLoopback(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("localhost")
        || lower.equals("[::1]")
        || lower.equals("::1")
        || IPV4_LOOPBACK.matcher(lower).matches();
  }

  private static URI baseUrl(@Nullable URI url, String field) {
    url = Checks.notNull(url, field);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String rule =
        " must be an absolute https URL (http only on localhost, 127.0.0.0/8 or [::1]) without user"
            + " info, query or fragment, was "
            + Checks.quote(url);
    if (!url.isAbsolute()
        || url.getHost() == null
        || url.getRawUserInfo() != null
        || url.getRawQuery() != null
        || url.getRawFragment() != null
        || !(scheme.equals("https") || (scheme.equals("http") && isLoopback(url.getHost())))) {
      throw new IllegalArgumentException(field + rule);
    }
    if (url.getPort() != -1 && (url.getPort() < 1 || url.getPort() > 65535)) {
      // URI takes any number of digits that fits an int; a client would refuse it later, untyped.
      throw new IllegalArgumentException(
          field + " must have a port of 1-65535, was " + Checks.quote(url));
    }
    if (url.getHost().indexOf('%') >= 0) {
      // A link-local zone (fe80::1%eth0) means nothing to Plivo's hosts, and OkHttp refuses it.
      throw new IllegalArgumentException(
          field + " must not name an IPv6 zone, was " + Checks.quote(url));
    }
    String text = url.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static List<Interceptor> interceptors(@Nullable List<Interceptor> list, String field) {
    list = Checks.notNull(list, field);
    for (int i = 0; i < list.size(); i++) {
      Checks.notNull(list.get(i), field + "[" + i + "]");
    }
    return List.copyOf(list);
  }

  private static void duration(@Nullable Duration value, String field) {
    value = Checks.notNull(value, field);
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          field + " must be positive and at most 10 minutes, was " + value);
    }
  }

  /** Builds a {@link HandoffConfig}; every setter is optional. Not thread-safe. */
  public static final class Builder {
    private final Credentials credentials;
    private URI phloBaseUrl = DEFAULT_PHLO_BASE_URL;
    private URI voiceBaseUrl = DEFAULT_VOICE_BASE_URL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration timeout = DEFAULT_TIMEOUT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private TransferListener listener = TransferListener.NONE;
    private final List<Interceptor> operationInterceptors = new ArrayList<>();
    private final List<Interceptor> attemptInterceptors = new ArrayList<>();
    private @Nullable Executor executor;
    private @Nullable String transport;
    private @Nullable HttpProxy proxy;
    private @Nullable KeyStore trustedCertificates;
    private @Nullable SSLContext sslContext;
    private @Nullable RateBudget rateBudget;
    private FailureMode rateBudgetMode = FailureMode.FAIL_OPEN;
    private @Nullable IdempotencyStore idempotencyStore;
    private Duration retention = DEFAULT_IDEMPOTENCY_RETENTION;
    private FailureMode idempotencyMode = FailureMode.FAIL_CLOSED;

    private Builder(Credentials credentials) {
      this.credentials = Checks.notNull(credentials, "credentials");
    }

    /** The PHLO runner's base URL; checked by {@link #build()}. */
    public Builder phloBaseUrl(URI phloBaseUrl) {
      this.phloBaseUrl = Checks.notNull(phloBaseUrl, "phloBaseUrl");
      return this;
    }

    /**
     * The PHLO runner's base URL, parsed.
     *
     * @throws IllegalArgumentException if {@code phloBaseUrl} is not a URL
     */
    public Builder phloBaseUrl(String phloBaseUrl) {
      return phloBaseUrl(parse(phloBaseUrl, "phloBaseUrl"));
    }

    /** The Voice API's base URL; checked by {@link #build()}. */
    public Builder voiceBaseUrl(URI voiceBaseUrl) {
      this.voiceBaseUrl = Checks.notNull(voiceBaseUrl, "voiceBaseUrl");
      return this;
    }

    /**
     * The Voice API's base URL, parsed.
     *
     * @throws IllegalArgumentException if {@code voiceBaseUrl} is not a URL
     */
    public Builder voiceBaseUrl(String voiceBaseUrl) {
      return voiceBaseUrl(parse(voiceBaseUrl, "voiceBaseUrl"));
    }

    /** How long one connection attempt may take. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Checks.notNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** The deadline of a whole operation, retries included. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.notNull(timeout, "timeout");
      return this;
    }

    /** Which failures are retried; {@link RetryPolicy#none()} turns retries off. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Receives every operation's events. */
    public Builder listener(TransferListener listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * Adds an interceptor around each operation, inside those added before it: once per {@link
     * Handoff} call, around all its attempts. See {@link Interceptor}.
     */
    public Builder addOperationInterceptor(Interceptor interceptor) {
      operationInterceptors.add(Checks.notNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Adds an interceptor around each attempt, inside those added before it: the first attempt and
     * every retry. See {@link Interceptor}.
     */
    public Builder addAttemptInterceptor(Interceptor interceptor) {
      attemptInterceptors.add(Checks.notNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Where operations run what Handoff's own timer would otherwise run: each retry (its attempt
     * interceptors, listener events and the transport's send) and the failure of an operation whose
     * deadline passed (its listener event and the future's dependent stages), as {@code
     * java.net.http.HttpClient.Builder.executor} does. Handoff's timer then only keeps time, so a
     * completion callback that blocks delays no other operation's deadline. An operation started on
     * a Vert.x context uses that context instead. A task the executor rejects runs on the timer's
     * thread. Without one, Handoff starts its own daemon threads ({@code handoff-completion-*}) on
     * first need and ends them on {@code close()}; an executor given here is never shut down by
     * Handoff.
     *
     * @param executor the executor, or null for Handoff's own threads
     */
    public Builder executor(@Nullable Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Which transport {@link Handoff#create(HandoffConfig)} uses when several are on the class path
     * or module path: its name, {@code "retrofit"}, {@code "vertx"} or {@code "jdk"} (or a third
     * party's). Whether a transport of that name is there is checked when the Handoff is created,
     * which then fails with {@link IllegalStateException} naming those it found. The transports'
     * own factories ({@code RetrofitHandoff.create(config)} ...) and {@link Handoff#create(
     * dev.handoff.spi.CallControl, HandoffConfig)} ignore it.
     *
     * @param transport the transport's name, or null (the default) for the only one there
     */
    public Builder transport(@Nullable String transport) {
      this.transport = transport;
      return this;
    }

    /**
     * Shares {@code budget} among every Handoff given it (one JVM with {@link RateBudget#inMemory},
     * a fleet with {@code handoff-redis}): each attempt, the first and every retry, takes a permit
     * before it is sent, per Plivo account (a SHA-256 hash of the Auth ID names the account; the
     * Auth Token is never used). An attempt waits for a permit, asynchronously and within the
     * operation's deadline ({@link TransferListener#rateBudgetWait}), or fails at once with {@link
     * dev.handoff.model.RateBudgetExhaustedException} ({@code NOT_SENT}) when the wait would pass
     * the deadline. When the budget's store fails, the attempt is sent uncoordinated ({@link
     * FailureMode#FAIL_OPEN}); see {@link #rateBudget(RateBudget, FailureMode)}. Added as the
     * innermost attempt interceptor, so the permit is taken just before the transport; it is
     * released once the attempt's answer has arrived (see {@link RateBudget} for why it counts
     * until then). With an {@link #idempotencyStore}, a keyed operation's claim takes the first
     * permit and its settle releases the last, in the same store calls.
     *
     * @param budget the budget, or null for none (the default); Handoff does not close it
     */
    public Builder rateBudget(@Nullable RateBudget budget) {
      return rateBudget(budget, FailureMode.FAIL_OPEN);
    }

    /**
     * As {@link #rateBudget(RateBudget)}, choosing what an attempt does when the budget's store
     * fails or cannot be reached: {@link FailureMode#FAIL_OPEN} sends it uncoordinated (the
     * default), {@link FailureMode#FAIL_CLOSED} fails it with {@link
     * dev.handoff.model.CoordinationUnavailableException}; either way the listener hears {@link
     * TransferListener#coordinationFailed}.
     */
    public Builder rateBudget(@Nullable RateBudget budget, FailureMode onStoreFailure) {
      this.rateBudget = budget;
      this.rateBudgetMode = Checks.notNull(onStoreFailure, "onStoreFailure");
      return this;
    }

    /**
     * De-duplicates the operations started through {@link Handoff#withIdempotencyKey} in {@code
     * store}, keeping outcomes for 24 hours ({@link #DEFAULT_IDEMPOTENCY_RETENTION}), and refusing
     * an operation when the store fails ({@link FailureMode#FAIL_CLOSED}). Added as the innermost
     * operation interceptor.
     *
     * @param store the store, or null for none (the default); Handoff does not close it
     */
    public Builder idempotencyStore(@Nullable IdempotencyStore store) {
      return idempotencyStore(store, DEFAULT_IDEMPOTENCY_RETENTION, FailureMode.FAIL_CLOSED);
    }

    /**
     * As {@link #idempotencyStore(IdempotencyStore)}, with how long a claim and its outcome are
     * kept, and what an operation does when the store fails: {@link FailureMode#FAIL_CLOSED}
     * refuses it with {@link dev.handoff.model.CoordinationUnavailableException} ({@code NOT_SENT},
     * the default), {@link FailureMode#FAIL_OPEN} sends it without de-duplication.
     *
     * @param retention how long a key is remembered; 1 second to 30 days
     * @throws IllegalArgumentException if {@code retention} is out of range
     */
    public Builder idempotencyStore(
        @Nullable IdempotencyStore store, Duration retention, FailureMode onStoreFailure) {
      Checks.notNull(retention, "retention");
      if (retention.compareTo(Duration.ofSeconds(1)) < 0
          || retention.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException(
            "retention must be 1 second to 30 days, was " + retention);
      }
      this.idempotencyStore = store;
      this.retention = retention;
      this.idempotencyMode = Checks.notNull(onStoreFailure, "onStoreFailure");
      return this;
    }

    /**
     * The HTTP proxy every transport sends through: {@code https} requests through a {@code
     * CONNECT} tunnel, authenticating with {@code Basic} when the proxy answers {@code 407} and the
     * proxy has credentials, except to the hosts it {@link HttpProxy#bypasses}. The JDK transport
     * authenticates to a tunnelling proxy only when the JVM allows {@code Basic} for tunnels (see
     * {@code JdkHandoff}).
     *
     * @param proxy the proxy, or null (the default) to connect directly
     */
    public Builder proxy(@Nullable HttpProxy proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * The CA certificates the transports trust, instead of the JVM's default trust store: a private
     * CA, say, in front of the internet (TLS inspection). Each certificate entry of the key store
     * is a trust anchor; the server's host name is still verified. Not with {@link #sslContext}.
     *
     * @param trustedCertificates a loaded key store holding at least one certificate, or null (the
     *     default) for the JVM's trust store
     */
    public Builder trustedCertificates(@Nullable KeyStore trustedCertificates) {
      this.trustedCertificates = trustedCertificates;
      return this;
    }

    /**
     * The TLS context every transport makes its connections with, for full control: trust managers,
     * key managers (client certificates), protocols. The server's host name is still verified. Not
     * with {@link #trustedCertificates}.
     *
     * @param sslContext an initialised context, or null (the default) for the transport's own
     */
    public Builder sslContext(@Nullable SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    private Builder operationInterceptors(List<Interceptor> interceptors) {
      operationInterceptors.clear();
      operationInterceptors.addAll(interceptors);
      return this;
    }

    private Builder attemptInterceptors(List<Interceptor> interceptors) {
      attemptInterceptors.clear();
      attemptInterceptors.addAll(interceptors);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException naming the field and the rule it breaks
     */
    public HandoffConfig build() {
      List<Interceptor> operations = new ArrayList<>(operationInterceptors);
      List<Interceptor> attempts = new ArrayList<>(attemptInterceptors);
      if (idempotencyStore != null || rateBudget != null) {
        String account = IdempotencyInterceptor.sha256(credentials.authId());
        RateBudgetInterceptor budget =
            rateBudget == null
                ? null
                : new RateBudgetInterceptor(rateBudget, account, rateBudgetMode);
        if (idempotencyStore != null) {
          operations.add(
              new IdempotencyInterceptor(
                  idempotencyStore, account, retention, idempotencyMode, budget));
        }
        if (budget != null) {
          attempts.add(budget);
        }
      }
      return new HandoffConfig(
          credentials,
          phloBaseUrl,
          voiceBaseUrl,
          connectTimeout,
          timeout,
          retryPolicy,
          listener,
          operations,
          attempts,
          executor,
          transport,
          proxy,
          trustedCertificates,
          sslContext);
    }

    private static URI parse(String url, String field) {
      Checks.notNull(url, field);
      try {
        return new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            field
                + " must be an absolute https URL (http only on localhost, 127.0.0.0/8 or [::1]),"
                + " was "
                + Checks.quoteUrl(url),
            e);
      }
    }
  }
}
