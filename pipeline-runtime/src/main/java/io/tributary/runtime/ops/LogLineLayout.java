package io.tributary.runtime.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.util.Locale;

/**
 * The layout both logback configurations name: {@link JsonLineLayout} (ECS JSON lines, the
 * default) or {@link TextLineLayout}, chosen by the {@code format} property, which the
 * configurations set from {@link LogSettings#FORMAT}. An unknown format logs a warning through
 * logback's status and writes JSON (the entry points refuse one before logging starts).
 */
public final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  private String format = "json";
  private String serviceName = "pipeline-runtime";
  private LayoutBase<ILoggingEvent> delegate;

  /** {@code json} or {@code text}, in any case; blank means json. */
  public void setFormat(String format) {
    this.format = format;
  }

  /** {@code service.name} of the JSON lines. */
  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  @Override
  public void start() {
    String chosen = format == null || format.isBlank() ? "json" : format.trim().toLowerCase(Locale.ROOT);
    if (chosen.equals("text")) {
      delegate = new TextLineLayout();
    } else {
      if (!chosen.equals("json")) {
        addWarn(LogSettings.FORMAT + "=\"" + format + "\" is not json or text; writing json");
      }
      JsonLineLayout json = new JsonLineLayout();
      json.setServiceName(serviceName);
      delegate = json;
    }
    delegate.setContext(getContext());
    delegate.start();
    super.start();
  }

  /** The layout in use, once started. */
  LayoutBase<ILoggingEvent> delegate() {
    return delegate;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return delegate.doLayout(event);
  }
}
