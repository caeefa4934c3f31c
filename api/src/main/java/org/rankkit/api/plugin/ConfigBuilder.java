package org.rankkit.api.plugin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The base of a typed builder of a plugin whose parameters are a configuration record, e.g. {@code
 * SmoothApLoss.builder().tau(0.01).build()}. The configuration is declared once, as the record: the
 * builder starts from the record's default instance, a subclass only adds one typed setter per
 * parameter (each calling {@link #set(String, Object)} with the record component's name), and
 * {@link #config()} validates the values through the record's canonical constructor. A builder is
 * not thread-safe; what it builds is whatever the constructor makes of the configuration.
 *
 * @param <C> the configuration record
 * @param <T> the type built
 * @param <B> the concrete builder (what the setters return)
 */
public abstract class ConfigBuilder<C extends Record, T, B extends ConfigBuilder<C, T, B>> {

  private final Class<? extends Record> type;
  private final RecordComponent[] components;
  private final Object[] values;
  private final Function<? super C, ? extends T> constructor;

  /**
   * Starts from the defaults.
   *
   * @param defaults the configuration with every parameter at its default
   * @param constructor builds the plugin from a validated configuration
   */
  protected ConfigBuilder(C defaults, Function<? super C, ? extends T> constructor) {
    this.type = defaults.getClass();
    this.components = type.getRecordComponents();
    this.values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Method accessor = components[i].getAccessor();
      values[i] =
          invoke(
              () -> {
                accessor.setAccessible(true);
                return accessor.invoke(defaults);
              });
    }
    this.constructor = Objects.requireNonNull(constructor, "constructor");
  }

  /**
   * Sets one parameter; validated later, by {@link #config()}.
   *
   * @param name the record component's name
   * @param value its value (boxed for a primitive component)
   * @return this builder
   * @throws IllegalArgumentException when the record has no component of that name
   */
  protected final B set(String name, Object value) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        values[i] = value;
        @SuppressWarnings("unchecked")
        B self = (B) this;
        return self;
      }
    }
    throw new IllegalArgumentException(
        type.getSimpleName()
            + " has no parameter '"
            + name
            + "'; its parameters are: "
            + String.join(", ", Arrays.stream(components).map(RecordComponent::getName).toList()));
  }

  /**
   * Returns the validated configuration of the parameters set so far.
   *
   * @return the configuration
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public final C config() {
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    @SuppressWarnings("unchecked")
    C config =
        (C)
            invoke(
                () -> {
                  Constructor<? extends Record> canonical = type.getDeclaredConstructor(types);
                  canonical.setAccessible(true);
                  return canonical.newInstance(values.clone());
                });
    return config;
  }

  /**
   * Builds the plugin from the validated configuration.
   *
   * @return the plugin
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public final T build() {
    return constructor.apply(config());
  }

  /** A reflective call whose exceptions are the record's own, rethrown as they are. */
  private interface Reflective {
    Object call() throws ReflectiveOperationException;
  }

  private static Object invoke(Reflective call) {
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot use the configuration record: " + e, e);
    }
  }
}
