package org.rankkit.trainer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One documented training-configuration key: its name, value type, default and meaning.
 *
 * @param name the key, e.g. {@code lr}
 * @param type the value type
 * @param defaultValue the default (a value of {@code type}'s Java type)
 * @param description what the key means and which values are allowed
 */
public record ConfigKey(String name, Type type, Object defaultValue, String description) {

  /** Value types of configuration keys and how strings and other values convert to them. */
  public enum Type {
    /** A 32-bit integer. */
    INT,
    /** A double. */
    DOUBLE,
    /** A boolean ({@code true}/{@code false}). */
    BOOLEAN,
    /** A string. */
    STRING,
    /** A list of integers ({@code 1,2,4} or a YAML/JSON list). */
    INT_LIST,
    /** A list of strings ({@code a,b} or a YAML/JSON list). */
    STRING_LIST;

    /**
     * Converts a value (a string from the command line, or a number, boolean or list from a file).
     *
     * @param key the key, for messages
     * @param value the value
     * @return the converted value: Integer, Double, Boolean, String or an unmodifiable List
     * @throws IllegalArgumentException saying which type was expected
     */
    public Object convert(String key, Object value) {
      if (value == null) {
        throw new IllegalArgumentException(key + ": a value is required (got null)");
      }
      try {
        return switch (this) {
          case INT -> toInt(value);
          case DOUBLE ->
              value instanceof Number n
                  ? n.doubleValue()
                  : Double.parseDouble(value.toString().trim());
          case BOOLEAN -> toBoolean(value);
          case STRING -> value.toString().trim();
          case INT_LIST -> toList(value).stream().map(Type::toInt).toList();
          case STRING_LIST -> toList(value).stream().map(o -> o.toString().trim()).toList();
        };
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            key + ": expected " + describe() + ", got '" + value + "'", e);
      }
    }

    private String describe() {
      return switch (this) {
        case INT -> "an integer";
        case DOUBLE -> "a number";
        case BOOLEAN -> "true or false";
        case STRING -> "a string";
        case INT_LIST -> "a comma-separated list of integers";
        case STRING_LIST -> "a comma-separated list";
      };
    }

    private static Integer toInt(Object value) {
      if (value instanceof Number n) {
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("not an integer");
        }
        return n.intValue();
      }
      return Integer.parseInt(value.toString().trim());
    }

    private static Boolean toBoolean(Object value) {
      if (value instanceof Boolean b) {
        return b;
      }
      String s = value.toString().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return Boolean.valueOf(s);
      }
      throw new IllegalArgumentException("not a boolean");
    }

    private static List<?> toList(Object value) {
      if (value instanceof List<?> list) {
        return list;
      }
      String s = value.toString().trim();
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
  }
}
