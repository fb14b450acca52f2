package org.rp.sniffers.h323;

import java.nio.ByteBuffer;

import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * Decodes a {@code RasMessage} (H.225.0 RAS, PER ALIGNED) that registers an endpoint: a gatekeeperRequest (GRQ)
 * or registrationRequest (RRQ), up to its gatekeeperIdentifier and aliases (GRQ {@code endpointAlias}, RRQ
 * {@code terminalAlias}). Over TCP it arrives tunnelled in an H.460.17 Facility; over UDP (port 1719) it is the
 * whole datagram, which {@link #decodeDatagram(ByteBuffer)} reads.
 */
final class RasMessageDecoder {
    private static final String[] MESSAGES = {"gatekeeperRequest", "gatekeeperConfirm", "gatekeeperReject",
        "registrationRequest", "registrationConfirm", "registrationReject", "unregistrationRequest",
        "unregistrationConfirm", "unregistrationReject", "admissionRequest", "admissionConfirm", "admissionReject",
        "bandwidthRequest", "bandwidthConfirm", "bandwidthReject", "disengageRequest", "disengageConfirm",
        "disengageReject", "locationRequest", "locationConfirm", "locationReject", "infoRequest",
        "infoRequestResponse", "nonStandardMessage", "unknownMessageResponse"};
    private static final int GATEKEEPER_REQUEST = 0;
    private static final int REGISTRATION_REQUEST = 3;
    private static final String EXPECTED = ", expected gatekeeperRequest or registrationRequest";

    private RasMessageDecoder() {
    }

    /**
     * @param datagram a whole RAS datagram between its position and limit
     * @return a match with {@code h323.ras}, the gatekeeper identifier (as the host) and the aliases, or a reject
     */
    static SniffResult decodeDatagram(ByteBuffer datagram) {
        PerReader in = new PerReader(datagram, datagram.position(), datagram.limit(), datagram.limit());
        Findings found = new Findings(datagram);
        decode(in, found);
        if (in.failed()) {
            return SniffResult.reject(RejectReason.MALFORMED, in.problem());
        }
        Facts.Builder facts = Facts.builder(Protocol.H323);
        found.addRasFacts(facts);
        found.addAliasAttributes(facts);
        return SniffResult.match(facts.build());
    }

    static void decode(PerReader in, Findings found) {
        in.section("RasMessage");
        if (in.bit()) {
            int addition = in.normallySmall();
            in.fail("RAS message is extension alternative " + addition + EXPECTED);
            return;
        }
        int message = in.bits(5);
        if (message == GATEKEEPER_REQUEST) {
            gatekeeperRequest(in, found);
        } else if (message == REGISTRATION_REQUEST) {
            registrationRequest(in, found);
        } else {
            in.fail("RAS message is " + (message < MESSAGES.length ? MESSAGES[message] : "choice " + message)
                    + EXPECTED);
        }
    }

    private static void gatekeeperRequest(PerReader in, Findings found) {
        found.rasKind("grq");
        in.section("RAS gatekeeperRequest");
        // extension bit: the additions follow endpointAlias, where reading stops
        in.bit();
        int present = in.bits(4);
        requestSeqNumAndProtocol(in, (present & 0x08) != 0);
        in.section("RAS gatekeeperRequest rasAddress");
        H225Types.transportAddress(in);
        in.section("RAS gatekeeperRequest endpointType");
        H225Types.endpointType(in);
        if ((present & 0x04) != 0) {
            in.section("RAS gatekeeperRequest gatekeeperIdentifier");
            H225Types.gatekeeperIdentifier(in, found);
        }
        if ((present & 0x02) != 0) {
            in.section("RAS gatekeeperRequest callServices");
            H225Types.qseriesOptions(in);
        }
        if ((present & 0x01) != 0) {
            in.section("RAS gatekeeperRequest endpointAlias");
            found.aliasRole(true, false);
            H225Types.aliasAddresses(in, found);
        }
    }

    private static void registrationRequest(PerReader in, Findings found) {
        found.rasKind("rrq");
        in.section("RAS registrationRequest");
        // extension bit: the additions follow endpointVendor, after gatekeeperIdentifier where reading stops
        in.bit();
        int present = in.bits(3);
        requestSeqNumAndProtocol(in, (present & 0x04) != 0);
        // discoveryComplete
        in.bit();
        in.section("RAS registrationRequest callSignalAddress");
        H225Types.transportAddresses(in);
        in.section("RAS registrationRequest rasAddress");
        H225Types.transportAddresses(in);
        in.section("RAS registrationRequest terminalType");
        H225Types.endpointType(in);
        if ((present & 0x02) != 0) {
            in.section("RAS registrationRequest terminalAlias");
            found.aliasRole(true, false);
            H225Types.aliasAddresses(in, found);
        }
        if ((present & 0x01) != 0) {
            in.section("RAS registrationRequest gatekeeperIdentifier");
            H225Types.gatekeeperIdentifier(in, found);
        }
    }

    /** requestSeqNum INTEGER(1..65535), protocolIdentifier, nonStandardData: the start of both requests. */
    private static void requestSeqNumAndProtocol(PerReader in, boolean hasNonStandardData) {
        in.constrained(65535);
        H225Types.protocolIdentifier(in);
        if (hasNonStandardData) {
            H225Types.nonStandardParameter(in);
        }
    }
}
