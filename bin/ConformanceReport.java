import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Summarises a TestNG results file of the OGC SensorThings test suite (ets-sta10) per conformance
 * level, prints every failed or skipped test with the suite's message, and exits 1 when any test
 * did not pass. Levels above the one run are listed as not run. Run by bin/conformance as a
 * single-file program: {@code java ConformanceReport.java testng-results.xml LEVEL}.
 */
public class ConformanceReport {

  /** The ETS's TestNG test names and the SensorThings 1.0 conformance classes they check. */
  private static final Map<String, String> CLASSES =
      Map.of(
          "Conformance Level 1", "Sensing Core (read: datamodel, resource paths)",
          "Conformance Level 2", "Create-Update-Delete",
          "Conformance Level 3", "Filtering Extension (query options)");

  private record Outcome(String test, String status, String message) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java ConformanceReport.java testng-results.xml LEVEL");
      System.exit(2);
    }
    int levelRun = Integer.parseInt(args[1]);
    var factory = DocumentBuilderFactory.newInstance();
    // The results file names no DTD; refusing external entities keeps the parse local.
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var document = factory.newDocumentBuilder().parse(new File(args[0]));
    Map<String, List<Outcome>> byLevel = new LinkedHashMap<>();
    NodeList tests = document.getElementsByTagName("test");
    for (int t = 0; t < tests.getLength(); t++) {
      var test = (Element) tests.item(t);
      List<Outcome> outcomes = byLevel.computeIfAbsent(test.getAttribute("name"), k -> new ArrayList<>());
      NodeList methods = test.getElementsByTagName("test-method");
      for (int m = 0; m < methods.getLength(); m++) {
        var method = (Element) methods.item(m);
        String status = method.getAttribute("status");
        boolean config = "true".equals(method.getAttribute("is-config"));
        if (config && "PASS".equals(status)) {
          continue; // set-up and clean-up that worked are not tests
        }
        outcomes.add(
            new Outcome(
                (config ? "(set-up) " : "") + method.getAttribute("name"),
                status,
                message(method)));
      }
    }
    boolean allPassed = true;
    for (var level : byLevel.entrySet()) {
      String name = level.getKey() + " - " + CLASSES.getOrDefault(level.getKey(), "?");
      if (levelOf(level.getKey()) > levelRun) {
        System.out.printf("%-70s not run (level %d)%n", name, levelRun);
        continue;
      }
      long passed = level.getValue().stream().filter(o -> o.status().equals("PASS")).count();
      long total = level.getValue().size();
      System.out.printf("%-70s %3d/%-3d passed%n", name, passed, total);
      for (Outcome outcome : level.getValue()) {
        if (!outcome.status().equals("PASS")) {
          allPassed = false;
          System.out.printf("    %s %s: %s%n", outcome.status(), outcome.test(), outcome.message());
        }
      }
    }
    if (byLevel.isEmpty()) {
      System.out.println("no tests ran");
      allPassed = false;
    }
    System.out.println(allPassed ? "RESULT: all tests passed" : "RESULT: FAILURES");
    System.exit(allPassed ? 0 : 1);
  }

  /** 3 for "Conformance Level 3". */
  private static int levelOf(String testName) {
    return Integer.parseInt(testName.replaceAll("\\D", ""));
  }

  private static String message(Element method) {
    NodeList messages = method.getElementsByTagName("message");
    if (messages.getLength() == 0) {
      return "";
    }
    String text = messages.item(0).getTextContent().strip().replaceAll("\\s+", " ");
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }
}
