package org.rankkit.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a comparison directory was made with: the suite (its whole content, not its file name), the
 * flags ({@code --quick}, {@code --seeds}, {@code --sweep}) and the shared-setting overrides
 * ({@code --set}, {@code --data}). Saved as {@code invocation.json} before the first run, so that
 * {@code compare --resume DIR} continues exactly that comparison and refuses a different one.
 *
 * @param suite the suite
 * @param quick whether the suite's quick overrides apply
 * @param seeds seeds per run, ≥ 1
 * @param sweep the {@code --sweep} text ({@code KEY=V1,V2,...}), or null
 * @param settings the {@code --set} / {@code --data} overrides, in the order given
 */
public record SuiteInvocation(
    Suite suite, boolean quick, int seeds, String sweep, Map<String, String> settings) {

  /** File name inside the output directory. */
  public static final String NAME = "invocation.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Validates and copies.
   *
   * @param suite the suite, not null
   * @param quick whether the quick overrides apply
   * @param seeds seeds per run, ≥ 1
   * @param sweep the sweep text, or null
   * @param settings overrides (copied; null for none)
   * @throws IllegalArgumentException for a missing suite or fewer than one seed
   */
  public SuiteInvocation {
    if (suite == null) {
      throw new IllegalArgumentException("a comparison needs a suite");
    }
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    }
    settings =
        settings == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * Writes {@code invocation.json} into the directory (atomically).
   *
   * @param directory the output directory
   * @throws IOException when it cannot be written
   */
  public void write(Path directory) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", 1);
    root.put("suite", suiteJson(suite));
    root.put("quick", quick);
    root.put("seeds", seeds);
    root.put("sweep", sweep);
    root.put("settings", settings);
    AtomicFiles.write(directory.resolve(NAME), out -> JSON.writeValue(out, root));
  }

  /**
   * Reads the invocation a comparison directory was made with.
   *
   * @param directory the directory given to {@code --resume}
   * @return the invocation
   * @throws IllegalArgumentException when the directory does not exist, is not a comparison
   *     directory, or its {@code invocation.json} is damaged
   * @throws IOException when the file cannot be read
   */
  @SuppressWarnings("unchecked")
  public static SuiteInvocation read(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      throw new IllegalArgumentException(
          "--resume "
              + directory
              + ": no such directory; give the --out directory of an earlier"
              + " 'rankkit compare'");
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("--resume " + directory + ": not a directory");
    }
    Path file = directory.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--resume "
              + directory
              + ": not a comparison directory (it has no "
              + NAME
              + ", which"
              + " 'rankkit compare' writes before its first run)");
    }
    try {
      Map<String, Object> root = JSON.readValue(file.toFile(), new TypeReference<>() {});
      Map<String, Object> s = (Map<String, Object>) root.get("suite");
      List<SuiteRun> runs = new ArrayList<>();
      for (Object o : (List<Object>) s.get("runs")) {
        Map<String, Object> r = (Map<String, Object>) o;
        runs.add(
            new SuiteRun(
                (String) r.get("name"),
                (String) r.get("baseline"),
                (String) r.get("loss"),
                (List<String>) r.get("augment"),
                (String) r.get("strategy"),
                (Map<String, String>) r.get("set")));
      }
      Suite suite =
          new Suite(
              (String) s.get("name"),
              (Map<String, String>) s.get("settings"),
              (Map<String, String>) s.get("quick"),
              runs);
      return new SuiteInvocation(
          suite,
          Boolean.TRUE.equals(root.get("quick")),
          ((Number) root.get("seeds")).intValue(),
          (String) root.get("sweep"),
          (Map<String, String>) root.get("settings"));
    } catch (ClassCastException
        | NullPointerException
        | IllegalArgumentException
        | com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(
          file
              + " is damaged (not the "
              + NAME
              + " that 'rankkit compare' writes); start a new"
              + " comparison with another --out",
          e);
    }
  }

  /**
   * Lists how {@code other} (this call's flags) differs from this invocation (the directory's).
   *
   * @param other the invocation of the current command line
   * @return one line per difference, empty when they match
   */
  public List<String> differences(SuiteInvocation other) {
    List<String> out = new ArrayList<>();
    if (!suite.name().equals(other.suite.name())) {
      out.add("suite name: made with '" + suite.name() + "', now '" + other.suite.name() + "'");
    }
    mapDifferences("suite setting", suite.settings(), other.suite.settings(), out);
    mapDifferences("suite quick override", suite.quick(), other.suite.quick(), out);
    Map<String, SuiteRun> before = byName(suite.runs());
    Map<String, SuiteRun> now = byName(other.suite.runs());
    for (String name : union(before.keySet(), now.keySet())) {
      SuiteRun a = before.get(name);
      SuiteRun b = now.get(name);
      if (a == null) {
        out.add("suite run '" + name + "': not in the suite the directory was made with");
      } else if (b == null) {
        out.add("suite run '" + name + "': missing from this suite");
      } else if (!a.equals(b)) {
        out.add("suite run '" + name + "': made with " + suiteJson(a) + ", now " + suiteJson(b));
      }
    }
    if (quick != other.quick) {
      out.add(
          "--quick: made "
              + (quick ? "with" : "without")
              + " it, now "
              + (other.quick ? "with" : "without"));
    }
    if (seeds != other.seeds) {
      out.add("--seeds: made with " + seeds + ", now " + other.seeds);
    }
    if (!Objects.equals(sweep, other.sweep)) {
      out.add(
          "--sweep: made with "
              + (sweep == null ? "none" : sweep)
              + ", now "
              + (other.sweep == null ? "none" : other.sweep));
    }
    mapDifferences("--set", settings, other.settings, out);
    if (out.size() > 8) {
      int more = out.size() - 8;
      out = new ArrayList<>(out.subList(0, 8));
      out.add("and " + more + " more");
    }
    return out;
  }

  private static void mapDifferences(
      String what, Map<String, String> a, Map<String, String> b, List<String> out) {
    for (String key : union(a.keySet(), b.keySet())) {
      String x = a.get(key);
      String y = b.get(key);
      if (!Objects.equals(x, y)) {
        out.add(
            what
                + " "
                + key
                + ": made with "
                + (x == null ? "(not set)" : x)
                + ", now "
                + (y == null ? "(not set)" : y));
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static Map<String, SuiteRun> byName(List<SuiteRun> runs) {
    Map<String, SuiteRun> m = new LinkedHashMap<>();
    runs.forEach(r -> m.put(r.name(), r));
    return m;
  }

  private static Map<String, Object> suiteJson(Suite s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("settings", s.settings());
    m.put("quick", s.quick());
    m.put("runs", s.runs().stream().map(SuiteInvocation::suiteJson).toList());
    return m;
  }

  private static Map<String, Object> suiteJson(SuiteRun r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("baseline", r.baseline());
    m.put("loss", r.loss());
    m.put("augment", r.augment());
    m.put("strategy", r.strategy());
    m.put("set", r.set());
    return m;
  }
}
