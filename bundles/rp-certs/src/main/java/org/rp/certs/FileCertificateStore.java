package org.rp.certs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.KeyType;
import org.rp.api.cert.KeyedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate store over one directory (see {@link StoreDirectory} for the files). What is in the files is
 * loaded once and then kept as an immutable snapshot that every change replaces after its files are written, so
 * that reads never touch the disk or wait for a change.
 */
public class FileCertificateStore implements CertificateStore {
    /** testssl flagged 825 days plus the hour of backdating as too long for Apple's clients. */
    static final int DEFAULT_DAYS = DEFAULT_VALIDITY_DAYS;
    private static final int MAX_DAYS = 3650;
    private static final Logger LOG = LoggerFactory.getLogger(FileCertificateStore.class);

    private final StoreDirectory directory;
    private final String defaultCommonName;
    private volatile Map<String, Entry> entries;
    private volatile Map<String, X509Certificate> anchors;
    private volatile long revision;

    /**
     * Loads what the directory holds and, when there is no certificate {@code default}, generates a self-signed
     * one so that TLS listeners work on first start.
     *
     * @param defaultCommonName the CN of that certificate and of requests that name none
     */
    public FileCertificateStore(Path directory, String defaultCommonName) {
        this.directory = new StoreDirectory(directory);
        this.defaultCommonName = defaultCommonName;
        this.entries = loadEntries();
        this.anchors = loadAnchors();
        // a default whose files exist but do not load is reported by loadEntries and left for the operator
        if (!Files.exists(this.directory.chainFile(DEFAULT_NAME))) {
            change("generate", DEFAULT_NAME, () -> selfSigned(DEFAULT_NAME, KeyType.DEFAULT, defaultCommonName,
                    List.of(), List.of(), DEFAULT_DAYS));
            LOG.info("Certificate '{}' in {} is self-signed, made on first start so that TLS listeners work; replace"
                    + " it with one from a CA (rp:cert-import {} <file>)", DEFAULT_NAME, this.directory.root(),
                    DEFAULT_NAME);
        }
    }

    @Override
    public List<CertificateInfo> list() {
        return entries.values().stream().map(Entry::info).toList();
    }

    @Override
    public Optional<CertificateInfo> info(String name) {
        return entry(name).map(Entry::info);
    }

    @Override
    public Optional<KeyedCertificate> keyed(String name) {
        return entry(name).map(Entry::keyed);
    }

    @Override
    public CertificateInfo generateSelfSigned(String name, KeyType type, String commonName, List<String> dnsNames,
                                              List<String> ipAddresses, int days) {
        return change("generate", name, () -> selfSigned(name, type, commonName, dnsNames, ipAddresses, days));
    }

    @Override
    public String createCsr(String name, KeyType type, String commonName, List<String> dnsNames,
                            List<String> ipAddresses) {
        return change("request", name, () -> {
            Identities identities = identities(commonName, dnsNames, ipAddresses);
            KeyPair keys = Keys.generate(type == null ? KeyType.DEFAULT : type);
            PKCS10CertificationRequest request = Issuing.request(keys, identities);
            directory.writeSecret(directory.pendingFile(name), Pem.keyAndRequest(keys.getPrivate(), request));
            Entry old = entries.get(name);
            publish(new Entry(name, old == null ? null : old.keyed(), new Pending(keys.getPrivate(), request)));
            LOG.info("Created a signing request for '{}' (CN {}, DNS {}, IP {}); the certificate of that name, if"
                            + " any, serves until the CA's answer is installed", name, identities.commonName(),
                    identities.dnsNames(), identities.ipAddresses());
            return Pem.request(request);
        });
    }

    @Override
    public CertificateInfo install(String name, byte[] pemChain) {
        return change("install", name, () -> {
            Entry old = entries.get(name);
            if (old == null || old.pending() == null) {
                throw new CertificateProblem("there is no pending signing request; create one first, or import the"
                        + " certificate together with its key");
            }
            Material answer = Credentials.readCertificates(pemChain, "the CA's answer (the certificate and its"
                    + " issuers)");
            X509Certificate[] chain = Chains.forKey(old.pending().key(), answer.certificates(),
                    "the pending request's key", "the answer is for another (perhaps an older) request; give the"
                            + " answer to the latest one or create a new request", Instant.now());
            return putCertificate(name, old.pending().key(), chain, "installed from the CA's answer");
        });
    }

    @Override
    public CertificateInfo importCertificate(String name, byte[] content, char[] password) {
        return change("import", name, () -> {
            Material material = Credentials.read(content, password);
            PrivateKey key = material.requireOneKey();
            X509Certificate[] chain = Chains.forKey(key, material.certificates(), "the private key",
                    "give the certificate issued for that key", Instant.now());
            return putCertificate(name, key, chain, "imported");
        });
    }

