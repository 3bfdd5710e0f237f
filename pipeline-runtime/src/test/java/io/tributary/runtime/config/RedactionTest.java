package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void hidesThePasswordOfAUrlAndKeepsUserAndHost() {
    assertThat(Redaction.text("redis://tributary:s3cret@redis:6379/0")).isEqualTo("redis://tributary:***@redis:6379/0");
    assertThat(Redaction.text("rediss://:s3cret@redis:6380")).isEqualTo("rediss://:***@redis:6380");
    assertThat(Redaction.text("redis://s3cret@redis")).isEqualTo("redis://***@redis");
    assertThat(Redaction.text("no url here")).isEqualTo("no url here");
    assertThat(Redaction.text("redis://redis:6379")).isEqualTo("redis://redis:6379");
  }

  @Test
  void hidesThePasswordOfAUrlNoParserAccepts() {
    String message = "Illegal character in authority at index 8: redis://u:p@ssw0rd@bad host:6379";
    assertThat(Redaction.text(message)).isEqualTo("Illegal character in authority at index 8: redis://u:***@bad host:6379");
    assertThat(Redaction.text("x redis://u:s3cret@bad host")).isEqualTo("x redis://u:***@bad host");
  }

  @Test
  void hidesJaasAndPropertyPasswords() {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cret\";";
    assertThat(Redaction.text(jaas)).doesNotContain("s3cret").contains("username=\"u\"").contains("password=***");
    assertThat(Redaction.text("password=s3cret, other=1")).isEqualTo("password=***, other=1");
  }

  @Test
  void redactsACauseChain() {
    Exception error = new IllegalStateException("cannot connect",
        new IllegalArgumentException("bad redis://:s3cret@h"));
    assertThat(Redaction.message(error)).isEqualTo(
        "IllegalStateException cannot connect: IllegalArgumentException bad redis://:***@h");
  }
}
