package org.rankkit.trainer.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.trainer.config.ConfigKey.Type;

/**
 * The documented keys of a configuration record, read once from its declaration: every component
 * marked {@link Key} is a key, in declaration order. Builds the record from key values (absent keys
 * take their defaults) and reads the values back, so that neither the key list nor the conversion
 * to and from flat keys repeats the record's components.
 *
 * <p>Java types map to key types as follows: {@code int} to {@link Type#INT}, {@code long} to
 * {@link Type#INT} (32-bit values, held as a {@code long}), {@code double} to {@link Type#DOUBLE},
 * {@code boolean} to {@link Type#BOOLEAN}, {@code String} to {@link Type#STRING}, {@code
 * List<Integer>} to {@link Type#INT_LIST} and {@code List<String>} to {@link Type#STRING_LIST}.
 * Components without {@link Key} are given to {@link #create} by the caller. Immutable.
 *
 * @param <R> the configuration record
 */
public final class RecordKeys<R extends Record> {

  private final RecordComponent[] components;
  private final Constructor<R> constructor;
  private final List<ConfigKey> keys;
  private final Map<String, ConfigKey> byName;
  private final int others;

  private RecordKeys(Class<R> type) {
    this.components = type.getRecordComponents();
    List<ConfigKey> list = new ArrayList<>();
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      parameterTypes[i] = c.getType();
      Key key = c.getAnnotation(Key.class);
      if (key != null) {
        Type keyType = typeOf(c);
        list.add(
            new ConfigKey(
                c.getName(),
                keyType,
                keyType.convert(c.getName(), key.defaultValue()),
                key.description()));
      }
    }
    try {
      this.constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type + " has no canonical constructor", e);
    }
    this.keys = List.copyOf(list);
    Map<String, ConfigKey> map = new LinkedHashMap<>();
    keys.forEach(k -> map.put(k.name(), k));
    this.byName = Collections.unmodifiableMap(map);
    this.others = components.length - keys.size();
  }

  /**
   * Reads the keys of a configuration record.
   *
   * @param type the record class
   * @param <R> the record
   * @return its keys
   * @throws IllegalStateException when a {@link Key} component has a type without a key type, or a
   *     default that does not convert to it
   */
  public static <R extends Record> RecordKeys<R> of(Class<R> type) {
    return new RecordKeys<>(type);
  }

  /** {@return the keys in declaration order (an unmodifiable list)} */
  public List<ConfigKey> keys() {
    return keys;
  }

  /**
   * Finds a key by name.
   *
   * @param name the name
   * @return the key, or null when the record declares none of that name
   */
  public ConfigKey key(String name) {
    return byName.get(name);
  }

  /**
   * Builds the record: each key from {@code values} or else its default; the other components, in
   * declaration order, from {@code others}.
   *
   * @param values key values, already converted by their key's {@link Type#convert}
   * @param others the values of the components without {@link Key}, in declaration order
   * @return the record, validated by its constructor
   * @throws IllegalArgumentException from the record's validation
   */
  public R create(Map<String, ?> values, Object... others) {
    if (others.length != this.others) {
      throw new IllegalArgumentException(
          "expected the values of "
              + this.others
              + " components without @Key, got "
              + others.length);
    }
    Object[] arguments = new Object[components.length];
    int other = 0;
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      ConfigKey key = byName.get(c.getName());
      if (key == null) {
        arguments[i] = others[other++];
      } else {
        Object value = values.containsKey(key.name()) ? values.get(key.name()) : key.defaultValue();
        arguments[i] = asComponent(c.getType(), value);
      }
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(
          "cannot build " + constructor.getDeclaringClass(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + constructor.getDeclaringClass(), e);
    }
  }

  /**
   * Reads the key values of a record.
   *
   * @param record the record
   * @return key → value, in declaration order (an ordered, modifiable map)
   */
  public Map<String, Object> values(R record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : components) {
      if (byName.containsKey(c.getName())) {
        try {
          c.getAccessor().setAccessible(true);
          out.put(c.getName(), c.getAccessor().invoke(record));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read record component " + c.getName(), e);
        }
      }
    }
    return out;
  }

  private static Object asComponent(Class<?> type, Object value) {
    if (type == long.class) {
      return ((Number) value).longValue();
    }
    if (type == double.class) {
      return ((Number) value).doubleValue();
    }
    return value;
  }

  private static Type typeOf(RecordComponent c) {
    Class<?> t = c.getType();
    if (t == int.class || t == long.class) {
      return Type.INT;
    }
    if (t == double.class) {
      return Type.DOUBLE;
    }
    if (t == boolean.class) {
      return Type.BOOLEAN;
    }
    if (t == String.class) {
      return Type.STRING;
    }
    if (t == List.class && c.getGenericType() instanceof ParameterizedType p) {
      java.lang.reflect.Type element = p.getActualTypeArguments()[0];
      if (element == Integer.class) {
        return Type.INT_LIST;
      }
      if (element == String.class) {
        return Type.STRING_LIST;
      }
    }
    throw new IllegalStateException(
        "@Key component "
            + c.getName()
            + " has type "
            + c.getGenericType()
            + "; keys are int, long, double, boolean, String, List<Integer> or List<String>");
  }
}
