package dev.handoff.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Runs the Plivo XML an application answered, as far as a fake can: reads it with the JDK's parser
 * (no DTD, no external entities), checks what Plivo checks (root {@code Response}, case-sensitive
 * element names, {@code Dial} needs a {@code Number} or {@code User}, ...), and walks the elements
 * top to bottom to the one the leg stays in.
 */
final class PlivoXmlRun {
  /** Plivo's limit on the XML a URL answers. */
  static final int MAX_BYTES = 100_000;

  /** Elements that run and end by themselves; the leg goes on with the next one. */
  private static final Set<String> PASSING =
      Set.of("Speak", "Play", "Wait", "GetDigits", "GetInput", "Record", "PreAnswer", "DTMF");

  private static final Set<String> OTHERS =
      Set.of("Dial", "Conference", "MultiPartyCall", "Redirect", "Hangup", "Message", "Stream");

  private PlivoXmlRun() {}

  /** What the XML makes the leg do: a final state, or a {@code Redirect} to fetch. */
  record Outcome(
      LegState.@Nullable Kind kind,
      String description,
      @Nullable String redirectUrl,
      String redirectMethod) {
    static Outcome state(LegState.Kind kind, String description) {
      return new Outcome(kind, description, null, "POST");
    }

    static Outcome invalid(String why) {
      return state(
          LegState.Kind.HUNG_UP, "hung up, the application answered invalid XML (" + why + ")");
    }
  }

  static Outcome run(byte[] xml) {
    if (xml.length > MAX_BYTES) {
      return Outcome.invalid("larger than 100 KB (100,000 bytes)");
    }
    Document document;
    try {
      document = parser().parse(new ByteArrayInputStream(xml));
    } catch (SAXException | IOException e) {
      return Outcome.invalid("not well-formed");
    }
    Element root = document.getDocumentElement();
    if (!root.getTagName().equals("Response")) {
      return Outcome.invalid("the root is <" + root.getTagName() + ">, not <Response>");
    }
    List<Element> elements = new ArrayList<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element element) {
        String name = element.getTagName();
        if (!PASSING.contains(name) && !OTHERS.contains(name)) {
          return Outcome.invalid("unknown element <" + name + ">; names are case-sensitive");
        }
        elements.add(element);
      } else if (child.getNodeType() == Node.TEXT_NODE && !child.getTextContent().isBlank()) {
        return Outcome.invalid("text directly in <Response>");
      }
    }
    for (Element element : elements) {
      String text = element.getTextContent().trim();
      switch (element.getTagName()) {
        case "Dial":
          return dial(element);
        case "Conference":
          if (text.isEmpty()) {
            return Outcome.invalid("<Conference> needs a room name");
          }
          return Outcome.state(LegState.Kind.IN_CONFERENCE, "in conference " + text);
        case "MultiPartyCall":
          String role = element.getAttribute("role");
          if (!Set.of("agent", "customer", "supervisor").contains(role.toLowerCase(Locale.ROOT))) {
            return Outcome.invalid("<MultiPartyCall> needs role Agent, Customer or Supervisor");
          }
          if (text.isEmpty()) {
            return Outcome.invalid("<MultiPartyCall> needs a name");
          }
          return Outcome.state(
              LegState.Kind.IN_MULTI_PARTY_CALL, "in multi-party call " + text + " as " + role);
        case "Redirect":
          if (text.isEmpty()) {
            return Outcome.invalid("<Redirect> needs a URL");
          }
          String method = element.hasAttribute("method") ? element.getAttribute("method") : "POST";
          return new Outcome(null, "redirected to " + text, text, method);
        case "Hangup":
          String reason = element.getAttribute("reason");
          return Outcome.state(
              LegState.Kind.HUNG_UP,
              "hung up by the XML (<Hangup>" + (reason.isEmpty() ? "" : ", " + reason) + ")");
        case "Play":
        case "Speak":
          if ("0".equals(element.getAttribute("loop"))) {
            return Outcome.state(
                LegState.Kind.HEARING_AUDIO,
                element.getTagName().equals("Play")
                    ? "hearing hold music"
                    : "hearing a message on loop");
          }
          break;
        default:
          break;
      }
    }
    return Outcome.state(LegState.Kind.HUNG_UP, "hung up, the XML ended");
  }

  private static Outcome dial(Element dial) {
    List<String> targets = new ArrayList<>();
    NodeList children = dial.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element target) {
        if (!target.getTagName().equals("Number") && !target.getTagName().equals("User")) {
          return Outcome.invalid("unknown element <" + target.getTagName() + "> in <Dial>");
        }
        String address = target.getTextContent().trim();
        if (address.isEmpty()) {
          return Outcome.invalid("<" + target.getTagName() + "> needs an address");
        }
        targets.add(address);
      }
    }
    if (targets.isEmpty()) {
      return Outcome.invalid("<Dial> needs a <Number> or <User>");
    }
    if (dial.getAttribute("callerName").length() > 50) {
      return Outcome.invalid("callerName longer than 50 characters");
    }
    return Outcome.state(
        LegState.Kind.BRIDGED, "dialling " + String.join(", ", targets) + ", then bridged");
  }

  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // No DTD at all, hence no entity, internal or external: Plivo XML has none.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // The default handler prints parse errors to standard error; a fake must stay quiet.
      builder.setErrorHandler(new DefaultHandler());
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a secure setting", e);
    }
  }
}
