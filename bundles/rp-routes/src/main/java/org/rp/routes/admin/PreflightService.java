package org.rp.routes.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rp.api.Protocol;
import org.rp.api.admin.Preflight;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.CertificateUse;
import org.rp.api.route.RouteTable;
import org.rp.api.route.Rule;
import org.rp.api.route.Target;
import org.rp.api.route.ProxyProtocol;
import org.rp.routes.ConfigurationProblems;
import org.rp.routes.EventLoops;
import org.rp.routes.Failures;
import org.rp.routes.ListenerRegistry;
import org.rp.routes.config.CheckConfig;
import org.rp.routes.config.CheckSettings;
import org.rp.routes.config.InvalidConfigurationException;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.relay.UpstreamConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rp:check}: configuration applied, listeners bound, rule names resolving (to {@code public.address} when
 * set), certificates valid and covering what their listeners serve, targets reachable the way rp relays to them.
 * DNS lookups and target probes run concurrently, each bounded by {@code timeout.ms} of {@code etc/rp.check.cfg}.
 */
@Component(service = Preflight.class, configurationPid = PreflightService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CheckConfig.class)
public class PreflightService implements Preflight {
    static final String PID = "rp.check";
    private static final Logger LOG = LoggerFactory.getLogger(PreflightService.class);

    /** Looks a name up (the JDK's resolver, as the operating system sees DNS). */
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Opens a leg as the relay would; completes with what was reached, e.g. the TLS version and peer. */
    interface Prober {
        CompletableFuture<String> probe(Leg leg, int timeoutMs);
    }

    /** What rp connects to for a rule: the target, over TLS or not, with a PROXY header or not. */
    record Leg(Target target, boolean tls, ProxyProtocol proxyProtocol) {
    }

    /**
     * A listener as the checks see it: its settings, the address its socket is bound to (null: none) and why it is
     * not (null: no failure known).
     */
    record Listener(ListenerSettings settings, SocketAddress bound, String bindFailure) {
        String name() {
            return settings.name();
        }
    }

    private final Supplier<Map<String, String>> refusedConfigurations;
    private final Supplier<List<Listener>> listeners;
    private final RouteTable routeTable;
    private final CertificateUse certificateUse;
    private final Function<String, Optional<CertificateInfo>> certificates;
    private final Resolver resolver;
    private final Prober prober;
    private final Clock clock;
    /** Lookups block in the operating system, so each gets a thread; idle ones end after a minute. */
    private final ExecutorService lookups = Executors.newCachedThreadPool(new DefaultThreadFactory("rp-check", true));
    private volatile CheckSettings settings = CheckSettings.DEFAULTS;
    private ConfigurationProblems problems;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateStore store;

    @Activate
    public PreflightService(@Reference ConfigurationProblems problems, @Reference ListenerRegistry registry,
                            @Reference RouteTable routeTable, @Reference CertificateUse certificateUse,
                            @Reference EventLoops loops, Map<String, Object> properties) {
        this(problems::all,
                () -> registry.all().stream()
                        .map(l -> new Listener(l.settings(), l.boundAddress(), l.bindFailure())).toList(),
                routeTable, certificateUse, null, host -> Arrays.asList(InetAddress.getAllByName(host)),
                (leg, timeoutMs) -> probe(loops, leg, timeoutMs), Clock.systemUTC());
        this.problems = problems;
        configure(properties);
    }

    /** @param certificates by name; null: from the certificate store service */
    PreflightService(Supplier<Map<String, String>> refusedConfigurations, Supplier<List<Listener>> listeners,
                     RouteTable routeTable, CertificateUse certificateUse,
                     Function<String, Optional<CertificateInfo>> certificates, Resolver resolver, Prober prober,
                     Clock clock) {
        this.refusedConfigurations = refusedConfigurations;
        this.listeners = listeners;
        this.routeTable = routeTable;
        this.certificateUse = certificateUse;
        this.certificates = certificates != null ? certificates : this::fromStore;
        this.resolver = resolver;
        this.prober = prober;
        this.clock = clock;
    }

