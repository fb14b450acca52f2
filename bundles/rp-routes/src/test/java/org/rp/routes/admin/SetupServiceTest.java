package org.rp.routes.admin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rp.api.admin.Setup.Entry;
import org.rp.api.admin.Setup.PortMapping;
import org.rp.api.admin.Setup.PortSet;
import org.rp.api.admin.Setup.RuleTest;
import org.rp.routes.RouteTableFixture;
import org.rp.routes.RouteTableService;
import org.rp.routes.config.RuleParser;

public class SetupServiceTest {
    private static final String HEADER = "# Written by rp (rp:listener-add, rp:listener-set, rp:preset); the keys are"
            + " described in README.md\n";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path etc;
    private SetupService setup;
    /** What ConfigAdmin was told, as "written pid file {properties}" and "deleted file". */
    private final List<String> synced = new ArrayList<>();
    /** Deletes files and records what ConfigAdmin would be told. */
    private final ConfigSync sync = new ConfigSync() {
        @Override
        public void written(Path file, String pid, Map<String, String> properties) {
            synced.add("written " + pid + " " + file.getFileName() + " " + new TreeMap<>(properties));
        }

        /** No ConfigAdmin here: the files are all there is. */
        @Override
        public Optional<Map<String, String>> inForce(Path file) {
            return Optional.empty();
        }

        @Override
        public void delete(Path file) {
            synced.add("deleted " + file.getFileName());
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    };

    @Before
    public void emptyEtc() {
        etc = folder.getRoot().toPath();
        setup = new SetupService(etc, RouteTableFixture.of(List.of()), sync);
    }

    @Test
    public void writesSortedKeysUnderAHeaderAndNoTemporaryFile() throws IOException {
        Entry https = setup.putListener("https", Map.of("tls", "true", "protocols", "http", "port", " 443 "));
        assertEquals(Map.of("port", "443", "protocols", "http", "tls", "true"), https.properties());
        assertEquals(HEADER + "port = 443\nprotocols = http\ntls = true\n", read("rp.listener~https.cfg"));
        assertEquals(List.of("rp.listener~https.cfg"), files());
        assertEquals(List.of(https), setup.listeners());
    }

    @Test
    public void configAdminLearnsOfEveryWrittenAndRemovedFileAtOnce() throws IOException {
        setup.putListener("h323-tls", Map.of("port", "1300", "protocols", "h323", "tls", "true"));
        Files.writeString(etc.resolve("rp.rule-from-alias.cfg"), "host = ap.example.com\ntarget.host = 10.0.0.2\n"
                + "target.port = 80\n");
        setup.changeRule("from-alias", Map.of("target.port", "8080"));
        setup.removeListener("h323-tls");
        assertEquals(List.of(
                "written rp.listener~h323-tls rp.listener~h323-tls.cfg {port=1300, protocols=h323, tls=true}",
                "written rp.rule~from-alias rp.rule-from-alias.cfg {host=ap.example.com, target.host=10.0.0.2,"
                        + " target.port=8080}",
                "deleted rp.listener~h323-tls.cfg"), synced);
    }

    @Test
    public void valuesReadBackAsWritten() {
        setup.putRule("odd", Map.of("host", "pbx.example.com", "target.host", "192.168.0.10", "target.port", "80",
                "paths", "/caf\u00e9/, /a=b:c/"));
        assertEquals("/caf\u00e9/, /a=b:c/", setup.rules().get(0).properties().get("paths"));
    }

    @Test
    public void refusedChangeSaysWhyInOneLineAndLeavesTheFileAlone() throws IOException {
        setup.putListener("http", Map.of("port", "8080", "protocols", "http"));
        String before = read("rp.listener~http.cfg");
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> setup.changeListener("http", Map.of("port", "80x8", "protocols", "gopher")));
        assertEquals("listener http: port = 80x8 is not a whole number (e.g. port = 1); protocols: unknown protocol"
                + " 'gopher' (one of http, tls, ldap, h323, sip); protocols is required (e.g. protocols = http, or"
                + " protocols = http, ldap, h323, sip)", badPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> setup.changeListener("http", Map.of("colour", "blue")));
        IllegalArgumentException framework = assertThrows(IllegalArgumentException.class,
                () -> setup.changeListener("http", Map.of("felix.fileinstall.filename", "/etc/passwd")));
        assertTrue(framework.getMessage(), framework.getMessage().contains("belongs to ConfigAdmin"));
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> setup.putListener("HTTP", Map.of("port", "8080", "protocols", "http")));
        assertTrue(badName.getMessage(), badName.getMessage().startsWith("listener name 'HTTP' is not allowed"));
        assertEquals(before, read("rp.listener~http.cfg"));
        assertEquals(List.of("rp.listener~http.cfg"), files());
    }

    /**
     * The lock is the file installer's: a file the user running Karaf cannot write. For root every file is
     * writable, to the installer as well, so there the change goes through.
     */
    @Test
    public void aFileItsOwnerMadeReadOnlyIsNeitherChangedNorRemoved() throws IOException {
        setup.putListener("http", Map.of("port", "8080", "protocols", "http"));
        Path file = etc.resolve("rp.listener~http.cfg");
        String before = read("rp.listener~http.cfg");
        synced.clear();
        assertTrue(file.toFile().setWritable(false));
        if (Files.isWritable(file)) {
            assertEquals("8081", setup.changeListener("http", Map.of("port", "8081")).properties().get("port"));
            return;
        }
        IllegalArgumentException change = assertThrows(IllegalArgumentException.class,
                () -> setup.changeListener("http", Map.of("port", "8081")));
        assertEquals(file + " is read-only, which locks that listener; nothing was changed (make the file writable"
                + " to change it here)", change.getMessage());
        assertThrows(IllegalArgumentException.class, () -> setup.removeListener("http"));
        assertEquals(before, read("rp.listener~http.cfg"));
        assertEquals(List.of(), synced);
        assertTrue(file.toFile().setWritable(true));
        assertEquals("8081", setup.changeListener("http", Map.of("port", "8081")).properties().get("port"));
    }

    @Test
    public void changeKeepsOtherKeysAndAnEmptyValueRemovesOne() {
        setup.putListener("http", Map.of("port", "8080", "protocols", "http", "bind", "127.0.0.1"));
        Entry changed = setup.changeListener("http", Map.of("port", "8081", "bind", ""));
        assertEquals(Map.of("port", "8081", "protocols", "http"), changed.properties());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> setup.changeRule("nothing", Map.of("target.port", "81")));
        assertTrue(missing.getMessage(), missing.getMessage().startsWith("there is no rule 'nothing'"));
    }

    @Test
    public void removeDeletesTheFile() {
        setup.putRule("pbx-web", Map.of("host", "pbx.example.com", "target.host", "192.168.0.10", "target.port", "80"));
        assertTrue(setup.removeRule("pbx-web"));
        assertFalse(setup.removeRule("pbx-web"));
        assertEquals(List.of(), files());
    }

    @Test
    public void readsTheFileInstallersBothSpellingsAndChangesTheFileItCameFrom() throws IOException {
        Files.writeString(etc.resolve("rp.rule-from-alias.cfg"), "host = ap.example.com\ntarget.host = 10.0.0.2\n"
                + "target.port = 80\n");
        Files.writeString(etc.resolve("rp.listener~h323-tls.cfg"), "port=1300\nprotocols=h323\ntls=true\n");
        Files.writeString(etc.resolve("rp.blacklist.cfg"), "static = 198.51.100.0/24\n");
        assertEquals(List.of("from-alias"), setup.rules().stream().map(Entry::name).toList());
        assertEquals(List.of("h323-tls"), setup.listeners().stream().map(Entry::name).toList());

        setup.changeRule("from-alias", Map.of("target.port", "8080"));
        assertTrue(read("rp.rule-from-alias.cfg").contains("target.port = 8080\n"));
        assertFalse(Files.exists(etc.resolve("rp.rule~from-alias.cfg")));
    }

    @Test
    public void standardListenersInBothPortSetsAndNothingWrittenOverADifferentOne() throws IOException {
        List<Entry> standard = setup.addStandardListeners(PortSet.STANDARD, null);
        assertEquals(List.of("http", "https", "ldap", "ldaps", "h323", "h323-tls", "sip", "sip-tls"),
                standard.stream().map(Entry::name).toList());
        assertEquals(HEADER + "port = 1300\nprotocols = h323\ntls = true\n", read("rp.listener~h323-tls.cfg"));
        assertEquals(HEADER + "port = 5060\nprotocols = sip\n", read("rp.listener~sip.cfg"));
        // the same set again changes nothing and is no error
        assertEquals(standard, setup.addStandardListeners(PortSet.STANDARD, null));

        Map<String, String> before = contents();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> setup.addStandardListeners(PortSet.SHARED_BOX, "127.0.0.1"));
        assertEquals("listeners http, https, ldap, ldaps, h323, h323-tls, sip, sip-tls exist with other settings;"
                + " nothing was written (remove first: rp:listener-remove http)", refused.getMessage());
        assertEquals(before, contents());

        standard.forEach(listener -> setup.removeListener(listener.name()));
        setup.addStandardListeners(PortSet.SHARED_BOX, "::");
        assertEquals(HEADER + "bind = ::\nport = 453\nprotocols = http\ntls = true\n", read("rp.listener~https.cfg"));
        Map<String, String> ports = new TreeMap<>();
        setup.listeners().forEach(listener -> ports.put(listener.name(), listener.properties().get("port")));
        assertEquals(Map.of("http", "90", "https", "453", "ldap", "399", "ldaps", "646", "h323", "1730",
                "h323-tls", "1310", "sip", "5070", "sip-tls", "5071"), ports);
    }

    @Test
    public void pbxPresetMakesWebLdapH323AndSipRules() {
        List<Entry> rules = setup.presetPbx("pbx.example.com", "192.168.0.10", true);
        assertEquals(List.of("pbx-web", "pbx-ldap", "pbx-h323", "pbx-sip"), rules.stream().map(Entry::name).toList());
        assertEquals(Map.of("host", "pbx.example.com", "listeners", "http, https",
                "paths", "/PBX0/APPCLIENT/, /PBX0/APPS/, /PBX0/session, /OAUTH2/oauth2_login",
                "target.host", "192.168.0.10", "target.port", "80", "target.tls.port", "443"),
                rules.get(0).properties());
        assertEquals(Map.of("host", "pbx.example.com", "listeners", "ldap, ldaps", "target.host", "192.168.0.10",
                "target.port", "389", "target.tls.port", "636"), rules.get(1).properties());
        assertEquals(Map.of("host", "pbx.example.com", "listeners", "h323, h323-tls", "target.host", "192.168.0.10",
                "target.port", "1720", "target.tls.port", "1300"), rules.get(2).properties());
        assertEquals(Map.of("host", "pbx.example.com", "listeners", "sip, sip-tls", "target.host", "192.168.0.10",
                "target.port", "5060", "target.tls.port", "5061"), rules.get(3).properties());
        assertEquals(Set.copyOf(rules), Set.copyOf(setup.rules()));
    }

    @Test
    public void apPresetAllowsTheWholeHost() {
        assertEquals(List.of(new Entry("ap-web", Map.of("host", "apps.example.com", "listeners", "http, https",
                "paths", "/", "target.host", "192.168.0.11", "target.port", "80", "target.tls.port", "443"))),
                setup.presetAp("apps.example.com", "192.168.0.11"));
    }

    @Test
    public void presetWithABadNameWritesNothing() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> setup.presetPbx("pbx example", "192.168.0.10", false));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("rule pbx-web: host: 'pbx example' is not"));
        assertThrows(IllegalArgumentException.class, () -> setup.presetAp("apps.example.com", null));
        assertEquals(List.of(), files());
    }

    @Test
    public void presetDoesNotOverwriteAChangedRule() {
        setup.presetPbx("pbx.example.com", "192.168.0.10", false);
        setup.changeRule("pbx-web", Map.of("target.port", "8080"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> setup.presetPbx("pbx.example.com", "192.168.0.10", true));
        assertEquals("rule pbx-web exists with other settings; nothing was written (remove first:"
                + " rp:rule-remove pbx-web)", refused.getMessage());
        assertTrue(setup.rules().stream().noneMatch(rule -> rule.name().equals("pbx-sip")));
    }

    @Test
    public void portMapGivesPublicPortServiceAndRpSocketPerListener() throws IOException {
        setup.addStandardListeners(PortSet.SHARED_BOX, "10.0.0.5");
        setup.putListener("edge", Map.of("port", "8443", "protocols", "http, ldap, sip", "tls", "true"));
        setup.putListener("passthrough", Map.of("port", "4443", "protocols", "tls"));
        // an operator's typo: refused when applied, so not on the map
        Files.writeString(etc.resolve("rp.listener~broken.cfg"), "port = none\nprotocols = http\n");
        assertEquals(List.of(
                new PortMapping("http", "HTTP", 80, "10.0.0.5", 90),
                new PortMapping("ldap", "LDAP", 389, "10.0.0.5", 399),
                new PortMapping("https", "HTTPS", 443, "10.0.0.5", 453),
                new PortMapping("passthrough", "TLS pass-through", 443, "0.0.0.0", 4443),
                new PortMapping("ldaps", "LDAPS", 636, "10.0.0.5", 646),
                new PortMapping("h323-tls", "H.323/TLS", 1300, "10.0.0.5", 1310),
                new PortMapping("h323", "H.323", 1720, "10.0.0.5", 1730),
                new PortMapping("sip", "SIP", 5060, "10.0.0.5", 5070),
                new PortMapping("sip-tls", "SIP/TLS", 5061, "10.0.0.5", 5071),
                new PortMapping("edge", "HTTPS+LDAPS+SIP/TLS", 8443, "0.0.0.0", 8443)), setup.portMap());
    }

    @Test
    public void ruleTestAllowsAndSaysWhichHostAndPrefixMatched() {
        SetupService withRules = standardListenersAndPbxRules();
        RuleTest apps = withRules.testRule("http", "PBX.example.com", "/PBX0/APPS/websocket");
        assertEquals(new RuleTest(true, "pbx-web", null, "rule pbx-web on listener http: host pbx.example.com"
                + " matches exactly, path prefix /PBX0/APPS/ matches /PBX0/APPS/websocket"), apps);
        assertEquals("rule pbx-web on listener https: host pbx.example.com matches exactly, path prefix /PBX0/session"
                + " matches /PBX0/session/2fa", withRules.testRule("https", "pbx.example.com", "/PBX0/session/2fa")
                .explanation());
        assertEquals(new RuleTest(true, "pbx-h323", null, "rule pbx-h323 on listener h323-tls: host pbx.example.com"
                + " matches exactly"), withRules.testRule("h323-tls", "pbx.example.com", null));
        assertEquals(new RuleTest(true, "wild", null, "rule wild on listener http: host *.example.org matches"
                + " 'a.b.example.org', path prefix / matches /"), withRules.testRule("http", "a.b.example.org", null));
    }

    @Test
    public void ruleTestRejectsAndSaysWhy() {
        SetupService withRules = standardListenersAndPbxRules();
        assertEquals(new RuleTest(false, null, "unknown_host", "no rule for 'other.example.com' on listener http"),
                withRules.testRule("http", "other.example.com", "/"));
        assertEquals(new RuleTest(false, null, "path_not_allowed", "rule pbx-web allows /PBX0/APPCLIENT/,"
                + " /PBX0/APPS/, /PBX0/session, /OAUTH2/oauth2_login, not /admin"),
                withRules.testRule("http", "pbx.example.com", "/admin"));
        assertEquals("no rule for 'pbx.example.com' on listener sip; it is allowed on other listeners by pbx-h323"
                + " (listeners = h323, h323-tls), pbx-ldap (listeners = ldap, ldaps), pbx-web (listeners = http,"
                + " https)", withRules.testRule("sip", "pbx.example.com", null).explanation());
        RuleTest noRule = withRules.testRule("sip", "x.example.com", null);
        assertFalse(noRule.allowed());
        assertNull(noRule.rule());
    }

    @Test
    public void ruleTestRefusesAnUnknownListenerAndAPathWhereNoHttpIsSpoken() {
        SetupService withRules = standardListenersAndPbxRules();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> withRules.testRule("htp", "pbx.example.com", "/"));
        assertTrue(unknown.getMessage(), unknown.getMessage().startsWith("there is no listener 'htp'"));
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> withRules.testRule("ldap", "pbx.example.com", "/"));
        assertTrue(path.getMessage(), path.getMessage().startsWith("listener ldap does not speak HTTP"));
        assertThrows(IllegalArgumentException.class, () -> withRules.testRule("http", " ", "/"));
        assertThrows(IllegalArgumentException.class, () -> withRules.testRule("http", "pbx.example.com", "admin"));
    }

    /** The standard listeners and the PBX preset written by the service, and a route table with those rules. */
    private SetupService standardListenersAndPbxRules() {
        setup.addStandardListeners(PortSet.STANDARD, null);
        setup.presetPbx("pbx.example.com", "192.168.0.10", false);
        setup.putRule("wild", Map.of("host", "*.example.org", "listeners", "http", "target.host", "192.168.0.12",
                "target.port", "80"));
        RouteTableService table = RouteTableFixture.of(setup.rules().stream()
                .map(rule -> RuleParser.parse(rule.name(), rule.properties())).toList());
        return new SetupService(etc, table, sync);
    }

    private String read(String file) throws IOException {
        return Files.readString(etc.resolve(file), StandardCharsets.ISO_8859_1);
    }

    private List<String> files() {
        try (Stream<Path> files = Files.list(etc)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> contents() throws IOException {
        Map<String, String> contents = new TreeMap<>();
        for (String file : files()) {
            contents.put(file, read(file));
        }
        return contents;
    }
}
