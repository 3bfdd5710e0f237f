package io.tributary.runtime;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Help layout shared by the runtime's and the operator's command lines (both use picocli). */
public final class CommandHelp {
  private CommandHelp() {}

  /**
   * Makes the "Commands:" list of {@code commandLine}'s help show each sub-command's whole
   * description (or its header when it has one), wrapped. Picocli shows only the first line of a
   * multi-line description there, which cuts a sentence in the middle.
   */
  public static CommandLine fullDescriptionsInCommandList(CommandLine commandLine) {
    commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandHelp::commandList);
    return commandLine;
  }

  private static String commandList(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0);
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 2, 2, Overflow.SPAN), new Column(width - nameWidth - 2, 2, Overflow.WRAP));
    subcommands.forEach((name, subcommand) -> {
      UsageMessageSpec usage = subcommand.commandSpec().usageMessage();
      String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
      table.addRowValues(name, String.join(" ", lines).replace("%n", " "));
    });
    return table.toString();
  }
}