    @Override
    public String exportChain(String name) {
        Optional<Entry> entry = entry(name);
        String pendingOnly = entry.isPresent() ? " yet (only a pending request); install the CA's answer first" : "";
        return entry.map(Entry::keyed).map(keyed -> Pem.certificates(keyed.chain())).orElseThrow(() ->
                new CertificateProblem("export '" + name + "': there is no certificate of that name" + pendingOnly));
    }

    @Override
    public void remove(String name) {
        change("remove", name, () -> {
            if (name.equals(DEFAULT_NAME)) {
                throw new CertificateProblem("the default certificate serves clients without SNI and cannot be"
                        + " removed; replace it by importing or generating one named default");
            }
            if (!entries.containsKey(name)) {
                throw new CertificateProblem("there is no certificate or request of that name");
            }
            // the chain first: without it, a leftover key is never used
            directory.delete(directory.chainFile(name));
            directory.delete(directory.keyFile(name));
            directory.delete(directory.pendingFile(name));
            entries = replaced(entries, name, null);
            revision++;
            LOG.info("Removed certificate '{}'", name);
            return null;
        });
    }

    @Override
    public CertificateInfo trust(String name, byte[] pem) {
        return change("trust", name, () -> {
            List<X509Certificate> certificates = Credentials.readCertificates(pem, "the CA's certificate")
                    .certificates();
            if (certificates.size() != 1) {
                throw new CertificateProblem("it holds " + certificates.size() + " certificates; trust one"
                        + " certificate per name");
            }
            X509Certificate anchor = certificates.get(0);
            Chains.requireUnexpired(anchor, Instant.now(), "trust its successor");
            directory.writePublic(directory.trustFile(name), Pem.certificates(anchor));
            anchors = replaced(anchors, name, anchor);
            revision++;
            CertificateInfo info = Infos.ofChain(name, new X509Certificate[]{anchor}, false);
            LOG.info("Trusting '{}': {} (SHA-256 {})", name, info.subject(), info.sha256Fingerprint());
            return info;
        });
    }

    @Override
    public void untrust(String name) {
        change("untrust", name, () -> {
            if (!anchors.containsKey(name)) {
                throw new CertificateProblem("there is no trust anchor of that name");
            }
            directory.delete(directory.trustFile(name));
            anchors = replaced(anchors, name, null);
            revision++;
            LOG.info("No longer trusting '{}'", name);
            return null;
        });
    }

    @Override
    public List<CertificateInfo> trusted() {
        return anchors.entrySet().stream()
                .map(anchor -> Infos.ofChain(anchor.getKey(), new X509Certificate[]{anchor.getValue()}, false))
                .toList();
    }

    @Override
    public List<X509Certificate> trustAnchors() {
        return List.copyOf(anchors.values());
    }

    @Override
    public long revision() {
        return revision;
    }

    private Optional<Entry> entry(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(entries.get(name));
    }

    /**
     * Runs one change with the store locked; a refusal names the operation and the name. Checks that the name is
     * allowed first.
     */
    private synchronized <T> T change(String operation, String name, Supplier<T> work) {
        try {
            StoreDirectory.checkName(name);
            return work.get();
        } catch (CertificateProblem e) {
            // one line, whatever a library put into the reason
            String reason = e.getMessage().replaceAll("\\s+", " ");
            throw new CertificateProblem(operation + " '" + name + "': " + reason, e);
        }
    }

