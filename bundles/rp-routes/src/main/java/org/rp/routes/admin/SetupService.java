package org.rp.routes.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rp.api.Protocol;
import org.rp.api.admin.Setup;
import org.rp.api.route.RouteTable;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.config.RuleParser;

/**
 * Listeners and rules as files in Karaf's {@code etc/}, where the file installer hands them to ConfigAdmin and so
 * to the listeners and the route table: a change made here is the same as an operator's edit, and survives a
 * restart. Validated with the parsers that apply the files, so that what is written is what will be applied.
 */
@Component(service = Setup.class)
public class SetupService implements Setup {
    private final ConfigFiles listeners;
    private final ConfigFiles rules;
    private final RouteTable routeTable;

    @Activate
    public SetupService(@Reference RouteTable routeTable, @Reference ConfigurationAdmin configurationAdmin) {
        this(etc(), routeTable, new ConfigAdminSync(configurationAdmin));
    }

    SetupService(Path etc, RouteTable routeTable, ConfigSync sync) {
        this.listeners = new ConfigFiles(etc, "listener", "https port=443 protocols=http tls=true",
                ListenerSettings::parse, sync);
        this.rules = new ConfigFiles(etc, "rule",
                "pbx-web host=pbx.example.com target.host=192.168.0.10 target.port=80",
                RuleParser::parse, sync);
        this.routeTable = routeTable;
    }

    private static Path etc() {
        String etc = System.getProperty("karaf.etc");
        if (etc == null || !Files.isDirectory(Path.of(etc))) {
            throw new IllegalStateException("karaf.etc (" + etc + ") is not a directory: rp runs in Karaf");
        }
        return Path.of(etc);
    }

    @Override
    public List<Entry> listeners() {
        return listeners.entries();
    }

    @Override
    public List<Entry> rules() {
        return rules.entries();
    }

    @Override
    public Entry putListener(String name, Map<String, String> properties) {
        return listeners.put(name, properties);
    }

    @Override
    public Entry changeListener(String name, Map<String, String> changes) {
        return listeners.change(name, changes);
    }

    @Override
    public boolean removeListener(String name) {
        return listeners.remove(name);
    }

    @Override
    public List<Entry> addStandardListeners(PortSet ports, String bind) {
        List<Entry> set = new ArrayList<>();
        for (StandardListener standard : StandardListener.values()) {
            set.add(new Entry(standard.listenerName, standard.properties(ports, bind)));
        }
        return listeners.create(set);
    }

    @Override
    public Entry putRule(String name, Map<String, String> properties) {
        return rules.put(name, properties);
    }

    @Override
    public Entry changeRule(String name, Map<String, String> changes) {
        return rules.change(name, changes);
    }

    @Override
    public boolean removeRule(String name) {
        return rules.remove(name);
    }

    @Override
    public List<Entry> presetPbx(String dnsName, String pbxAddress, boolean sip) {
        return rules.create(Presets.pbx(dnsName, pbxAddress, sip));
    }

    @Override
    public List<Entry> presetAp(String dnsName, String apAddress) {
        return rules.create(Presets.ap(dnsName, apAddress));
    }

    @Override
    public RuleTest testRule(String listener, String host, String path) {
        Entry entry = listeners.find(listener).orElseThrow(() -> new IllegalArgumentException("there is no listener '"
                + listener + "' (rp:listener-list shows them), e.g. rp:rule-test http pbx.example.com /PBX0/APPS/"));
        return DryRun.decide(routeTable, ListenerSettings.parse(listener, entry.properties()), host, path);
    }

    /** Listeners whose file is refused are left out: they are not running either. */
    @Override
    public List<PortMapping> portMap() {
        List<PortMapping> map = new ArrayList<>();
        for (Entry entry : listeners.entries()) {
            try {
                map.add(mapping(ListenerSettings.parse(entry.name(), entry.properties())));
            } catch (IllegalArgumentException refused) {
                // RpConfigurations logs why
            }
        }
        map.sort(Comparator.comparingInt(PortMapping::publicPort).thenComparing(PortMapping::listener));
        return map;
    }

    /**
     * A listener of one protocol offers that protocol's standard service (TLS pass-through: HTTPS's port, where
     * browsers knock); one of several protocols is reached on whatever public port the operator forwards to it, so
     * its own port is the best guess.
     */
    private static PortMapping mapping(ListenerSettings listener) {
        List<String> services = new ArrayList<>();
        List<Integer> publicPorts = new ArrayList<>();
        for (Protocol protocol : EnumSet.copyOf(listener.protocols())) {
            if (protocol == Protocol.TLS) {
                services.add("TLS pass-through");
                publicPorts.add(StandardListener.HTTPS.publicPort);
            } else {
                StandardListener standard = StandardListener.serving(protocol, listener.tls()).orElseThrow();
                services.add(standard.service);
                publicPorts.add(standard.publicPort);
            }
        }
        return new PortMapping(listener.name(), String.join("+", services),
                publicPorts.size() == 1 ? publicPorts.get(0) : listener.port(), listener.bind(), listener.port());
    }
}
