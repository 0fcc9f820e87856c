package org.civitas.rules.cap;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates documents against the CAP 1.2 XML Schema ({@code cap/CAP-v1.2.xsd} on the class path).
 * Offline and safe for any input: secure processing, no DOCTYPE, no external DTD, schema or entity
 * is ever fetched. Thread-safe (the compiled schema is shared; a validator per call).
 */
public final class CapValidator {
  private static final String SCHEMA = "/cap/CAP-v1.2.xsd";

  private final Schema schema;

  public CapValidator() {
    URL location = CapValidator.class.getResource(SCHEMA);
    if (location == null) {
      throw new IllegalStateException("the CAP 1.2 schema " + SCHEMA + " is not on the class path");
    }
    try {
      SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      schema = factory.newSchema(location);
    } catch (SAXException e) {
      throw new IllegalStateException("the CAP 1.2 schema does not compile: " + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with {@code xml} as a CAP 1.2 message: empty when it is well-formed and valid,
   * else each problem with its line and column.
   */
  public List<String> problems(String xml) {
    List<String> problems = new ArrayList<>();
    try {
      Document document = parse(xml);
      Validator validator = schema.newValidator();
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
              problems.add(describe(e));
            }

            @Override
            public void fatalError(SAXParseException e) {
              problems.add(describe(e));
            }
          });
      validator.validate(new DOMSource(document));
    } catch (SAXParseException e) {
      problems.add(describe(e));
    } catch (SAXException | IOException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  /**
   * Checks a message Civitas built before it is published.
   *
   * @throws IllegalStateException listing the problems when it is not valid (a fault of Civitas)
   */
  public void check(String xml) {
    List<String> problems = problems(xml);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "an issued CAP message is not valid CAP 1.2: " + String.join("; ", problems));
    }
  }

  private static Document parse(String xml) throws SAXException, IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
    }
  }

  private static String describe(SAXParseException e) {
    return "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage();
  }
}
