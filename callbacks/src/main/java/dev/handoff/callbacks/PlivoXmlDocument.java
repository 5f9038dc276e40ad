package dev.handoff.callbacks;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Plivo XML document {@link PlivoXml.Response#build()} wrote: what a transfer URL answers, with
 * {@code Content-Type: application/xml}. Immutable and thread-safe.
 *
 * @param xml the document, with its XML declaration ({@code <?xml version="1.0"
 *     encoding="UTF-8"?><Response>...</Response>})
 */
public record PlivoXmlDocument(String xml) {
  /** The media type to answer with. */
  public static final String CONTENT_TYPE = "application/xml; charset=UTF-8";

  /**
   * @throws NullPointerException if {@code xml} is null
   */
  public PlivoXmlDocument {
    Objects.requireNonNull(xml, "xml");
  }

  /** The document's bytes, UTF-8 as its declaration says: the body to send. */
  public byte[] utf8() {
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  /** The size in bytes of UTF-8, the measure of Plivo's limit ({@link PlivoXml#MAX_BYTES}). */
  public int sizeInBytes() {
    return utf8().length;
  }

  /** The document. */
  @Override
  public String toString() {
    return xml;
  }
}