    @Modified
    void configure(Map<String, Object> properties) {
        try {
            settings = CheckSettings.parse(properties);
            if (problems != null) {
                problems.applied(PID);
            }
        } catch (InvalidConfigurationException e) {
            LOG.error("{}", e.getMessage());
            if (problems != null) {
                problems.refused(PID, e.getMessage() + "; the previous check settings stay in force");
            }
        }
    }

    @Deactivate
    void deactivate() {
        lookups.shutdownNow();
    }

    @Override
    public List<Result> run() {
        CheckSettings current = settings;
        List<Listener> running = listeners.get();
        List<Rule> rules = routeTable.rules();
        // the network checks start first and are collected last, so they wait for each other, not in turn
        List<CompletableFuture<Result>> names = nameChecks(rules, running, current);
        List<CompletableFuture<Result>> targets = targetChecks(rules, running, current);
        List<Result> results = new ArrayList<>();
        configurationChecks(rules, running, results);
        listenerChecks(rules, running, results);
        names.forEach(check -> results.add(check.join()));
        certificateChecks(rules, running, current, results);
        targets.forEach(check -> results.add(check.join()));
        return results;
    }

    private void configurationChecks(List<Rule> rules, List<Listener> running, List<Result> results) {
        Map<String, String> refused = refusedConfigurations.get();
        refused.forEach((pid, why) -> results.add(new Result(Status.FAIL, "config", pid, why)));
        Set<String> listenerNames = running.stream().map(Listener::name).collect(Collectors.toSet());
        int unknownListeners = 0;
        for (Rule rule : rules) {
            Set<String> missing = new TreeSet<>(rule.listeners());
            missing.removeAll(listenerNames);
            if (!missing.isEmpty()) {
                unknownListeners++;
                results.add(new Result(Status.WARN, "config", "rule " + rule.name(), "names listener(s) " + missing
                        + " that are not running; it applies on " + (missing.size() == rule.listeners().size()
                        ? "none" : "the others")));
            }
        }
        if (refused.isEmpty() && unknownListeners == 0) {
            results.add(new Result(Status.PASS, "config", "etc/rp.*.cfg", "every configuration is applied: "
                    + running.size() + " listener(s), " + rules.size() + " rule(s)"));
        }
    }

    private static void listenerChecks(List<Rule> rules, List<Listener> running, List<Result> results) {
        for (Listener listener : running) {
            ListenerSettings settings = listener.settings();
            String serves = settings.protocols().stream().map(Protocol::configName).sorted()
                    .collect(Collectors.joining(", ")) + (settings.tls() ? " over TLS" : "");
            if (listener.bound() == null) {
                results.add(new Result(Status.FAIL, "listener", listener.name(), "not bound to " + settings.bind()
                        + ":" + settings.port() + " (" + serves + "): " + (listener.bindFailure() != null
                        ? listener.bindFailure() : "karaf.log says why")));
            } else if (rules.stream().noneMatch(rule -> rule.appliesTo(listener.name()))) {
                results.add(new Result(Status.WARN, "listener", listener.name(), "bound to " + address(listener.bound())
                        + " (" + serves + "), but no rule applies to it: every connection is refused"));
            } else {
                results.add(new Result(Status.PASS, "listener", listener.name(), "bound to " + address(listener.bound())
                        + " (" + serves + ")"));
            }
        }
    }

