package io.tributary.runtime.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the user processors ({@link RecordProcessor}) on the class path with ServiceLoader. */
final class PluginRegistry {
  private PluginRegistry() {}

  /**
   * @throws IllegalStateException when two plug-ins register the same name
   */
  static Map<String, RecordProcessor> load(ClassLoader loader) {
    Map<String, RecordProcessor> byName = new HashMap<>();
    for (RecordProcessor processor : ServiceLoader.load(RecordProcessor.class, loader)) {
      RecordProcessor previous = byName.put(processor.name(), processor);
      if (previous != null) {
        throw new IllegalStateException("two plug-ins are named \"" + processor.name() + "\": "
            + previous.getClass().getName() + " and " + processor.getClass().getName());
      }
    }
    return byName;
  }
}
