package org.rp.api.cert;

/**
 * Why the certificate store refused a request, as one line for the operator: which input, what is wrong and what
 * to do. When it is thrown, the store is unchanged.
 */
public final class CertificateProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CertificateProblem(String message) {
        super(message);
    }

    /** @param cause kept for the log; the message alone must tell the operator what to do */
    public CertificateProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
