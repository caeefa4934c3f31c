package org.rankkit.api.plugin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link PluginFactory} driven by an immutable configuration record.
 *
 * <p>The record's components are the parameters (their JSON names are the component names); a
 * default instance supplies the defaults, and the record's compact constructor validates values
 * (throwing {@link IllegalArgumentException} with a message that says what is allowed). Unknown
 * parameter names are rejected listing the known ones. A single value is accepted where a list is
 * expected ({@code tauRank: 1.0} for {@code [1.0]}), and strings are parsed as numbers or booleans,
 * so {@code --set loss.tauSim=0.05} works from a command line.
 *
 * @param <C> the configuration record
 * @param <T> the type created
 */
public final class RecordPluginFactory<C extends Record, T> implements PluginFactory<T> {

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private final PluginKind<T> kind;
  private final String id;
  private final String description;
  private final Class<C> configType;
  private final Map<String, Object> defaults;
  private final Function<? super C, ? extends T> constructor;

  private RecordPluginFactory(
      PluginKind<T> kind,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends T> constructor) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.id = requireKebabCase(id);
    this.description = Objects.requireNonNull(description, "description");
    @SuppressWarnings("unchecked")
    Class<C> type = (Class<C>) defaults.getClass();
    this.configType = type;
    this.defaults = Collections.unmodifiableMap(toMap(defaults));
    this.constructor = Objects.requireNonNull(constructor, "constructor");
  }

  /**
   * Creates a factory.
   *
   * @param kind the plugin kind
   * @param id stable kebab-case id
   * @param description one-line description
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the plugin from a validated configuration
   * @param <C> the configuration record
   * @param <T> the type created
   * @return the factory
   */
  public static <C extends Record, T> RecordPluginFactory<C, T> of(
      PluginKind<T> kind,
      String id,
      String description,
      C defaults,
      Function<? super C, ? extends T> constructor) {
    return new RecordPluginFactory<>(kind, id, description, defaults, constructor);
  }

  /**
   * Checks that an id is kebab-case ({@code [a-z][a-z0-9]*(-[a-z0-9]+)*}).
   *
   * @param id the id
   * @return the id
   * @throws IllegalArgumentException when it is null, blank or not kebab-case
   */
  public static String requireKebabCase(String id) {
    if (id == null || !isKebabCase(id)) {
      throw new IllegalArgumentException(
          "plugin id '"
              + id
              + "' is not kebab-case: use lower-case letters and digits separated by single"
              + " hyphens, starting with a letter (e.g. 'recall-at-k')");
    }
    return id;
  }

  /**
   * Tells whether a name is kebab-case ({@code [a-z][a-z0-9]*(-[a-z0-9]+)*}).
   *
   * @param name the name, not null
   * @return true when it is kebab-case
   */
  static boolean isKebabCase(String name) {
    return KEBAB.matcher(name).matches();
  }

  /**
   * Parses a parameter map into the configuration record, with defaults for absent names.
   *
   * @param parameters the parameters
   * @return the validated configuration
   * @throws IllegalArgumentException on unknown names or invalid values
   */
  public C config(Map<String, ?> parameters) {
    Map<String, Object> merged = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, ?> e : parameters.entrySet()) {
      if (!defaults.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + e.getKey()
                + "' for "
                + kind
                + " '"
                + id
                + "'; its parameters are: "
                + String.join(", ", defaults.keySet()));
      }
      merged.put(e.getKey(), e.getValue());
    }
    try {
      return MAPPER.convertValue(merged, configType);
    } catch (IllegalArgumentException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      String message = cause.getMessage();
      if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
        message = jpe.getOriginalMessage();
      }
      throw new IllegalArgumentException(
          "invalid parameters for " + kind + " '" + id + "': " + message, e);
    }
  }

  /** {@return the configuration record's type} */
  public Class<C> configType() {
    return configType;
  }

  @Override
  public T create(Map<String, ?> parameters) {
    return constructor.apply(config(parameters));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public PluginKind<T> kind() {
    return kind;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Map<String, Object> defaults() {
    return defaults;
  }

  private static Map<String, Object> toMap(Record record) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      try {
        c.getAccessor().setAccessible(true);
        map.put(c.getName(), c.getAccessor().invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read record component " + c.getName(), e);
      }
    }
    return map;
  }

  @Override
  public String toString() {
    return kind + " '" + id + "' " + defaults;
  }
}
