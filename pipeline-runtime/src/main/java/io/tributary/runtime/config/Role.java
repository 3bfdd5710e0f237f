package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The three things the runtime image can be: the value of {@code role} and the section it reads. */
public enum Role {
  PRODUCER,
  WORKER,
  ETL;

  /** The JSON spelling, also the name of the config section and the command-line word. */
  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the accepted values when {@code value} is none of them
   */
  @JsonCreator
  public static Role fromJson(String value) {
    return Arrays.stream(values())
        .filter(role -> role.jsonName().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "\"" + value + "\" is not a role (use producer, worker or etl)"));
  }

  @Override
  public String toString() {
    return jsonName();
  }
}
