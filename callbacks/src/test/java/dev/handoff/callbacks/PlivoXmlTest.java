package dev.handoff.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class PlivoXmlTest {
  @Test
  void aTransferTargetDocumentIsWellFormedWithPlivosNames() throws Exception {
    Map<String, String> sip = new LinkedHashMap<>();
    sip.put("queue", "7");
    sip.put("X-Team", "billing");
    PlivoXmlDocument document =
        PlivoXml.response()
            .add(
                PlivoXml.speak("Hold on <please> & \"wait\" — ça va")
                    .voice("Polly.Joanna")
                    .language("fr-FR")
                    .loop(1))
            .add(PlivoXml.play("https://example.com/hold.mp3").loop(0))
            .add(PlivoXml.pause().length(2).beep(true))
            .add(
                PlivoXml.dial()
                    .callerName("Support")
                    .timeout(20)
                    .sipHeaders(sip)
                    .number("+14152225555", "ww12#", true)
                    .user("sip:agent1@phone.plivo.com"))
            .add(
                PlivoXml.conference("queue-7")
                    .maxMembers(20)
                    .enterSound("beep:1")
                    .waitSound("https://example.com/wait.xml"))
            .add(
                PlivoXml.multiPartyCall("mpc-7", PlivoXml.MultiPartyCall.Role.CUSTOMER)
                    .maxParticipants(10)
                    .maxDuration(300)
                    .statusCallbackUrl("https://example.com/mpc"))
            .add(PlivoXml.redirect("https://example.com/next.xml").method("get"))
            .add(PlivoXml.hangup().reason("busy"))
            .build();

    assertThat(document.xml())
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Speak")
        .contains(
            "<Dial callerName=\"Support\" timeout=\"20\" sipHeaders=\"queue=7,X-Team=billing\">")
        .contains("<Number sendDigits=\"ww12#\" sendOnPreanswer=\"true\">+14152225555</Number>")
        .contains("<MultiPartyCall role=\"Customer\" maxParticipants=\"10\" maxDuration=\"300\"")
        .contains("<Redirect method=\"GET\">https://example.com/next.xml</Redirect>")
        .contains("<Hangup reason=\"busy\"/>")
        .endsWith("</Response>");
    Document dom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(document.utf8()));
    Element speak = (Element) dom.getDocumentElement().getElementsByTagName("Speak").item(0);
    assertThat(speak.getTextContent()).isEqualTo("Hold on <please> & \"wait\" — ça va");
    assertThat(dom.getDocumentElement().getChildNodes().getLength()).isEqualTo(8);
    assertThat(document.sizeInBytes()).isEqualTo(document.utf8().length);
  }

  @Test
  void documentedRulesAreCheckedAndNamed() {
    assertThatThrownBy(
            () ->
                PlivoXml.multiPartyCall("m", PlivoXml.MultiPartyCall.Role.AGENT)
                    .maxParticipants(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MultiPartyCall.maxParticipants must be 2-10, was 11");
    assertThatThrownBy(
            () ->
                PlivoXml.multiPartyCall("m", PlivoXml.MultiPartyCall.Role.AGENT).maxParticipants(1))
        .hasMessage("MultiPartyCall.maxParticipants must be 2-10, was 1");
    assertThatThrownBy(
            () -> PlivoXml.multiPartyCall("m", PlivoXml.MultiPartyCall.Role.AGENT).maxDuration(299))
        .hasMessage("MultiPartyCall.maxDuration must be 300-28,800 seconds, was 299");
    assertThatThrownBy(
            () ->
                PlivoXml.multiPartyCall("m", PlivoXml.MultiPartyCall.Role.AGENT)
                    .maxDuration(28_801))
        .hasMessage("MultiPartyCall.maxDuration must be 300-28,800 seconds, was 28801");
    PlivoXml.dial().callerName("x".repeat(50));
    assertThatThrownBy(() -> PlivoXml.dial().callerName("x".repeat(51)))
        .hasMessage("Dial.callerName must be at most 50 characters, was 51");
    assertThatThrownBy(() -> PlivoXml.conference("c").maxMembers(21))
        .hasMessage("Conference.maxMembers must be 1-20, was 21");
    assertThatThrownBy(() -> PlivoXml.response().add(PlivoXml.dial()))
        .hasMessage("Dial must have at least one Number or User");
    assertThatThrownBy(() -> PlivoXml.speak("bell \u0007"))
        .hasMessage("Speak must not contain U+0007, which XML cannot carry");
    assertThatThrownBy(() -> PlivoXml.play("hold.mp3"))
        .hasMessage("Play must be an absolute http or https URL");
    assertThatThrownBy(() -> PlivoXml.hangup().reason("Busy"))
        .hasMessageStartingWith("Hangup.reason must be rejected or busy");
    assertThatThrownBy(() -> PlivoXml.speak("x").voice("woman"))
        .hasMessageStartingWith("Speak.voice must be WOMAN, MAN or Polly");
    assertThatThrownBy(() -> PlivoXml.redirect("https://e.com/x").method("PUT"))
        .hasMessageStartingWith("Redirect.method must be GET or POST");
  }

  @Test
  void aDocumentOver100KbIsRefusedCountingUtf8Bytes() {
    // 'é' is two bytes of UTF-8: 40,000 characters in two Speaks weigh 160,000 bytes.
    PlivoXml.Response big =
        PlivoXml.response()
            .add(PlivoXml.speak("é".repeat(40_000)))
            .add(PlivoXml.speak("é".repeat(40_000)));
    assertThatThrownBy(big::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Response must be at most 100 KB (100,000 bytes of UTF-8), was 160,");
    PlivoXmlDocument fits = PlivoXml.response().add(PlivoXml.speak("e".repeat(99_000))).build();
    assertThat(fits.sizeInBytes()).isLessThanOrEqualTo(PlivoXml.MAX_BYTES);
  }

  @Test
  void addCopiesTheElementAsItIsThen() {
    PlivoXml.Speak speak = PlivoXml.speak("one");
    PlivoXml.Response response = PlivoXml.response().add(speak);
    speak.loop(3);
    assertThat(response.build().xml()).contains("<Speak>one</Speak>");
  }
}
