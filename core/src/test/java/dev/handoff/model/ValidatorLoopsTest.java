package dev.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written validators accept exactly what the regular expressions they replaced accepted:
 * each is compared with its former pattern on the tests' edge cases and on many random strings
 * drawn from an alphabet that mixes valid and invalid characters.
 */
class ValidatorLoopsTest {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{7,15}");
  private static final Pattern ADDRESS =
      Pattern.compile(
          "\\+?[0-9]{7,15}"
              + "|sip:[A-Za-z0-9._~+-]{1,64}@"
              + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
              + "(?::[0-9]{1,5})?");

  private static final String ID_ALPHABET = "aZ09_-/. \n\u00e9\uff41%";
  private static final String UUID_ALPHABET = "09afAFgG-/ \n";
  private static final String PHONE_ALPHABET = "0123456789++ -\n\u0967s";

  @Test
  void idLoopMatchesTheFormerPattern() {
    for (String value : samples(ID_ALPHABET, 70, "", "a".repeat(64), "a".repeat(65), "A_b-9")) {
      assertThat(PhloId.isId(value)).as(value).isEqualTo(ID.matcher(value).matches());
    }
  }

  @Test
  void uuidLoopMatchesTheFormerPattern() {
    List<String> values = samples(UUID_ALPHABET, 40, "55309cee-821d-11e4-9a73-498d468c930b");
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      // mostly well-formed UUIDs with one character changed, so the positions matter
      char[] uuid = "55309CEE-821d-11e4-9A73-498d468c930b".toCharArray();
      uuid[random.nextInt(uuid.length)] = UUID_ALPHABET.charAt(random.nextInt(12));
      values.add(new String(uuid));
    }
    for (String value : values) {
      assertThat(CallUuid.isUuid(value)).as(value).isEqualTo(UUID.matcher(value).matches());
    }
  }

  @Test
  void phoneLoopMatchesTheFormerPattern() {
    for (String value :
        samples(PHONE_ALPHABET, 18, "", "+", "+123456", "1234567", "+123456789012345")) {
      assertThat(Address.isPhoneNumber(value)).as(value).isEqualTo(PHONE.matcher(value).matches());
    }
  }

  @Test
  void endpointAcceptsExactlyWhatTheFormerPatternAccepted() {
    List<String> values = samples(PHONE_ALPHABET, 18);
    values.addAll(samples("sip:a@b.c-1:5+", 24, "sip:agent1@phone.plivo.com:5060"));
    for (String value : values) {
      boolean accepted;
      try {
        Address.of(value);
        accepted = true;
      } catch (IllegalArgumentException e) {
        accepted = false;
      }
      assertThat(accepted).as(value).isEqualTo(ADDRESS.matcher(value).matches());
    }
  }

  /** The given values plus 20,000 random strings of up to {@code maxLength} characters. */
  private static List<String> samples(String alphabet, int maxLength, String... given) {
    List<String> values = new ArrayList<>(List.of(given));
    Random random = new Random(42);
    for (int n = 0; n < 20_000; n++) {
      int length = random.nextInt(maxLength + 1);
      StringBuilder value = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(value.toString());
    }
    return values;
  }
}
