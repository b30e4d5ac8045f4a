package io.runwatch.core.telemetry.sysmon;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one Windows-event-schema XML document ({@code <Event><System>...</System><EventData><Data
 * Name="...">...</Data></EventData></Event>}), with or without the event namespace, as Sysmon for
 * Linux writes it to syslog and {@code wevtutil}/Event Viewer export it on Windows.
 *
 * <p>The logs are attacker-influenced (a command line is whatever the attacker typed), so the
 * reader never loads a DTD and never resolves an external entity: a {@code DOCTYPE} is ignored, an
 * entity it would have declared is an undeclared reference, and the document is reported as
 * malformed. Characters that XML 1.0 forbids (a control character typed into a command line) are
 * replaced with U+FFFD before parsing, so they cannot be used to make an event unreadable.
 */
final class SysmonXml {
  private final XMLInputFactory factory;

  SysmonXml() {
    // The JDK's own implementation, whatever else is on the class path, so the settings below are
    // the ones that apply.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    this.factory = f;
  }

  /** Parses one event; throws on anything that is not a well-formed {@code Event} document. */
  SysmonEvent read(String xml) throws XMLStreamException {
    XMLStreamReader r = factory.createXMLStreamReader(new StringReader(sanitize(xml)));
    try {
      return readEvent(r);
    } finally {
      r.close();
    }
  }

  private static SysmonEvent readEvent(XMLStreamReader r) throws XMLStreamException {
    while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
      // prolog: declaration, comments, an ignored DOCTYPE
    }
    if (!r.isStartElement() || !"Event".equals(r.getLocalName())) {
      throw new XMLStreamException("the document is not an <Event>");
    }
    String provider = null;
    String channel = null;
    String eventId = null;
    String computer = null;
    String systemTime = null;
    String recordId = null;
    Map<String, String> data = new LinkedHashMap<>();

    int depth = 1;
    String section = null; // "System" or "EventData" while inside one, at depth 2
    while (depth > 0) {
      int ev = r.next();
      if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
        if (depth == 1) {
          section = null;
        }
        continue;
      }
      if (ev != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      String name = r.getLocalName();
      if (depth == 1) {
        if ("System".equals(name) || "EventData".equals(name)) {
          section = name;
          depth++;
        } else {
          skipElement(r); // RenderingInfo, UserData, ...: not Sysmon's fields
        }
        continue;
      }
      // depth == 2, inside System or EventData
      if ("System".equals(section)) {
        switch (name) {
          case "Provider" -> {
            provider = r.getAttributeValue(null, "Name");
            skipElement(r);
          }
          case "TimeCreated" -> {
            systemTime = r.getAttributeValue(null, "SystemTime");
            skipElement(r);
          }
          case "EventID" -> eventId = r.getElementText();
          case "EventRecordID" -> recordId = r.getElementText();
          case "Computer" -> computer = r.getElementText();
          case "Channel" -> channel = r.getElementText();
          default -> skipElement(r);
        }
      } else if ("Data".equals(name)) {
        String field = r.getAttributeValue(null, "Name");
        String value = r.getElementText();
        if (field != null && !data.containsKey(field)) {
          data.put(field, value);
        }
      } else {
        skipElement(r);
      }
    }
    // Whatever follows the end tag must still be well-formed (only comments or white space).
    while (r.hasNext()) {
      r.next();
    }
    return new SysmonEvent(
        SysmonEvent.Shape.XML, provider, channel, eventId, computer, systemTime, recordId, data);
  }

  /** Skips the element whose start tag was just read, children included. */
  private static void skipElement(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  /**
   * Replaces characters XML 1.0 does not allow with U+FFFD; returns {@code s} when there are none.
   */
  static String sanitize(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)) {
        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (out != null) {
            out.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        ok =
            c == '\t'
                || c == '\n'
                || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
      }
      if (!ok && out == null) {
        out = new StringBuilder(s.length());
        out.append(s, 0, i);
      }
      if (out != null) {
        out.append(ok ? c : '\uFFFD');
      }
    }
    return out == null ? s : out.toString();
  }
}
