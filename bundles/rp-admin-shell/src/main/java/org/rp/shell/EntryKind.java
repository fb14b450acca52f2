package org.rp.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rp.api.admin.Setup;
import org.rp.api.admin.Setup.Entry;

/**
 * Listeners and rules, which the commands treat alike: settings are given as {@code key=value} with the keys of the
 * files, and shown in a table whose columns are those keys (an empty cell is the key's default).
 */
enum EntryKind {
    LISTENER("listener", "https port=443 protocols=http tls=true", List.of("port", "bind", "protocols", "tls"),
            Setup::listeners, Setup::putListener, Setup::changeListener, Setup::removeListener),
    RULE("rule", "pbx-web host=pbx.example.com target.host=192.168.0.10 target.port=80",
            List.of("host", "listeners", "paths", "target.host", "target.port", "target.tls.port"),
            Setup::rules, Setup::putRule, Setup::changeRule, Setup::removeRule);

    /** A call that writes: put or change. */
    interface Write {
        Entry apply(Setup setup, String name, Map<String, String> settings);
    }

    /** A call that removes. */
    interface Remove {
        boolean apply(Setup setup, String name);
    }

    final String kind;
    /** A name and settings of a valid one, for messages and help. */
    final String example;
    private final List<String> columns;
    private final Function<Setup, List<Entry>> list;
    private final Write put;
    private final Write change;
    private final Remove remove;

    EntryKind(String kind, String example, List<String> columns, Function<Setup, List<Entry>> list, Write put,
              Write change, Remove remove) {
        this.kind = kind;
        this.example = example;
        this.columns = columns;
        this.list = list;
        this.put = put;
        this.change = change;
        this.remove = remove;
    }

    List<Entry> list(Setup setup) {
        return list.apply(setup);
    }

    /** Makes a new one; an existing name is refused, so that a typo never replaces a working one. */
    void add(Setup setup, String name, List<String> settings) throws CommandException {
        if (name == null) {
            throw new CommandException("give a name and key=value settings, e.g. rp:" + kind + "-add " + example);
        }
        if (list(setup).stream().anyMatch(entry -> entry.name().equals(name))) {
            throw new CommandException(kind + " '" + name + "' exists; change it with rp:" + kind + "-set " + name
                    + " key=value, or remove it first with rp:" + kind + "-remove " + name);
        }
        print(List.of(put.apply(setup, name, settings(settings, "add"))), true);
    }

    void set(Setup setup, String name, List<String> settings) throws CommandException {
        if (settings == null || settings.isEmpty()) {
            throw new CommandException("give the settings to change as key=value (key= removes one), e.g. rp:"
                    + kind + "-set " + example);
        }
        print(List.of(change.apply(setup, name, settings(settings, "set"))), true);
    }

    void remove(Setup setup, String name) throws CommandException {
        if (!remove.apply(setup, name)) {
            throw new CommandException("there is no " + kind + " '" + name + "' (rp:" + kind + "-list shows them)");
        }
        System.out.println("Removed " + kind + " " + name);
    }

    /** @param format false: tab-separated, no header, for scripts */
    void print(List<Entry> entries, boolean format) {
        ShellTable table = new ShellTable().emptyTableText("no " + kind + "s");
        table.column("name");
        columns.forEach(table::column);
        table.column("other settings");
        for (Entry entry : entries) {
            Map<String, String> others = new TreeMap<>(entry.properties());
            Row row = table.addRow();
            row.addContent(entry.name());
            columns.forEach(key -> row.addContent(others.getOrDefault(key, "")));
            others.keySet().removeAll(columns);
            row.addContent(String.join(" ", others.entrySet().stream()
                    .map(setting -> setting.getKey() + "=" + setting.getValue()).toList()));
        }
        table.print(System.out, format);
    }

    /** @param command {@code add} or {@code set}, for the example in a refusal */
    private Map<String, String> settings(List<String> settings, String command) throws CommandException {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String setting : settings == null ? List.<String>of() : settings) {
            int equals = setting.indexOf('=');
            if (equals <= 0 || parsed.put(setting.substring(0, equals).trim(), setting.substring(equals + 1)) != null) {
                throw new CommandException("'" + setting + "' is not a key=value setting, or its key comes twice;"
                        + " give each as key=value, e.g. rp:" + kind + "-" + command + " " + example);
            }
        }
        return parsed;
    }
}