    /**
     * Names clients connect by (HTTP hosts, TLS server names) must resolve; a domain that only appears inside LDAP,
     * H.323 or SIP messages may be reached by another name, so there a failure is a warning.
     */
    private List<CompletableFuture<Result>> nameChecks(List<Rule> rules, List<Listener> running,
                                                       CheckSettings current) {
        Map<String, Boolean> connectNames = new TreeMap<>();
        for (Rule rule : rules) {
            boolean connectName = running.stream().anyMatch(l -> rule.appliesTo(l.name()) && isConnectedByName(l));
            if (isDnsName(rule.host(), connectName)) {
                connectNames.merge(rule.host(), connectName, Boolean::logicalOr);
            }
        }
        List<CompletableFuture<Result>> checks = new ArrayList<>();
        connectNames.forEach((host, connectName) -> checks.add(CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return resolver.resolve(host);
                    } catch (UnknownHostException e) {
                        throw new CompletionException(e);
                    }
                }, lookups)
                .orTimeout(current.timeoutMs(), TimeUnit.MILLISECONDS)
                .handle((addresses, failure) -> nameResult(host, connectName, addresses, failure, current))));
        return checks;
    }

    /** Clients reach an HTTP listener, a TLS pass-through listener or a TLS listener by the rule's name. */
    private static boolean isConnectedByName(Listener listener) {
        Set<Protocol> protocols = listener.settings().protocols();
        return listener.settings().tls() || protocols.contains(Protocol.HTTP) || protocols.contains(Protocol.TLS);
    }

    private static Result nameResult(String host, boolean connectName, List<InetAddress> addresses, Throwable failure,
                                     CheckSettings current) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            String why = cause instanceof TimeoutException ? "no answer within " + current.timeoutMs() + " ms"
                    : "does not resolve (" + cause.getMessage() + ")";
            return new Result(connectName ? Status.FAIL : Status.WARN, "dns", host, why
                    + (connectName ? "" : "; it names a domain inside LDAP, H.323 or SIP messages only"));
        }
        String found = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
        if (current.publicAddresses().isEmpty()) {
            return new Result(Status.PASS, "dns", host, "resolves to " + found);
        }
        if (addresses.stream().anyMatch(current.publicAddresses()::contains)) {
            return new Result(Status.PASS, "dns", host, "resolves to " + found + ", the public address");
        }
        return new Result(Status.WARN, "dns", host, "resolves to " + found + ", not to the public address "
                + current.publicAddresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "))
                + " (if rp sees internal DNS, check from outside)");
    }

    /**
     * Rule hosts that are DNS names: not a default, wildcard or IP literal, nor a number; a name without a dot only
     * where clients connect by it ({@code localhost}, an intranet name), since elsewhere it is a gatekeeper identifier.
     */
    static boolean isDnsName(String host, boolean connectName) {
        return !host.equals("*") && !host.startsWith("*.") && (connectName || host.indexOf('.') > 0)
                && !NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)
                && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private void certificateChecks(List<Rule> rules, List<Listener> running, CheckSettings current,
                                   List<Result> results) {
        // which certificates are presented, and to whom: TLS listeners, and targets that ask for a client certificate
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Listener listener : running) {
            if (listener.settings().tls()) {
                uses.computeIfAbsent(listener.settings().certificate(), c -> new TreeSet<>())
                        .add("listener " + listener.name());
            }
        }
        for (Rule rule : rules) {
            if (rule.target().clientCertificate() != null) {
                uses.computeIfAbsent(rule.target().clientCertificate(), c -> new TreeSet<>())
                        .add("rule " + rule.name());
            }
        }
        Instant now = clock.instant();
        uses.forEach((name, users) -> {
            String subject = name + " (" + String.join(", ", users) + ")";
            Optional<CertificateInfo> found = certificates.apply(name);
            if (found.isEmpty() || found.get().chainLength() == 0) {
                results.add(new Result(Status.FAIL, "certificate", subject, found.isEmpty()
                        ? "not in the store (rp:cert-list shows what is)"
                        : "only a signing request so far: install the CA's answer with rp:cert-install"));
                return;
            }
            CertificateInfo info = found.get();
            results.add(validity(info, now, current.certificateWarnDays(), subject));
            if (users.stream().anyMatch(user -> user.startsWith("listener "))) {
                List<String> uncovered = certificateUse.uncoveredNames(name);
                if (uncovered.isEmpty()) {
                    results.add(new Result(Status.PASS, "certificate", subject,
                            "covers every name its listeners serve"));
                }
                uncovered.forEach(line -> results.add(new Result(Status.FAIL, "certificate", subject,
                        "does not cover " + line)));
            }
            results.add(info.selfSigned()
                    ? new Result(Status.WARN, "certificate", subject, "self-signed: only clients that pin it trust it"
                            + " (rp:cert-csr makes a request for a CA)")
                    : new Result(Status.PASS, "certificate", subject, "issued by " + info.issuer()));
        });
    }

    private static Result validity(CertificateInfo info, Instant now, int warnDays, String subject) {
        String until = info.notAfter().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        long daysLeft = Duration.between(now, info.notAfter()).toDays();
        if (now.isBefore(info.notBefore())) {
            return new Result(Status.FAIL, "certificate", subject, "not valid before " + info.notBefore());
        }
        if (!now.isBefore(info.notAfter())) {
            return new Result(Status.FAIL, "certificate", subject, "expired on " + until);
        }
        if (info.expiresWithin(Duration.ofDays(warnDays), now)) {
            return new Result(Status.WARN, "certificate", subject,
                    "expires on " + until + ", in " + daysLeft + " day(s)");
        }
        return new Result(Status.PASS, "certificate", subject, "valid until " + until + " (" + daysLeft + " days)");
    }

    /** One probe per distinct leg: host, port, TLS or not, and what TLS presents and verifies. */
    private List<CompletableFuture<Result>> targetChecks(List<Rule> rules, List<Listener> running,
                                                         CheckSettings current) {
        Map<Leg, Set<String>> legs = new LinkedHashMap<>();
        for (Rule rule : rules) {
            Set<Boolean> overTls = new TreeSet<>();
            running.stream().filter(l -> rule.appliesTo(l.name()))
                    .forEach(l -> overTls.add(UpstreamConnector.tlsTowards(rule.target(), l.settings().tls())));
            if (overTls.isEmpty()) {
                overTls.add(UpstreamConnector.tlsTowards(rule.target(), false));
            }
            for (boolean tls : overTls) {
                legs.computeIfAbsent(new Leg(rule.target(), tls, rule.proxyProtocol()), l -> new TreeSet<>())
                        .add(rule.name());
            }
        }
        List<CompletableFuture<Result>> checks = new ArrayList<>();
        legs.forEach((leg, ruleNames) -> {
            Target target = leg.target();
            String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
            String subject = host + ":" + (leg.tls() ? target.tlsPort() + " tls" : target.port() + " tcp")
                    + " (rule" + (ruleNames.size() > 1 ? "s " : " ") + String.join(", ", ruleNames) + ")";
            checks.add(prober.probe(leg, current.timeoutMs())
                    .orTimeout(2L * current.timeoutMs(), TimeUnit.MILLISECONDS)
                    .handle((reached, failure) -> {
                        if (failure != null) {
                            return new Result(Status.FAIL, "target", subject, "unreachable: " + rootMessage(failure));
                        }
                        if (leg.tls() && !target.verify()) {
                            return new Result(Status.WARN, "target", subject, reached
                                    + "; its certificate is NOT verified (target.verify = false)");
                        }
                        return new Result(Status.PASS, "target", subject, reached);
                    }));
        });
        return checks;
    }

    private static CompletableFuture<String> probe(EventLoops loops, Leg leg, int timeoutMs) {
        CompletableFuture<String> reached = new CompletableFuture<>();
        io.netty.util.concurrent.Future<Channel> probe = loops.upstreams().probe(loops.workers().next(),
                leg.target(), leg.proxyProtocol(), leg.tls(), timeoutMs);
        probe.addListener(f -> {
            if (!f.isSuccess()) {
                reached.completeExceptionally(f.cause());
                return;
            }
            Channel upstream = probe.getNow();
            try {
                reached.complete(describe(upstream, leg.target()));
            } finally {
                upstream.close();
            }
        });
        return reached;
    }

    private static String describe(Channel upstream, Target target) {
        SslHandler tls = upstream.pipeline().get(SslHandler.class);
        if (tls == null) {
            return "TCP connect to " + address(upstream.remoteAddress());
        }
        SSLSession session = tls.engine().getSession();
        String peer;
        try {
            Certificate[] chain = session.getPeerCertificates();
            peer = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            peer = "no certificate";
        }
        return "TLS handshake with " + address(upstream.remoteAddress()) + ": " + session.getProtocol() + ", " + peer
                + (target.verify() ? ", certificate and name verified" : "")
                + (target.clientCertificate() != null ? ", client certificate " + target.clientCertificate() : "");
    }

    private Optional<CertificateInfo> fromStore(String name) {
        CertificateStore current = store;
        return current == null ? Optional.empty() : current.info(name);
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static String rootMessage(Throwable failure) {
        return Failures.rootCause(failure) instanceof TimeoutException ? "no answer in time"
                : Failures.rootMessage(failure);
    }
}
