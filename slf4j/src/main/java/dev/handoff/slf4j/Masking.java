package dev.handoff.slf4j;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers and SIP users in text: {@code +14155550100} becomes {@code +1415***0100},
 * {@code sip:alice@phone.plivo.com} becomes {@code sip:***@phone.plivo.com}. Plivo's error texts
 * quote the members they are about ("Member +14152223333 is in a private consultation"), so
 * messages are masked as well as the request's addresses.
 */
final class Masking {
  /**
   * A phone number as {@code dev.handoff.model.Address} accepts one: optional + and 7-15 digits.
   */
  private static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z])\\+?[0-9]{7,15}(?![0-9])");

  private static final Pattern SIP_USER = Pattern.compile("(?i)(sips?:)[^@\\s\"'<>]+@");

  private Masking() {}

  static String mask(String text) {
    String sip = SIP_USER.matcher(text).replaceAll("$1***@");
    Matcher phone = PHONE.matcher(sip);
    StringBuilder out = new StringBuilder(sip.length());
    while (phone.find()) {
      phone.appendReplacement(out, Matcher.quoteReplacement(phoneNumber(phone.group())));
    }
    phone.appendTail(out);
    return out.toString();
  }

  /** The first 5 and last 4 characters of a number long enough to keep both; else all masked. */
  private static String phoneNumber(String number) {
    return number.length() >= 11
        ? number.substring(0, 5) + "***" + number.substring(number.length() - 4)
        : "***";
  }
}
