package org.rankkit.api.plugin;

import com.google.inject.Binding;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every plugin factory found on a class path, by kind and id.
 *
 * <p>{@link #discover(ClassLoader)} loads each {@link RankKitPlugin} listed in {@code
 * META-INF/services}, checks ids (kebab-case, no duplicates among plugins nor among the factories
 * of one kind, naming both providers), and builds one Guice injector from all plugin modules, from
 * which it reads the kinds (those of {@code api} plus every kind a plugin declares, see {@link
 * PluginBindings}) and each kind's factories. Every kind gets the same checks and errors, whichever
 * module defines it. Discovery only instantiates plugin modules and runs their passive {@code
 * configure}; it has no other side effects. Instances are immutable and thread-safe.
 */
public final class PluginRegistry {

  private record Entry(PluginFactory<?> factory, RankKitPlugin plugin) {}

  private final Map<PluginKind<?>, Map<String, Entry>> entries;
  private final List<RankKitPlugin> plugins;

  private PluginRegistry(List<RankKitPlugin> plugins, Map<PluginKind<?>, Map<String, Entry>> e) {
    this.plugins = List.copyOf(plugins);
    this.entries = e;
  }

  /**
   * Discovers the plugins visible to the thread's context class loader (or this class's loader).
   *
   * @return the registry
   * @throws PluginException on a duplicate or malformed id or a provider that fails to load
   */
  public static PluginRegistry discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return discover(loader != null ? loader : PluginRegistry.class.getClassLoader());
  }

  /**
   * Discovers the plugins that a class loader's {@code META-INF/services} lists.
   *
   * @param loader where to look
   * @return the registry
   * @throws PluginException on a duplicate or malformed id or a provider that fails to load
   */
  public static PluginRegistry discover(ClassLoader loader) {
    List<RankKitPlugin> found = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<RankKitPlugin> p :
          ServiceLoader.load(RankKitPlugin.class, loader).stream().toList()) {
        found.add(p.get());
      }
    } catch (ServiceConfigurationError e) {
      throw new PluginException("a plugin listed in META-INF/services failed to load: " + e, e);
    }
    return of(found);
  }

  /**
   * Builds a registry from explicit plugin modules (tests, embedding applications).
   *
   * @param plugins the plugins
   * @return the registry
   * @throws PluginException on a duplicate or malformed id
   */
  public static PluginRegistry of(Collection<? extends RankKitPlugin> plugins) {
    Map<String, RankKitPlugin> byId = new LinkedHashMap<>();
    for (RankKitPlugin plugin : plugins) {
      String id = plugin.id();
      try {
        RecordPluginFactory.requireKebabCase(id);
      } catch (IllegalArgumentException e) {
        throw new PluginException(
            "plugin " + describe(plugin) + " has an invalid id: " + e.getMessage(), e);
      }
      RankKitPlugin other = byId.putIfAbsent(id, plugin);
      if (other != null) {
        throw new PluginException(
            "duplicate plugin id '"
                + id
                + "': provided by "
                + describe(other)
                + " and by "
                + describe(plugin));
      }
    }
    // Which plugin bound which factory instance: read from each module's recorded elements
    // (this only runs the passive configure methods; nothing is instantiated).
    // The injector is built from these same recorded elements, so each configure runs once.
    Map<Object, RankKitPlugin> providers = new IdentityHashMap<>();
    List<Element> elements = new ArrayList<>();
    for (RankKitPlugin plugin : byId.values()) {
      for (Element element : Elements.getElements(Stage.DEVELOPMENT, plugin)) {
        if (element instanceof InstanceBinding<?> binding) {
          providers.putIfAbsent(binding.getInstance(), plugin);
        }
        elements.add(element);
      }
    }
    // the kinds api defines are always listed, even with no factory (and with no plugin at all)
    elements.addAll(
        Elements.getElements(
            Stage.DEVELOPMENT,
            binder -> {
              for (PluginKind<?> kind : PluginKind.core()) {
                PluginBindings.kind(binder, kind);
              }
            }));
    Injector injector;
    try {
      injector = Guice.createInjector(Stage.DEVELOPMENT, Elements.getModule(elements));
    } catch (CreationException e) {
      throw new PluginException("plugins could not be wired: " + e.getMessage(), e);
    }
    Map<PluginKind<?>, Map<String, Entry>> entries = new LinkedHashMap<>();
    for (PluginKind<?> kind : kinds(injector, providers)) {
      Map<String, Entry> ofKind = new TreeMap<>();
      for (Binding<? extends PluginFactory<?>> binding : bindingsOf(injector, kind)) {
        PluginFactory<?> factory = binding.getProvider().get();
        RankKitPlugin plugin = providers.get(factory);
        if (!kind.equals(factory.kind())) {
          throw new PluginException(
              "factory '"
                  + factory.id()
                  + "' of "
                  + describe(plugin)
                  + " is bound as a "
                  + kind
                  + " but says it is a "
                  + factory.kind());
        }
        Entry previous = ofKind.putIfAbsent(factory.id(), new Entry(factory, plugin));
        if (previous != null) {
          throw new PluginException(
              "duplicate "
                  + kind
                  + " id '"
                  + factory.id()
                  + "': provided by "
                  + describe(previous.plugin())
                  + " and by "
                  + describe(plugin));
        }
      }
      entries.put(kind, Collections.unmodifiableMap(ofKind));
    }
    return new PluginRegistry(new ArrayList<>(byId.values()), entries);
  }

  /**
   * The declared kinds: api's own first, then the others by name. Two kinds with one name and
   * different types are an error naming both declaring plugins.
   */
  private static List<PluginKind<?>> kinds(
      Injector injector, Map<Object, RankKitPlugin> providers) {
    Set<PluginKind<?>> declared =
        injector.getInstance(Key.get(new TypeLiteral<Set<PluginKind<?>>>() {}));
    Map<String, PluginKind<?>> byName = new TreeMap<>();
    for (PluginKind<?> kind : declared) {
      PluginKind<?> other = byName.putIfAbsent(kind.name(), kind);
      if (other != null) {
        throw new PluginException(
            "plugin kind '"
                + kind.name()
                + "' is defined twice with different types: "
                + other.type().getName()
                + " by "
                + describe(providers.get(other))
                + " and "
                + kind.type().getName()
                + " by "
                + describe(providers.get(kind))
                + "; a kind needs one type, give the other kind another name");
      }
    }
    List<PluginKind<?>> ordered = new ArrayList<>(PluginKind.core());
    byName.values().stream().filter(k -> !ordered.contains(k)).forEach(ordered::add);
    return ordered;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Binding<? extends PluginFactory<?>>> bindingsOf(
      Injector injector, PluginKind<?> kind) {
    return (List) injector.findBindingsByType(kind.factoryType());
  }

  /**
   * Returns the factory of a kind with an id.
   *
   * @param kind the kind
   * @param id the id
   * @param <T> created type
   * @return the factory
   * @throws PluginException when no such factory exists; the message lists the ids that exist
   */
  @SuppressWarnings("unchecked")
  public <T> PluginFactory<T> factory(PluginKind<T> kind, String id) {
    Entry entry = entries.getOrDefault(kind, Map.of()).get(id);
    if (entry == null) {
      throw new PluginException(
          "unknown "
              + kind
              + " '"
              + id
              + "'; known "
              + kind
              + " ids: "
              + (ids(kind).isEmpty() ? "(none)" : String.join(", ", ids(kind))));
    }
    return (PluginFactory<T>) entry.factory();
  }

  /**
   * Creates a configured plugin instance.
   *
   * @param kind the kind
   * @param id the id
   * @param parameters parameters (absent ones take defaults)
   * @param <T> created type
   * @return the instance
   * @throws PluginException for an unknown id
   * @throws IllegalArgumentException for unknown parameters or invalid values
   */
  public <T> T create(PluginKind<T> kind, String id, Map<String, ?> parameters) {
    return factory(kind, id).create(parameters);
  }

  /**
   * Returns the ids of a kind, sorted.
   *
   * @param kind the kind
   * @return the ids (empty for a kind that no plugin declares)
   */
  public List<String> ids(PluginKind<?> kind) {
    return List.copyOf(entries.getOrDefault(kind, Map.of()).keySet());
  }

  /**
   * {@return every kind the plugins declare: {@code loss}, {@code augmentation}, {@code
   * batch-strategy}, then the others (e.g. {@code dataset}, {@code metric}) by name}
   */
  public List<PluginKind<?>> kinds() {
    return List.copyOf(entries.keySet());
  }

  /** {@return the discovered plugin modules, in discovery order (unmodifiable)} */
  public List<RankKitPlugin> plugins() {
    return plugins;
  }

  /** {@return every factory, by kind then id} */
  public List<PluginDescriptor> describe() {
    List<PluginDescriptor> out = new ArrayList<>();
    for (Map.Entry<PluginKind<?>, Map<String, Entry>> byKind : entries.entrySet()) {
      for (Entry e : byKind.getValue().values()) {
        out.add(
            new PluginDescriptor(
                byKind.getKey().name(),
                e.factory().id(),
                e.factory().defaults(),
                source(e.plugin() != null ? e.plugin().getClass() : e.factory().getClass()),
                e.plugin() != null ? e.plugin().id() : "?",
                e.factory().description()));
      }
    }
    return out;
  }

  /**
   * Returns where a class was loaded from: the jar's file name, or the class directory.
   *
   * @param type the class
   * @return a short description of its code source
   */
  public static String source(Class<?> type) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    URL location = cs == null ? null : cs.getLocation();
    if (location == null) {
      return "(unknown)";
    }
    try {
      Path path = Path.of(location.toURI());
      String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
      return name.endsWith(".jar") ? name : path.toString();
    } catch (Exception e) {
      return location.toString();
    }
  }

  private static String describe(RankKitPlugin plugin) {
    if (plugin == null) {
      return "(unknown plugin)";
    }
    return "plugin '"
        + plugin.id()
        + "' ("
        + plugin.getClass().getName()
        + " from "
        + source(plugin.getClass())
        + ")";
  }
}
