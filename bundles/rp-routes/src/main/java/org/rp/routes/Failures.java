package org.rp.routes;

/** Failures arrive wrapped (by Netty, Camel, CompletableFuture); the innermost one says what happened. */
public final class Failures {
    private Failures() {
    }

    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** @return the innermost failure's message, or its kind when it has none */
    public static String rootMessage(Throwable failure) {
        Throwable root = rootCause(failure);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
