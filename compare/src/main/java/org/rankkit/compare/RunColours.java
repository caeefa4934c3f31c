package org.rankkit.compare;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per run (name and swept value), the same in every chart: assigned in the suite's order
 * from a fixed, colour-blind-friendly palette (Okabe–Ito, then Tableau), repeating after 16.
 */
final class RunColours {

  private static final Color[] PALETTE = {
    new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
    new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000),
    new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xB07AA1),
    new Color(0x76B7B2), new Color(0xE15759), new Color(0x9C755F), new Color(0xBAB0AC),
  };

  /**
   * A series key that names its run for colouring and shows a label in the legend.
   *
   * @param run the run key ({@link #key})
   * @param label the legend text
   */
  record Key(String run, String label) implements Comparable<Key> {
    @Override
    public String toString() {
      return label;
    }

    @Override
    public int compareTo(Key o) {
      return label.compareTo(o.label);
    }
  }

  private RunColours() {}

  /** Returns the colour key of a run. */
  static String key(String name, String sweepValue) {
    return sweepValue == null ? name : name + " @ " + sweepValue;
  }

  /** Returns run key → colour, in summary order. */
  static Map<String, Color> of(List<Summary> summaries) {
    Map<String, Color> colours = new LinkedHashMap<>();
    for (Summary s : summaries) {
      colours.putIfAbsent(key(s.name(), s.sweepValue()), PALETTE[colours.size() % PALETTE.length]);
    }
    return colours;
  }
}
