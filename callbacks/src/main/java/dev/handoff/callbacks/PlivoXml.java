package dev.handoff.callbacks;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * Writes the Plivo XML a transfer URL answers: {@code <Response>} and the elements a transferred
 * leg runs, top to bottom, as Plivo's XML reference documents them ({@code Dial} with {@code
 * Number}/{@code User}, {@code Conference}, {@code MultiPartyCall}, {@code Play}, {@code Speak},
 * {@code Wait}, {@code Redirect}, {@code Hangup}).
 *
 * <pre>{@code
 * PlivoXmlDocument xml =
 *     PlivoXml.response()
 *         .add(PlivoXml.speak("Please hold while we connect you."))
 *         .add(PlivoXml.conference("queue-7").waitSound("https://example.com/hold.xml"))
 *         .build();
 * }</pre>
 *
 * <p>Element and attribute names are written by this class, so their case is always Plivo's ({@code
 * <speak>} would be an error). Each setter checks the rule Plivo documents and throws {@link
 * IllegalArgumentException} naming the element, the attribute and the rule ({@code
 * MultiPartyCall.maxParticipants must be 2-10, was 11}); {@link Response#build()} refuses a
 * document over {@link #MAX_BYTES}. The XML is written by the JDK's {@link XMLStreamWriter}, which
 * escapes text and attribute values; characters XML 1.0 cannot carry are refused. The element
 * builders are not thread-safe; {@link Response#add} copies the element as it is then, and the
 * document is immutable.
 */
public final class PlivoXml {
  /**
   * Plivo's limit on a document, "100 KB", read as 100,000 bytes of UTF-8: the stricter of the two
   * readings, so that a document built here passes under either.
   */
  public static final int MAX_BYTES = 100_000;

  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final Pattern POLLY = Pattern.compile("Polly\\.[A-Za-z0-9-]+");
  private static final Pattern SIP_HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");
  private static final Pattern DIGITS = Pattern.compile("[0-9wW*#]+");
  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");

  private PlivoXml() {}

  /** An empty {@code <Response>} to add elements to. */
  public static Response response() {
    return new Response();
  }

  /** {@code <Dial>}: bridges the leg to the numbers and SIP users added (dialled at once). */
  public static Dial dial() {
    return new Dial();
  }

  /**
   * {@code <Conference>name</Conference>}: joins the conference room {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is empty or has a character XML cannot carry
   */
  public static Conference conference(String name) {
    return new Conference(name);
  }

  /**
   * {@code <MultiPartyCall role="...">name</MultiPartyCall>}: joins the Voice API multi-party call
   * {@code name} in {@code role} ({@code role} is required).
   *
   * @throws IllegalArgumentException if {@code name} is empty or has a character XML cannot carry
   */
  public static MultiPartyCall multiPartyCall(String name, MultiPartyCall.Role role) {
    return new MultiPartyCall(name, role);
  }

  /**
   * {@code <Play>url</Play>}: plays an mp3 or wav file (hold music).
   *
   * @throws IllegalArgumentException if {@code audioUrl} is not an absolute http(s) URL
   */
  public static Play play(String audioUrl) {
    return new Play(audioUrl);
  }

  /**
   * {@code <Speak>text</Speak>}: reads {@code text} aloud. Plain text only: markup in it is
   * escaped, not read as SSML.
   *
   * @throws IllegalArgumentException if {@code text} is empty or has a character XML cannot carry
   */
  public static Speak speak(String text) {
    return new Speak(text);
  }

  /** {@code <Wait/>}: pauses (1 second unless {@link Wait#length} says otherwise). */
  public static Wait pause() {
    return new Wait();
  }

  /**
   * {@code <Redirect>url</Redirect>}: fetches the call's next XML from {@code url}.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL
   */
  public static Redirect redirect(String url) {
    return new Redirect(url);
  }

  /** {@code <Hangup/>}: ends the leg. */
  public static Hangup hangup() {
    return new Hangup();
  }

  /** One element of the document: its name, attributes in order, text and children. */
  static final class Node {
    final String name;
    final LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
    @Nullable String text;
    final List<Node> children = new ArrayList<>();

    Node(String name) {
      this.name = name;
    }

    Node copy() {
      Node copy = new Node(name);
      copy.attributes.putAll(attributes);
      copy.text = text;
      children.forEach(child -> copy.children.add(child.copy()));
      return copy;
    }

    void write(XMLStreamWriter writer) throws XMLStreamException {
      if (text == null && children.isEmpty()) {
        writer.writeEmptyElement(name);
      } else {
        writer.writeStartElement(name);
      }
      for (Map.Entry<String, String> attribute : attributes.entrySet()) {
        writer.writeAttribute(attribute.getKey(), attribute.getValue());
      }
      if (text != null) {
        writer.writeCharacters(text);
      }
      for (Node child : children) {
        child.write(writer);
      }
      if (text != null || !children.isEmpty()) {
        writer.writeEndElement();
      }
    }
  }

  /**
   * An element of a {@code <Response>}. Its setters check their values and return the element; each
   * may be called again to replace its value.
   */
  public abstract static sealed class Verb
      permits Dial, Conference, MultiPartyCall, Play, Speak, Wait, Redirect, Hangup {
    final Node node;

    Verb(String name) {
      this.node = new Node(name);
    }

    final void set(String attribute, String value) {
      node.attributes.put(attribute, xmlText(node.name + "." + attribute, value));
    }

    final void setInt(String attribute, int value, int min, int max, String unit) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            node.name + "." + attribute + " must be " + range(min, max) + unit + ", was " + value);
      }
      node.attributes.put(attribute, Integer.toString(value));
    }

    final void setBoolean(String attribute, boolean value) {
      node.attributes.put(attribute, Boolean.toString(value));
    }

    final void setUrl(String attribute, String url) {
      node.attributes.put(attribute, checkUrl(node.name + "." + attribute, url));
    }

    final void setMethod(String attribute, String method) {
      String upper =
          Objects.requireNonNull(method, node.name + "." + attribute).toUpperCase(Locale.ROOT);
      if (!upper.equals("GET") && !upper.equals("POST")) {
        throw new IllegalArgumentException(
            node.name + "." + attribute + " must be GET or POST, was \"" + method + "\"");
      }
      node.attributes.put(attribute, upper);
    }

    final void setText(String body) {
      node.text = xmlText(node.name, body);
      if (node.text.isBlank()) {
        throw new IllegalArgumentException(node.name + " must have a non-blank body");
      }
    }

    private static String range(int min, int max) {
      if (max == Integer.MAX_VALUE) {
        return min + " or more";
      }
      return String.format(Locale.ROOT, "%,d-%,d", min, max);
    }
  }

  /** {@code <Dial>}: bridges the leg to phone numbers and SIP users, dialled at once. */
  public static final class Dial extends Verb {
    private Dial() {
      super("Dial");
    }

    /**
     * Adds {@code <Number>number</Number>}.
     *
     * @param number digits with an optional {@code +} (E.164), at most 20 digits
     * @throws IllegalArgumentException if it is not
     */
    public Dial number(String number) {
      return number(number, null, false);
    }

    /**
     * Adds {@code <Number sendDigits=".." sendOnPreanswer="..">number</Number>}.
     *
     * @param sendDigits DTMF digits to send once answered ({@code 0-9 * # w W}), or null
     * @param sendOnPreanswer whether to send them on pre-answer (early media)
     * @throws IllegalArgumentException naming the rule broken
     */
    public Dial number(String number, @Nullable String sendDigits, boolean sendOnPreanswer) {
      if (!NUMBER.matcher(Objects.requireNonNull(number, "Number")).matches()) {
        throw new IllegalArgumentException(
            "Dial.Number must be digits with an optional +, at most 20 digits");
      }
      return target("Number", number, sendDigits, sendOnPreanswer);
    }

    /**
     * Adds {@code <User>sip:...</User>}.
     *
     * @param sipUri a SIP URI, {@code sip:agent1@phone.plivo.com}
     * @throws IllegalArgumentException if it does not start with {@code sip:}
     */
    public Dial user(String sipUri) {
      return user(sipUri, null, false);
    }

    /**
     * Adds {@code <User sendDigits=".." sendOnPreanswer="..">sip:...</User>}.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public Dial user(String sipUri, @Nullable String sendDigits, boolean sendOnPreanswer) {
      Objects.requireNonNull(sipUri, "User");
      if (!sipUri.startsWith("sip:") || sipUri.length() < 6 || sipUri.contains(" ")) {
        throw new IllegalArgumentException(
            "Dial.User must be a SIP URI such as sip:agent1@phone.plivo.com");
      }
      return target("User", sipUri, sendDigits, sendOnPreanswer);
    }

    private Dial target(
        String name, String body, @Nullable String sendDigits, boolean sendOnPreanswer) {
      Node child = new Node(name);
      child.text = xmlText("Dial." + name, body);
      if (sendDigits != null) {
        if (!DIGITS.matcher(sendDigits).matches()) {
          throw new IllegalArgumentException(
              "Dial." + name + ".sendDigits must be digits, *, # and w/W (a pause)");
        }
        child.attributes.put("sendDigits", sendDigits);
      }
      if (sendOnPreanswer) {
        child.attributes.put("sendOnPreanswer", "true");
      }
      node.children.add(child);
      return this;
    }

    /** {@code action}: the URL Plivo requests when the dial ends. */
    public Dial action(String url) {
      setUrl("action", url);
      return this;
    }

    /** {@code method} of {@code action}: GET or POST (POST). */
    public Dial method(String method) {
      setMethod("method", method);
      return this;
    }

    /** {@code timeout}: seconds to ring before giving up, 1 or more. */
    public Dial timeout(int seconds) {
      setInt("timeout", seconds, 1, Integer.MAX_VALUE, " seconds");
      return this;
    }

    /** {@code timeLimit}: the longest the bridged call may last, seconds, 1 or more (14,400). */
    public Dial timeLimit(int seconds) {
      setInt("timeLimit", seconds, 1, Integer.MAX_VALUE, " seconds");
      return this;
    }

    /** {@code callerId}: the caller ID shown to the dialled party. */
    public Dial callerId(String callerId) {
      set("callerId", callerId);
      return this;
    }

    /**
     * {@code callerName}: the caller name shown to a SIP user, at most 50 characters.
     *
     * @throws IllegalArgumentException if it is longer
     */
    public Dial callerName(String callerName) {
      int length =
          Objects.requireNonNull(callerName, "Dial.callerName")
              .codePointCount(0, callerName.length());
      if (length > 50) {
        throw new IllegalArgumentException(
            "Dial.callerName must be at most 50 characters, was " + length);
      }
      set("callerName", callerName);
      return this;
    }

    /** {@code hangupOnStar}: whether the caller may end the bridge with {@code *}. */
    public Dial hangupOnStar(boolean hangupOnStar) {
      setBoolean("hangupOnStar", hangupOnStar);
      return this;
    }

    /** {@code confirmSound}: the URL of XML played to the dialled party before bridging. */
    public Dial confirmSound(String url) {
      setUrl("confirmSound", url);
      return this;
    }

    /** {@code confirmKey}: the key the dialled party presses to accept, one of 0-9, * or #. */
    public Dial confirmKey(String key) {
      if (key == null || !key.matches("[0-9*#]")) {
        throw new IllegalArgumentException("Dial.confirmKey must be one of 0-9, * or #");
      }
      set("confirmKey", key);
      return this;
    }

    /** {@code dialMusic}: the URL of XML played while ringing, or {@code real} for ringback. */
    public Dial dialMusic(String urlOrReal) {
      if ("real".equals(urlOrReal)) {
        set("dialMusic", urlOrReal);
      } else {
        setUrl("dialMusic", urlOrReal);
      }
      return this;
    }

    /** {@code callbackUrl}: where Plivo reports the dialled leg's events. */
    public Dial callbackUrl(String url) {
      setUrl("callbackUrl", url);
      return this;
    }

    /** {@code callbackMethod}: GET or POST (POST). */
    public Dial callbackMethod(String method) {
      setMethod("callbackMethod", method);
      return this;
    }

    /** {@code redirect}: whether Plivo follows {@code action}'s XML (true). */
    public Dial redirect(boolean redirect) {
      setBoolean("redirect", redirect);
      return this;
    }

    /**
     * {@code sipHeaders}: headers sent to a SIP user, written {@code k=v,k2=v2}.
     *
     * @param headers names of letters, digits and {@code -} (at most 32), values without {@code ,}
     *     or {@code =}
     * @throws IllegalArgumentException naming the rule broken
     */
    public Dial sipHeaders(Map<String, String> headers) {
      StringBuilder value = new StringBuilder();
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (!SIP_HEADER_NAME.matcher(header.getKey()).matches()) {
          throw new IllegalArgumentException(
              "Dial.sipHeaders names must be 1-32 letters, digits or -, was \""
                  + header.getKey()
                  + "\"");
        }
        String v = Objects.requireNonNull(header.getValue(), "Dial.sipHeaders value");
        if (v.contains(",") || v.contains("=")) {
          throw new IllegalArgumentException(
              "Dial.sipHeaders values must not contain , or = (header " + header.getKey() + ")");
        }
        value.append(value.length() == 0 ? "" : ",").append(header.getKey()).append('=').append(v);
      }
      set("sipHeaders", value.toString());
      return this;
    }
  }

  /** {@code <Conference>}: joins a conference room. */
  public static final class Conference extends Verb {
    private Conference(String name) {
      super("Conference");
      setText(name);
    }

    /** {@code muted}: whether the member joins muted. */
    public Conference muted(boolean muted) {
      setBoolean("muted", muted);
      return this;
    }

    /** {@code enterSound}: {@code beep:1}, {@code beep:2}, an audio URL, or empty for none. */
    public Conference enterSound(String sound) {
      sound("enterSound", sound);
      return this;
    }

    /** {@code exitSound}: {@code beep:1}, {@code beep:2}, an audio URL, or empty for none. */
    public Conference exitSound(String sound) {
      sound("exitSound", sound);
      return this;
    }

    private void sound(String attribute, String sound) {
      if (sound.isEmpty() || sound.equals("beep:1") || sound.equals("beep:2")) {
        set(attribute, sound);
      } else {
        setUrl(attribute, sound);
      }
    }

    /** {@code startConferenceOnEnter} (true). */
    public Conference startConferenceOnEnter(boolean start) {
      setBoolean("startConferenceOnEnter", start);
      return this;
    }

    /** {@code endConferenceOnExit} (false). */
    public Conference endConferenceOnExit(boolean end) {
      setBoolean("endConferenceOnExit", end);
      return this;
    }

    /** {@code stayAlone}: whether a lone member stays in the room (true). */
    public Conference stayAlone(boolean stayAlone) {
      setBoolean("stayAlone", stayAlone);
      return this;
    }

    /** {@code waitSound}: the URL of XML played while the conference has not started. */
    public Conference waitSound(String url) {
      setUrl("waitSound", url);
      return this;
    }

    /** {@code maxMembers}: 1-20 (20). */
    public Conference maxMembers(int members) {
      setInt("maxMembers", members, 1, 20, "");
      return this;
    }

    /** {@code timeLimit}: the longest the member may stay, seconds, 1 or more. */
    public Conference timeLimit(int seconds) {
      setInt("timeLimit", seconds, 1, Integer.MAX_VALUE, " seconds");
      return this;
    }

    /** {@code record}: whether to record the conference. */
    public Conference record(boolean record) {
      setBoolean("record", record);
      return this;
    }

    /** {@code action}: the URL Plivo requests when the member leaves. */
    public Conference action(String url) {
      setUrl("action", url);
      return this;
    }

    /** {@code method} of {@code action}: GET or POST. */
    public Conference method(String method) {
      setMethod("method", method);
      return this;
    }

    /** {@code callbackUrl}: where Plivo reports the conference's events. */
    public Conference callbackUrl(String url) {
      setUrl("callbackUrl", url);
      return this;
    }

    /** {@code callbackMethod}: GET or POST. */
    public Conference callbackMethod(String method) {
      setMethod("callbackMethod", method);
      return this;
    }
  }

  /** {@code <MultiPartyCall>}: joins a Voice API multi-party call. */
  public static final class MultiPartyCall extends Verb {
    /** The participant's {@code role}, written as Plivo spells it. */
    public enum Role {
      /** {@code Agent}. */
      AGENT("Agent"),
      /** {@code Customer}. */
      CUSTOMER("Customer"),
      /** {@code Supervisor}. */
      SUPERVISOR("Supervisor");

      private final String wire;

      Role(String wire) {
        this.wire = wire;
      }

      /** The value written: {@code Agent}, {@code Customer} or {@code Supervisor}. */
      public String wire() {
        return wire;
      }
    }

    private MultiPartyCall(String name, Role role) {
      super("MultiPartyCall");
      Objects.requireNonNull(role, "MultiPartyCall.role");
      node.attributes.put("role", role.wire());
      setText(name);
    }

    /** {@code maxDuration}: seconds, 300-28,800 (14,400). */
    public MultiPartyCall maxDuration(int seconds) {
      setInt("maxDuration", seconds, 300, 28_800, " seconds");
      return this;
    }

    /** {@code maxParticipants}: 2-10 (10). */
    public MultiPartyCall maxParticipants(int participants) {
      setInt("maxParticipants", participants, 2, 10, "");
      return this;
    }

    /** {@code waitMusicUrl}: audio played while waiting for the call to start. */
    public MultiPartyCall waitMusicUrl(String url) {
      setUrl("waitMusicUrl", url);
      return this;
    }

    /** {@code agentHoldMusicUrl}: audio an agent on hold hears. */
    public MultiPartyCall agentHoldMusicUrl(String url) {
      setUrl("agentHoldMusicUrl", url);
      return this;
    }

    /** {@code customerHoldMusicUrl}: audio a customer on hold hears. */
    public MultiPartyCall customerHoldMusicUrl(String url) {
      setUrl("customerHoldMusicUrl", url);
      return this;
    }

    /** {@code statusCallbackUrl}: where the {@link MultiPartyCallEvent}s go. */
    public MultiPartyCall statusCallbackUrl(String url) {
      setUrl("statusCallbackUrl", url);
      return this;
    }

    /**
     * {@code statusCallbackEvents}: which events to report, comma-separated as Plivo names them
     * ({@code participant-state-changes,mpc-state-changes}).
     */
    public MultiPartyCall statusCallbackEvents(String events) {
      set("statusCallbackEvents", events);
      return this;
    }

    /** {@code startMpcOnEnter} (true). */
    public MultiPartyCall startMpcOnEnter(boolean start) {
      setBoolean("startMpcOnEnter", start);
      return this;
    }

    /** {@code endMpcOnExit} (false). */
    public MultiPartyCall endMpcOnExit(boolean end) {
      setBoolean("endMpcOnExit", end);
      return this;
    }

    /** {@code record}. */
    public MultiPartyCall record(boolean record) {
      setBoolean("record", record);
      return this;
    }

    /** {@code coachMode}: a supervisor heard by agents only. */
    public MultiPartyCall coachMode(boolean coachMode) {
      setBoolean("coachMode", coachMode);
      return this;
    }

    /** {@code mute}: joins muted. */
    public MultiPartyCall mute(boolean mute) {
      setBoolean("mute", mute);
      return this;
    }

    /** {@code hold}: joins on hold. */
    public MultiPartyCall hold(boolean hold) {
      setBoolean("hold", hold);
      return this;
    }
  }

  /** {@code <Play>}: plays audio. */
  public static final class Play extends Verb {
    private Play(String url) {
      super("Play");
      node.text = checkUrl("Play", url);
    }

    /** {@code loop}: times to play, 0 (until the call ends) or more (1). */
    public Play loop(int times) {
      setInt("loop", times, 0, Integer.MAX_VALUE, "");
      return this;
    }
  }

  /** {@code <Speak>}: reads text aloud. */
  public static final class Speak extends Verb {
    private Speak(String text) {
      super("Speak");
      setText(text);
    }

    /** {@code voice}: {@code WOMAN}, {@code MAN} or a Polly voice ({@code Polly.Joanna}). */
    public Speak voice(String voice) {
      if (!"WOMAN".equals(voice)
          && !"MAN".equals(voice)
          && !POLLY.matcher(String.valueOf(voice)).matches()) {
        throw new IllegalArgumentException(
            "Speak.voice must be WOMAN, MAN or Polly.<Name>, was \"" + voice + "\"");
      }
      set("voice", voice);
      return this;
    }

    /** {@code language}: a language tag such as {@code en-US} (en-US). */
    public Speak language(String language) {
      if (!LANGUAGE.matcher(String.valueOf(language)).matches()) {
        throw new IllegalArgumentException(
            "Speak.language must be a language tag such as en-US, was \"" + language + "\"");
      }
      set("language", language);
      return this;
    }

    /** {@code loop}: times to speak, 0 (until the call ends) or more (1). */
    public Speak loop(int times) {
      setInt("loop", times, 0, Integer.MAX_VALUE, "");
      return this;
    }
  }

  /** {@code <Wait>}: pauses. */
  public static final class Wait extends Verb {
    private Wait() {
      super("Wait");
    }

    /** {@code length}: seconds, 1 or more (1). */
    public Wait length(int seconds) {
      setInt("length", seconds, 1, Integer.MAX_VALUE, " seconds");
      return this;
    }

    /** {@code silence}: wait for silence instead, up to {@code length}. */
    public Wait silence(boolean silence) {
      setBoolean("silence", silence);
      return this;
    }

    /** {@code minSilence}: milliseconds of silence that end the wait, 1 or more. */
    public Wait minSilence(int millis) {
      setInt("minSilence", millis, 1, Integer.MAX_VALUE, " ms");
      return this;
    }

    /** {@code beep}: beep at the end. */
    public Wait beep(boolean beep) {
      setBoolean("beep", beep);
      return this;
    }
  }

  /** {@code <Redirect>}: fetches XML from another URL. */
  public static final class Redirect extends Verb {
    private Redirect(String url) {
      super("Redirect");
      node.text = checkUrl("Redirect", url);
    }

    /** {@code method}: GET or POST (POST). */
    public Redirect method(String method) {
      setMethod("method", method);
      return this;
    }
  }

  /** {@code <Hangup>}: ends the leg. */
  public static final class Hangup extends Verb {
    private Hangup() {
      super("Hangup");
    }

    /** {@code reason}: {@code rejected} or {@code busy}. */
    public Hangup reason(String reason) {
      if (!"rejected".equals(reason) && !"busy".equals(reason)) {
        throw new IllegalArgumentException(
            "Hangup.reason must be rejected or busy, was \"" + reason + "\"");
      }
      set("reason", reason);
      return this;
    }

    /** {@code schedule}: hang up after this many seconds, 1 or more. */
    public Hangup schedule(int seconds) {
      setInt("schedule", seconds, 1, Integer.MAX_VALUE, " seconds");
      return this;
    }
  }

  /** A {@code <Response>} being built. Not thread-safe. */
  public static final class Response {
    private final List<Node> elements = new ArrayList<>();

    private Response() {}

    /**
     * Appends {@code verb} as it is now (later changes to it do not show).
     *
     * @throws NullPointerException if {@code verb} is null
     * @throws IllegalArgumentException if {@code verb} is a {@code Dial} without a number or user
     */
    public Response add(Verb verb) {
      Objects.requireNonNull(verb, "verb");
      if (verb instanceof Dial && verb.node.children.isEmpty()) {
        throw new IllegalArgumentException("Dial must have at least one Number or User");
      }
      elements.add(verb.node.copy());
      return this;
    }

    /**
     * The document.
     *
     * @throws IllegalArgumentException if it is larger than {@link #MAX_BYTES} in UTF-8
     */
    public PlivoXmlDocument build() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        XMLStreamWriter writer =
            XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
        writer.writeStartDocument("UTF-8", "1.0");
        writer.writeStartElement("Response");
        for (Node element : elements) {
          element.write(writer);
        }
        writer.writeEndElement();
        writer.writeEndDocument();
        writer.close();
      } catch (XMLStreamException e) {
        // Names are constants and text was checked: only a broken JDK gets here.
        throw new IllegalStateException("the JDK's XML writer failed", e);
      }
      if (bytes.size() > MAX_BYTES) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "Response must be at most 100 KB (%,d bytes of UTF-8), was %,d bytes",
                MAX_BYTES,
                bytes.size()));
      }
      return new PlivoXmlDocument(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  /** {@code value}, if XML 1.0 can carry every character of it. */
  static String xmlText(String field, String value) {
    Objects.requireNonNull(value, field);
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      boolean allowed =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || c >= 0x20 && c <= 0xD7FF
              || c >= 0xE000 && c <= 0xFFFD
              || c >= 0x10000 && c <= 0x10FFFF;
      if (!allowed) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "%s must not contain U+%04X, which XML cannot carry", field, c));
      }
      i += Character.charCount(c);
    }
    return value;
  }

  static String checkUrl(String field, String url) {
    Objects.requireNonNull(url, field);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null) {
        return xmlText(field, url);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(field + " must be an absolute http or https URL");
  }
}
