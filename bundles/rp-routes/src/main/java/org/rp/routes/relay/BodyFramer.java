package org.rp.routes.relay;

import io.netty.buffer.ByteBuf;

/**
 * Finds where an HTTP/1.x message body ends without buffering it: the relay streams each chunk of bytes through
 * and asks only how many of them still belong to the body. Chunked coding is followed strictly (hex size,
 * CRLF line ends, bounded size lines and trailers), since a lax reading here is how request smuggling starts.
 */
final class BodyFramer {
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_BYTES = 16384;

    private enum State { FIXED, SIZE_LINE, DATA, DATA_CR, DATA_LF, TRAILER_LINE, UNTIL_CLOSE, DONE }

    private State state;
    private long remaining;
    private int lineLength;
    private int trailerBytes;
    private boolean sizeDigits;
    private boolean inExtension;
    private boolean sawCr;

    private BodyFramer(State state, long remaining) {
        this.state = state;
        this.remaining = remaining;
    }

    static BodyFramer fixed(long length) {
        return new BodyFramer(length == 0 ? State.DONE : State.FIXED, length);
    }

    static BodyFramer chunked() {
        return new BodyFramer(State.SIZE_LINE, 0);
    }

    /** A response body delimited by the upstream closing the connection. */
    static BodyFramer delimitedByClose() {
        return new BodyFramer(State.UNTIL_CLOSE, 0);
    }

    boolean done() {
        return state == State.DONE;
    }

    boolean untilClose() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * @return how many readable bytes of {@code buf}, from its reader index, belong to the body; the buffer is
     *         not moved. Call again with the following bytes until {@link #done()}.
     * @throws MalformedBodyException if the chunked coding is broken
     */
    int scan(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int i = start;
        while (i < end && state != State.DONE) {
            switch (state) {
                case UNTIL_CLOSE:
                    return end - start;
                case FIXED:
                case DATA: {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED ? State.DONE : State.DATA_CR;
                    }
                    break;
                }
                case DATA_CR:
                    expect(buf.getByte(i++), '\r', "chunk data not followed by CRLF");
                    state = State.DATA_LF;
                    break;
                case DATA_LF:
                    expect(buf.getByte(i++), '\n', "chunk data not followed by CRLF");
                    state = State.SIZE_LINE;
                    break;
                case SIZE_LINE:
                    sizeLine(buf.getByte(i++));
                    break;
                case TRAILER_LINE:
                    trailerLine(buf.getByte(i++));
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
        return i - start;
    }

    private void sizeLine(byte b) {
        if (++lineLength > MAX_LINE) {
            throw new MalformedBodyException("chunk size line too long");
        }
        if (sawCr) {
            expect(b, '\n', "bare CR in chunk size line");
            if (!sizeDigits) {
                throw new MalformedBodyException("chunk size missing");
            }
            state = remaining == 0 ? State.TRAILER_LINE : State.DATA;
            lineLength = 0;
            sizeDigits = false;
            inExtension = false;
            sawCr = false;
            return;
        }
        if (b == '\r') {
            sawCr = true;
        } else if (inExtension) {
            if (b == '\n' || b == 0) {
                throw new MalformedBodyException("bad byte in chunk extension");
            }
        } else if (b == ';') {
            inExtension = true;
        } else {
            int digit = Character.digit(b, 16);
            if (digit < 0 || (b & 0x80) != 0) {
                throw new MalformedBodyException("chunk size is not hexadecimal");
            }
            if (remaining > (Long.MAX_VALUE >> 4)) {
                throw new MalformedBodyException("chunk size too large");
            }
            remaining = (remaining << 4) | digit;
            sizeDigits = true;
        }
    }

    private void trailerLine(byte b) {
        if (++trailerBytes > MAX_TRAILER_BYTES) {
            throw new MalformedBodyException("trailer too long");
        }
        if (sawCr) {
            expect(b, '\n', "bare CR in trailer");
            sawCr = false;
            if (lineLength == 0) {
                state = State.DONE;
            }
            lineLength = 0;
        } else if (b == '\r') {
            sawCr = true;
        } else if (b == '\n' || b == 0) {
            throw new MalformedBodyException("bad byte in trailer");
        } else {
            lineLength++;
        }
    }

    private static void expect(byte actual, char expected, String problem) {
        if (actual != expected) {
            throw new MalformedBodyException(problem);
        }
    }

    static final class MalformedBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message, null, false, false);
        }
    }
}
