package org.rankkit.trainer.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component of a configuration record as a documented key: its name is the component's
 * name, its {@link ConfigKey.Type type} follows from the component's Java type, and this annotation
 * gives its default and meaning. {@link RecordKeys} reads the declarations, so a key is written
 * once, where the record declares it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {

  /**
   * {@return the default, written as on the command line: {@code 1,2,4,8} for a list, the empty
   * string for an empty list or string}
   */
  String defaultValue();

  /** {@return what the key means and which values are allowed, for {@code --help}} */
  String description();
}
