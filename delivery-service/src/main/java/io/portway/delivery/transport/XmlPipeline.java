package io.portway.delivery.transport;

import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** The {@code XmlTransmit} send pipeline: the body must be well-formed XML (no DTDs, no external entities). */
public final class XmlPipeline {

    private static final SAXParserFactory FACTORY = factory();

    private XmlPipeline() {
    }

    /** Null when well-formed, else what is wrong. */
    public static String problem(byte[] body) {
        try {
            SAXParser parser = FACTORY.newSAXParser();
            parser.parse(new InputSource(new ByteArrayInputStream(body)), new DefaultHandler());
            return null;
        } catch (SAXException e) {
            return "body is not well-formed XML: " + e.getMessage();
        } catch (IOException | ParserConfigurationException e) {
            return "body could not be read as XML: " + e.getMessage();
        }
    }

    private static SAXParserFactory factory() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }
}
