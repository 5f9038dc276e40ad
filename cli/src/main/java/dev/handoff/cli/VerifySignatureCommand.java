package dev.handoff.cli;

import dev.handoff.callbacks.CallbackRequest;
import dev.handoff.callbacks.SignatureVerifier;
import dev.handoff.callbacks.Verification;
import dev.handoff.model.Credentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code verify-signature}: checks a captured Plivo request against the V3 signature, with the Auth
 * Token from {@code PLIVO_AUTH_TOKEN} (and {@code PLIVO_AUTH_ID}, read as every command reads
 * them). Sends nothing. Prints {@code {"genuine":true}} and exits 0, or prints {@code
 * {"genuine":false}}, one stderr line with the reason, and exits {@link #NOT_GENUINE}; exit 2 for
 * bad input (a method other than GET/POST, a parameter without {@code =}, a URL that is not an
 * absolute http(s) URL, missing credentials).
 */
@Command(
    name = "verify-signature",
    description =
        "Checks a captured Plivo callback's X-Plivo-Signature-V3 against PLIVO_AUTH_TOKEN; sends"
            + " nothing. Exit 0 genuine, 5 not genuine, 2 bad input.")
final class VerifySignatureCommand implements Callable<Integer> {
  /** Exit code: the signature does not match. */
  static final int NOT_GENUINE = 5;

  @ParentCommand HandoffCli cli;

  @Option(
      names = "--method",
      required = true,
      paramLabel = "GET|POST",
      description = "The method Plivo used (its aleg_method/bleg_method).")
  String method;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description =
          "The URL Plivo requested, as Plivo saw it (the public one, not the one behind a proxy),"
              + " with its query if any.")
  String url;

  @Option(
      names = "--nonce",
      required = true,
      paramLabel = "NONCE",
      description = "The X-Plivo-Signature-V3-Nonce header.")
  String nonce;

  @Option(
      names = "--signature",
      required = true,
      paramLabel = "SIG",
      description =
          "The X-Plivo-Signature-V3 (or -Ma-V3) header; several may be separated by commas.")
  String signature;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description =
          "A parameter Plivo sent, decoded (repeatable; repeated names count): the form body for"
              + " POST, added to the URL's query for GET.")
  List<String> params = new ArrayList<>();

  @Override
  public Integer call() {
    SignatureVerifier verifier;
    CallbackRequest request;
    try {
      String upper = method.toUpperCase(Locale.ROOT);
      if (!upper.equals("GET") && !upper.equals("POST")) {
        throw new IllegalArgumentException("--method must be GET or POST, was '" + method + "'");
      }
      if (!url.regionMatches(true, 0, "http://", 0, 7)
          && !url.regionMatches(true, 0, "https://", 0, 8)) {
        throw new IllegalArgumentException("--url must be an absolute http or https URL");
      }
      List<Map.Entry<String, String>> pairs = new ArrayList<>();
      for (String param : params) {
        int equals = param.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException(
              "--param must be NAME=VALUE with a non-empty NAME, was '" + param + "'");
        }
        pairs.add(Map.entry(param.substring(0, equals), param.substring(equals + 1)));
      }
      Credentials credentials = cli.config().credentials();
      verifier = SignatureVerifier.builder(credentials).useRequestUrl().build();
      request = request(upper, pairs);
    } catch (RuntimeException e) {
      throw InvalidInputException.of(e);
    }
    Verification verification = verifier.verify(request);
    if (verification.reason() == Verification.Reason.MALFORMED_URL
        || verification.reason() == Verification.Reason.MALFORMED_PARAMETERS) {
      throw InvalidInputException.of(
          new IllegalArgumentException(
              "--url must be an absolute http or https URL with a valid query, was '" + url + "'"));
    }
    cli.out().println(Json.of(Map.of("genuine", verification.genuine())));
    if (verification.genuine()) {
      return HandoffCli.ACCEPTED;
    }
    cli.spec.commandLine().getErr().println("handoff: not genuine: " + verification.reason());
    return NOT_GENUINE;
  }

  private CallbackRequest request(String upper, List<Map.Entry<String, String>> pairs) {
    String target = url;
    if (upper.equals("GET") && !pairs.isEmpty()) {
      StringBuilder query = new StringBuilder();
      for (Map.Entry<String, String> pair : pairs) {
        query
            .append(query.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(pair.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(pair.getValue(), StandardCharsets.UTF_8));
      }
      int hash = target.indexOf('#');
      String fragment = hash < 0 ? "" : target.substring(hash);
      String base = hash < 0 ? target : target.substring(0, hash);
      target = base + (base.contains("?") ? "&" : "?") + query + fragment;
    }
    CallbackRequest.Builder builder =
        CallbackRequest.builder(upper, target)
            .header("X-Plivo-Signature-V3", signature)
            .header("X-Plivo-Signature-V3-Nonce", nonce);
    if (upper.equals("POST")) {
      if (pairs.isEmpty()) {
        builder.formBody("");
      }
      pairs.forEach(pair -> builder.bodyParameter(pair.getKey(), pair.getValue()));
    }
    return builder.build();
  }
}