    private CertificateInfo selfSigned(String name, KeyType type, String commonName, List<String> dnsNames,
                                       List<String> ipAddresses, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new CertificateProblem("validity of " + days + " days is not allowed; give 1 to " + MAX_DAYS
                    + " days");
        }
        Identities identities = identities(commonName, dnsNames, ipAddresses);
        KeyPair keys = Keys.generate(type == null ? KeyType.DEFAULT : type);
        X509Certificate certificate = Issuing.selfSigned(keys, identities, days, Instant.now());
        return putCertificate(name, keys.getPrivate(), new X509Certificate[]{certificate}, "generated");
    }

    private Identities identities(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return Identities.of(commonName == null || commonName.isBlank() ? defaultCommonName : commonName, dnsNames,
                ipAddresses);
    }

    /**
     * Writes a new key and chain for a name: the key is staged first, then the chain is written, then the key is
     * renamed into place, so that after a crash {@link #loadEntry} finds a key that belongs to the chain. A pending
     * request stays unless this is its answer.
     */
    private CertificateInfo putCertificate(String name, PrivateKey key, X509Certificate[] chain, String what) {
        Path stagedKey = directory.stageSecret(directory.keyFile(name), Pem.privateKey(key));
        directory.writePublic(directory.chainFile(name), Pem.certificates(chain));
        directory.commit(stagedKey, directory.keyFile(name));
        Entry old = entries.get(name);
        Pending pending = old == null ? null : old.pending();
        if (pending != null && pending.key().equals(key)) {
            directory.delete(directory.pendingFile(name));
            pending = null;
        }
        Entry entry = publish(new Entry(name, new KeyedCertificate(key, chain), pending));
        CertificateInfo info = entry.info();
        LOG.info("Certificate '{}' {}: {} ({}, valid until {}, SHA-256 {})", name, what, info.subject(),
                info.keyType(), info.notAfter(), info.sha256Fingerprint());
        return info;
    }

    /** Every change counts up the revision after its content is in place: who sees the new number sees the change. */
    private Entry publish(Entry entry) {
        entries = replaced(entries, entry.name(), entry);
        revision++;
        return entry;
    }

    /** @return a new snapshot: the map with the name set to the value, or without it for null */
    private static <V> Map<String, V> replaced(Map<String, V> snapshot, String name, V value) {
        Map<String, V> next = new TreeMap<>(snapshot);
        if (value == null) {
            next.remove(name);
        } else {
            next.put(name, value);
        }
        return next;
    }

    private Map<String, Entry> loadEntries() {
        Map<String, Entry> loaded = new TreeMap<>();
        for (String name : directory.certificateNames()) {
            try {
                loaded.put(name, loadEntry(name));
            } catch (CertificateProblem e) {
                LOG.error("Certificate '{}' in {} is not used: {}", name, directory.root(), e.getMessage());
            }
        }
        return loaded;
    }

    /** Reads one name's files, finishing a change that a crash interrupted between them. */
    private Entry loadEntry(String name) {
        Pending pending = null;
        Path pendingFile = directory.pendingFile(name);
        if (Files.exists(pendingFile)) {
            directory.makeOwnerOnly(pendingFile);
            Material material = Pem.read(directory.read(pendingFile), null);
            if (material.keys().size() != 1 || material.requests().size() != 1) {
                throw new CertificateProblem(pendingFile + " must hold one key and one request; remove it and"
                        + " create a new request");
            }
            pending = new Pending(material.keys().get(0), material.requests().get(0));
        }
        Path chainFile = directory.chainFile(name);
        if (!Files.exists(chainFile)) {
            return new Entry(name, null, pending);
        }
        List<X509Certificate> certificates = Pem.read(directory.read(chainFile), null).certificates();
        if (certificates.isEmpty()) {
            throw new CertificateProblem(chainFile + " holds no certificate; import the certificate again");
        }
        X509Certificate[] chain = Chains.order(certificates.get(0), certificates);
        PrivateKey key = null;
        for (Path keyFile : new Path[]{directory.keyFile(name), directory.stagedKeyFile(name)}) {
            if (key == null && Files.exists(keyFile)) {
                directory.makeOwnerOnly(keyFile);
                List<PrivateKey> keys = Pem.read(directory.read(keyFile), null).keys();
                if (keys.size() == 1 && Keys.belongTogether(keys.get(0), chain[0].getPublicKey())) {
                    key = keys.get(0);
                    if (keyFile.equals(directory.stagedKeyFile(name))) {
                        directory.commit(keyFile, directory.keyFile(name));
                        LOG.warn("Certificate '{}': finished a change that was interrupted", name);
                    }
                }
            }
        }
        if (key == null) {
            throw new CertificateProblem("the key in " + directory.keyFile(name) + " does not belong to the"
                    + " certificate in " + chainFile + "; import the certificate with its key again");
        }
        if (pending != null && Keys.belongTogether(pending.key(), chain[0].getPublicKey())) {
            // the request was answered; only removing it was left undone
            directory.delete(pendingFile);
            pending = null;
        }
        return new Entry(name, new KeyedCertificate(key, chain), pending);
    }

    private Map<String, X509Certificate> loadAnchors() {
        Map<String, X509Certificate> loaded = new TreeMap<>();
        for (String name : directory.trustNames()) {
            try {
                List<X509Certificate> certificates = Pem.read(directory.read(directory.trustFile(name)), null)
                        .certificates();
                if (certificates.size() != 1) {
                    throw new CertificateProblem("the file must hold exactly one certificate; trust it again");
                }
                loaded.put(name, certificates.get(0));
            } catch (CertificateProblem e) {
                LOG.error("Trust anchor '{}' in {} is not used: {}", name, directory.root(), e.getMessage());
            }
        }
        return loaded;
    }

    /** A signing request waiting for the CA's answer, with the key the answer must carry. */
    private record Pending(PrivateKey key, PKCS10CertificationRequest request) {
    }

    /** One name: its certificate with key, its pending request, or both. */
    private record Entry(String name, KeyedCertificate keyed, Pending pending, CertificateInfo info) {
        Entry(String name, KeyedCertificate keyed, Pending pending) {
            this(name, keyed, pending, keyed != null ? Infos.ofChain(name, keyed.chain(), pending != null)
                    : Infos.ofRequest(name, pending.request()));
        }
    }
}
