package dev.handoff.testkit;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.WebhookUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Does what Plivo does after a call transfer: fetches each moved leg's URL from the application,
 * signed, with Plivo's parameters and the retry settings of the URL's fragment, and runs the XML it
 * answers into the {@link CallModel}. Asynchronous (the JDK's {@link HttpClient#sendAsync}); {@link
 * #await} waits for every follow-up started to finish.
 */
final class TransferFollower {
  /** How many {@code Redirect}s a leg follows before the fake calls it a loop. */
  static final int MAX_REDIRECTS = 10;

  private final Credentials credentials;
  private final CallModel model;

  /** One client per connect timeout: the JDK sets that per client. */
  private final Map<Long, HttpClient> clients = new ConcurrentHashMap<>();

  private int inFlight;

  TransferFollower(Credentials credentials, CallModel model) {
    this.credentials = credentials;
    this.model = model;
  }

  /** Starts fetching the legs {@code transfer} moved; the model already applied it. */
  void follow(CallTransfer transfer) {
    CallModel.Follow call = model.follow(transfer.callUuid());
    if (call == null) {
      return;
    }
    if (transfer.legs().aLegUrl() != null) {
      new Leg(call, true).fetch(transfer.legs().aLegUrl(), "Transfer");
    }
    if (transfer.legs().bLegUrl() != null) {
      new Leg(call, false).fetch(transfer.legs().bLegUrl(), "Transfer");
    }
  }

  /**
   * Waits until no follow-up is in progress.
   *
   * @return whether that happened within {@code timeout}
   */
  synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private synchronized void begin() {
    inFlight++;
  }

  private synchronized void end() {
    inFlight--;
    notifyAll();
  }

  /** The retry settings of one URL's fragment, Plivo's defaults for those absent. */
  record Retry(long connectMillis, long readMillis, long totalMillis, int retries, Set<String> on) {
    static Retry of(URI url) {
      long ct = 2_000;
      long rt = 40_000;
      long tt = 55_000;
      int rc = 1;
      Set<String> rp = Set.of("ct", "rt");
      for (Map.Entry<String, String> pair : PlivoCallbacks.queryPairs(url.getRawFragment())) {
        String value = pair.getValue();
        try {
          switch (pair.getKey()) {
            case "ct":
              ct = clamp(Long.parseLong(value), 100, 10_000);
              break;
            case "rt":
              rt = clamp(Long.parseLong(value), 100, 40_000);
              break;
            case "tt":
              tt = clamp(Long.parseLong(value), 100, 55_000);
              break;
            case "rc":
              rc = (int) clamp(Long.parseLong(value), 0, 5);
              break;
            case "rp":
              rp = Set.of(value.toLowerCase(Locale.ROOT).split(","));
              break;
            default:
              break;
          }
        } catch (IllegalArgumentException e) {
          // Plivo's documents do not say what a bad value does: the fake keeps the default.
        }
      }
      return new Retry(ct, rt, tt, rc, rp);
    }

    boolean retries(String failure) {
      return on.contains("all") || on.contains(failure);
    }

    private static long clamp(long value, long min, long max) {
      return Math.max(min, Math.min(max, value));
    }
  }

  /** One leg's follow-up: attempts, retries, redirects, in sequence. */
  private final class Leg {
    private final CallModel.Follow call;
    private final boolean aLeg;
    private int fetches;
    private int redirects;

    Leg(CallModel.Follow call, boolean aLeg) {
      this.call = call;
      this.aLeg = aLeg;
    }

    void fetch(WebhookUrl url, String event) {
      begin();
      Retry retry = Retry.of(url.uri());
      long deadline = System.nanoTime() + retry.totalMillis() * 1_000_000;
      attempt(url, event, retry, 0, deadline);
    }

    private void attempt(WebhookUrl url, String event, Retry retry, int attempt, long deadline) {
      fetches++;
      set(LegState.Kind.FETCHING, "fetching " + url.method() + " " + withoutFragment(url.uri()));
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      HttpRequest request;
      try {
        request = request(url, event, Duration.ofMillis(Math.min(retry.readMillis(), left)));
      } catch (IllegalArgumentException e) {
        finish(LegState.Kind.HUNG_UP, "hung up, the URL is not one Plivo can request");
        return;
      }
      client(retry.connectMillis())
          .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (response, failure) -> {
                try {
                  String kind;
                  String why;
                  if (failure != null) {
                    Throwable cause =
                        failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (cause instanceof HttpConnectTimeoutException) {
                      kind = "ct";
                      why = "could not connect within ct=" + retry.connectMillis() + " ms";
                    } else if (cause instanceof HttpTimeoutException) {
                      kind = "rt";
                      why = "did not answer within rt=" + retry.readMillis() + " ms";
                    } else {
                      // A refused or reset connection: Plivo's connect failure.
                      kind = "ct";
                      why = "could not be reached";
                    }
                  } else if (response.statusCode() == 200) {
                    answered(url, response.body());
                    return;
                  } else {
                    int status = response.statusCode();
                    kind = status >= 500 ? "5xx" : status >= 400 ? "4xx" : "other";
                    why = "answered HTTP " + status;
                  }
                  if (attempt < retry.retries()
                      && retry.retries(kind)
                      && System.nanoTime() < deadline) {
                    attempt(url, event, retry, attempt + 1, deadline);
                  } else {
                    finish(
                        LegState.Kind.HUNG_UP,
                        "hung up, the application "
                            + why
                            + (attempt == 0 ? "" : " (" + (attempt + 1) + " attempts)"));
                  }
                } catch (RuntimeException e) {
                  finish(LegState.Kind.HUNG_UP, "hung up, the fake failed: " + e);
                }
              });
    }

    private void answered(WebhookUrl url, byte[] xml) {
      PlivoXmlRun.Outcome outcome = PlivoXmlRun.run(xml);
      if (outcome.redirectUrl() == null) {
        finish(outcome.kind(), outcome.description());
        return;
      }
      if (++redirects > MAX_REDIRECTS) {
        finish(LegState.Kind.HUNG_UP, "hung up, more than " + MAX_REDIRECTS + " redirects");
        return;
      }
      WebhookUrl next;
      try {
        URI target = url.uri().resolve(outcome.redirectUrl());
        next =
            new WebhookUrl(
                target,
                outcome.redirectMethod().equals("GET")
                    ? dev.handoff.model.UrlMethod.GET
                    : dev.handoff.model.UrlMethod.POST);
      } catch (IllegalArgumentException e) {
        finish(
            LegState.Kind.HUNG_UP,
            "hung up, the application answered invalid XML (bad" + " <Redirect> URL)");
        return;
      }
      // One follow-up ends, the next begins: awaitLegs never sees zero in between.
      fetch(next, "Redirect");
      end();
    }

    private void finish(LegState.Kind kind, String description) {
      set(kind, description);
      end();
    }

    private void set(LegState.Kind kind, String description) {
      model.updateLeg(
          call.callUuid(), aLeg, call.generation(), new LegState(kind, description, fetches));
    }

    private HttpRequest request(WebhookUrl url, String event, Duration timeout) {
      List<Map.Entry<String, String>> params = parameters(event);
      String method = url.method().name();
      URI target = withoutFragment(url.uri());
      Map<String, String> headers = PlivoCallbacks.sign(credentials, method, target, params);
      HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(timeout);
      if (method.equals("GET")) {
        builder.uri(PlivoCallbacks.withQuery(target, params)).GET();
      } else {
        builder
            .uri(target)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    PlivoCallbacks.formBody(params), StandardCharsets.UTF_8));
      }
      headers.forEach(builder::header);
      return builder.header("User-Agent", "PlivoHTTP (Handoff FakePlivoServer)").build();
    }

    private List<Map.Entry<String, String>> parameters(String event) {
      CallUuid aLegUuid = call.callUuid();
      String legUuid = aLeg ? aLegUuid.value() : bLegUuid(aLegUuid);
      List<Map.Entry<String, String>> params = new ArrayList<>();
      params.add(Map.entry("CallUUID", legUuid));
      params.add(Map.entry("RequestUUID", legUuid));
      params.add(Map.entry("From", call.from().value()));
      params.add(Map.entry("To", call.to().value()));
      params.add(Map.entry("CallStatus", "in-progress"));
      params.add(Map.entry("Direction", aLeg ? "inbound" : "outbound"));
      params.add(Map.entry("ALegUUID", aLegUuid.value()));
      params.add(Map.entry("ALegRequestUUID", aLegUuid.value()));
      params.add(Map.entry("Event", event));
      return params;
    }
  }

  /** The B leg's UUID the fake reports: derived from the call's, the same every time. */
  static String bLegUuid(CallUuid aLeg) {
    return UUID.nameUUIDFromBytes(("b-leg:" + aLeg.value()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private HttpClient client(long connectMillis) {
    return clients.computeIfAbsent(
        connectMillis,
        millis ->
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(millis))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
  }

  private static URI withoutFragment(URI url) {
    return url.getRawFragment() == null
        ? url
        : URI.create(url.toString().substring(0, url.toString().indexOf('#')));
  }
}
